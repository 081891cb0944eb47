import { fileURLToPath } from "node:url";

/** The Nexar schema this package was generated from (shipped as @vendor-clients/nexar/schema.graphql). */
export const nexarSchemaPath = fileURLToPath(new URL("./schema.graphql", import.meta.url));

/** Nexar's custom scalars as TypeScript types, the same mapping the package uses. */
export const nexarScalars = {
  Long: "number",
  Decimal: "number",
  DateTime: "string",
  Map: "Record<string, unknown>",
  Any: "unknown",
  MultiplierPath: "string",
} as const;

/**
 * A graphql-codegen config that types your own Nexar queries with the typescript-operations and
 * typed-document-node plugins: put them in .graphql files and
 *
 *   // codegen.ts
 *   import { nexarCodegenConfig } from "@vendor-clients/nexar/codegen";
 *   export default nexarCodegenConfig({ documents: "src/**\/*.graphql", output: "src/nexar.generated.ts" });
 *
 * then `npx graphql-codegen` (with @graphql-codegen/cli, @graphql-codegen/typescript-operations
 * and @graphql-codegen/typed-document-node installed). Pass the generated documents
 * (`import { LifecycleDocument } from "./nexar.generated.js"`) to `client.request`.
 */
export function nexarCodegenConfig(options: { documents: string | string[]; output: string }) {
  return {
    schema: nexarSchemaPath,
    documents: options.documents,
    generates: {
      [options.output]: {
        plugins: ["typescript-operations", "typed-document-node"],
        config: { scalars: nexarScalars, strictScalars: true, enumsAsTypes: true, useTypeImports: true },
      },
    },
  };
}

/**
 * The same for GraphQL Codegen's `client` preset (@graphql-codegen/client-preset): a folder with
 * a typed `graphql()` for queries written inline in .ts files, and a `…Document` per operation.
 * Its imports end in `.js` (`emitLegacyCommonJSImports: false`), so the output compiles under
 * `module: nodenext` as well as under a bundler.
 *
 *   // codegen.ts
 *   import { nexarClientPresetConfig } from "@vendor-clients/nexar/codegen";
 *   export default nexarClientPresetConfig({ documents: ["src/**\/*.ts", "!src/gql/**"], output: "src/gql/" });
 */
export function nexarClientPresetConfig(options: { documents: string | string[]; output: string }) {
  if (typeof options?.output !== "string" || !options.output.endsWith("/"))
    throw new TypeError(
      `nexarClientPresetConfig: option "output" must be a folder ending in "/" (the client preset writes several files), e.g. "src/gql/"; got ${JSON.stringify(options?.output)}`,
    );
  return {
    schema: nexarSchemaPath,
    documents: options.documents,
    // A run over sources without a query yet is not an error: the preset still writes graphql().
    ignoreNoDocuments: true,
    generates: {
      [options.output]: {
        preset: "client",
        config: {
          scalars: nexarScalars,
          strictScalars: true,
          enumType: "string-literal",
          useTypeImports: true,
          emitLegacyCommonJSImports: false,
        },
      },
    },
  };
}
