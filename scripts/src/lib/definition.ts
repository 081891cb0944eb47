import { constants } from "node:fs";
import { access, readFile } from "node:fs/promises";
import type { DocumentNode, GraphQLError, GraphQLSchema } from "graphql";
import { CliError, errorMessage } from "./errors.ts";
import { graphqlModules } from "./graphql-modules.ts";
import { loadOpenApi, type OpenApiDocument } from "./openapi.ts";
import type { DefinitionFormat } from "./sources.ts";

/** A GraphQL definition comes with its text and its parsed document too: codegen reads both, and need not parse the text again. */
export type LoadedDefinition =
  | { kind: "openapi"; document: OpenApiDocument }
  | { kind: "graphql"; schema: GraphQLSchema; sdl: string; document: DocumentNode };

const located = (label: string, errors: readonly GraphQLError[]) =>
  errors
    .slice(0, 10)
    .map((e) => `  - ${label}${e.locations?.[0] ? `:${e.locations[0].line}:${e.locations[0].column}` : ""}: ${e.message}`)
    .join("\n");

/** Parses and validates a GraphQL SDL file; every error names the file, line and column. */
export function buildGraphqlSchema(sdl: string, label: string): { schema: GraphQLSchema; document: DocumentNode } {
  const { graphql, validateSDL } = graphqlModules();
  const { buildASTSchema, parse, validateSchema } = graphql;
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch (error) {
    throw new CliError(`${label} is not valid GraphQL SDL:\n${located(label, [error as GraphQLError])}`);
  }
  const sdlErrors = validateSDL(document);
  if (sdlErrors.length)
    throw new CliError(`${label} is not a valid GraphQL schema (${sdlErrors.length} errors):\n${located(label, sdlErrors)}`);
  const schema = buildASTSchema(document, { assumeValidSDL: true });
  const schemaErrors = validateSchema(schema);
  if (schemaErrors.length) throw new CliError(`${label} is not a valid GraphQL schema:\n${located(label, schemaErrors)}`);
  return { schema, document };
}

/** Loads a definition file of any supported format, validated; OpenAPI is bundled and Swagger 2.0 converted to 3.0. */
export async function loadDefinition(path: string, format: DefinitionFormat, label: string): Promise<LoadedDefinition> {
  const unreadable = (error: unknown) =>
    new CliError(
      `cannot read ${label}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file (run `pnpm specs pull` for upstream definitions)" : errorMessage(error)}`,
    );
  if (format === "graphql-sdl") {
    const sdl = await readFile(path, "utf8").catch((error: unknown) => {
      throw unreadable(error);
    });
    return { kind: "graphql", ...buildGraphqlSchema(sdl, label), sdl };
  }
  // Redocly reads the file itself; only say clearly why when it cannot.
  await access(path, constants.R_OK).catch((error: unknown) => {
    throw unreadable(error);
  });
  let document = await loadOpenApi(path, label);
  if (format === "swagger-2.0") {
    const { convertObj } = await import("swagger2openapi");
    document = (await convertObj(document, { patch: true, warnOnly: true })).openapi;
  }
  return { kind: "openapi", document };
}
