import { createRequire } from "node:module";

/** GraphQL and GraphQL Codegen as `pnpm generate` uses them (graphql-modules.cjs). */
export interface GraphqlModules {
  graphql: typeof import("graphql");
  validateSDL: typeof import("graphql/validation/validate.js").validateSDL;
  codegen: typeof import("@graphql-codegen/core");
  typescript: typeof import("@graphql-codegen/typescript");
  typescriptOperations: typeof import("@graphql-codegen/typescript-operations");
  typedDocumentNode: typeof import("@graphql-codegen/typed-document-node");
}

let modules: GraphqlModules | undefined;

/**
 * Loaded on first use (a run over OpenAPI vendors never pays for them), through require: their
 * CommonJS builds load in half the time of their ES modules, and one `graphql` serves the schema
 * built from the SDL and GraphQL Codegen alike, whatever resolves ES imports (Node picks its
 * CommonJS files, Vite in tests its .mjs twins): a schema built by one instance is refused by
 * another. In the generate bin's bundle, "./graphql-modules.cjs" is its bundle of them: one
 * file instead of hundreds of modules found and read one by one.
 */
export const graphqlModules = (): GraphqlModules => (modules ??= createRequire(import.meta.url)("./graphql-modules.cjs") as GraphqlModules);
