import { createRequire } from "node:module";
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
  // Its CommonJS build, through require: imported as ESM, Node would scan TypeScript's 9 MB
  // (which it loads) twice more (for module syntax, then for CommonJS export names) before
  // compiling it; about half of a one-vendor run's start-up.
  const require = createRequire(import.meta.url);
  const { default: openapiTS, astToString } = require("openapi-typescript") as typeof import("openapi-typescript");
  const { createConfig } = require("@redocly/openapi-core") as typeof import("@redocly/openapi-core");
  // openapi-typescript lints again with Redocly's "minimal" rules, whose warnings it then hides
  // (silent): the definition was validated as it was loaded; only its check of operationIds,
  // which must be unique in the generated `operations`, is kept.
  const redocly = await createConfig({ rules: { "operation-operationId-unique": "error" } }, { extends: [] });
  const ast = await openapiTS(prepared as never, { silent: true, alphabetize: false, exportType: false, redocly });
  return astToString(ast);
}
