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
 * A graphql-codegen config that types your own Nexar queries: put them in .graphql files and
 *
 *   // codegen.ts
 *   import { nexarCodegenConfig } from "@vendor-clients/nexar/codegen";
 *   export default nexarCodegenConfig({ documents: "src/**\/*.graphql", output: "src/nexar.generated.ts" });
 *
 * then `npx graphql-codegen` (with @graphql-codegen/cli, typescript-operations and
 * typed-document-node installed). Pass the generated documents to `client.request`.
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
