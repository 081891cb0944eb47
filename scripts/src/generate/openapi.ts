import openapiTS, { astToString } from "openapi-typescript";
import type { OpenApiDocument } from "../lib/openapi.ts";
import type { SourceEntry } from "../lib/sources.ts";
import { prepareOpenApi } from "./prepare-openapi.ts";

/** TypeScript types (`paths`, `components`, `operations`, `webhooks`) for one OpenAPI definition, as openapi-fetch expects them. */
export async function generateOpenApiTypes(entry: SourceEntry, document: OpenApiDocument): Promise<string> {
  const prepared = prepareOpenApi(document, entry.codegen, `specs/${entry.file}`, `specs/${entry.vendor}/sources.json`);
  const ast = await openapiTS(prepared as never, { silent: true, alphabetize: false, exportType: false });
  return astToString(ast);
}
