import openapiTS, { astToString } from "openapi-typescript";
import type { OpenApiDocument } from "../lib/openapi.ts";
import type { SourceEntry } from "../lib/sources.ts";
import { prepareOpenApi } from "./prepare-openapi.ts";

/**
 * TypeScript types (`paths`, `components`, `operations`, `webhooks`) for one OpenAPI definition,
 * as openapi-fetch expects them, without the headers the client sets itself.
 */
export async function generateOpenApiTypes(
  entry: SourceEntry,
  document: OpenApiDocument,
  injectedHeaders: readonly string[],
): Promise<string> {
  const prepared = prepareOpenApi(document, {
    ...(entry.codegen ? { codegen: entry.codegen } : {}),
    injectedHeaders,
    label: `specs/${entry.file}`,
    sourcesLabel: `specs/${entry.vendor}/sources.json`,
  });
  const ast = await openapiTS(prepared as never, { silent: true, alphabetize: false, exportType: false });
  return astToString(ast);
}
