import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { DocumentNode, GraphQLError, GraphQLSchema } from "graphql";
import { CliError } from "../lib/errors.ts";
import { graphqlModules } from "../lib/graphql-modules.ts";
import type { SourceEntry } from "../lib/sources.ts";

async function findDocuments(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "generated" && entry.name !== "node_modules") found.push(...(await findDocuments(path)));
    else if (entry.isFile() && /\.(graphql|gql)$/.test(entry.name)) found.push(path);
  }
  return found.sort();
}

const locate = (file: string, errors: readonly GraphQLError[]) =>
  errors.map((e) => `  - ${file}${e.locations?.[0] ? `:${e.locations[0].line}:${e.locations[0].column}` : ""}: ${e.message}`).join("\n");

/**
 * Schema types (`<name>.ts`), plus typed operations (TypedDocumentNode, `<name>.operations.ts`)
 * for every .graphql document under the package's src/. Documents are validated against the schema first, so a query that no longer
 * fits a new schema fails here with its file and line, not later at run time.
 */
export async function generateGraphqlTypes(
  entry: SourceEntry,
  schema: GraphQLSchema,
  schemaDocument: DocumentNode,
  packageSrc: string,
  root: string,
): Promise<{ schemaTypes: string; operations?: string }> {
  const { graphql, codegen: core, typescript, typescriptOperations, typedDocumentNode } = graphqlModules();
  const { codegen } = core;
  const { parse, validate } = graphql;
  const documents = [];
  for (const file of await findDocuments(packageSrc)) {
    const label = relative(root, file);
    let document: DocumentNode;
    try {
      document = parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new CliError(`${label} is not valid GraphQL:\n${locate(label, [error as GraphQLError])}`);
    }
    const errors = validate(schema, document);
    if (errors.length) throw new CliError(`${label} does not fit specs/${entry.file}:\n${locate(label, errors)}`);
    documents.push({ location: label, document });
  }
  const scalars = entry.codegen?.scalars ?? {};
  const config = {
    scalars,
    // A scalar the schema adds without a mapping in the vendor's sources.json fails loudly instead of becoming `any`.
    strictScalars: true,
    enumsAsTypes: true,
    useTypeImports: true,
    skipTypename: false,
    nonOptionalTypename: false,
    avoidOptionals: false,
  };
  try {
    const common = {
      schema: schemaDocument,
      schemaAst: schema,
      config,
      pluginMap: { typescript, typescriptOperations, typedDocumentNode },
    };
    // Schema types and operation types go to separate files: typescript-operations (v6) emits the
    // input types and scalars it needs itself, which would clash with the schema plugin's.
    const schemaTypes = await codegen({ ...common, documents: [], filename: `${entry.name}.ts`, plugins: [{ typescript: {} }] });
    const operations = documents.length
      ? await codegen({
          ...common,
          documents,
          filename: `${entry.name}.operations.ts`,
          plugins: [{ typescriptOperations: {} }, { typedDocumentNode: {} }],
        })
      : undefined;
    return { schemaTypes, ...(operations !== undefined ? { operations } : {}) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(
      `GraphQL codegen for specs/${entry.file} failed: ${message}${/scalar/i.test(message) ? ` (map every custom scalar in specs/${entry.vendor}/sources.json → codegen.scalars)` : ""}`,
    );
  }
}
