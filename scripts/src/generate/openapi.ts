import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { METHODS, type OpenApiDocument } from "../lib/openapi.ts";
import type { SourceEntry } from "../lib/sources.ts";
import { requireWithCodeCache } from "./code-cache.ts";
import { prepareOpenApi } from "./prepare-openapi.ts";

/** scripts/node_modules/.cache/code (from scripts/src/generate/ and from the bin's bundle alike). */
const codeCacheDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../node_modules/.cache/code");

/**
 * What the definition knows that the client's code needs as values, in `<name>.endpoints.ts`:
 * its path templates per method (rate-limit keys, per-endpoint limits) and the headers the
 * client sets, each a literal type, so code that names a template or a header the definition
 * and the vendor's data do not have fails type checking instead of being copied by hand.
 */
export function endpointsModule(entry: SourceEntry, prepared: OpenApiDocument, injectedHeaders: readonly string[]): string {
  const byMethod = new Map<string, string[]>();
  for (const [path, item] of Object.entries<Record<string, unknown>>(prepared.paths ?? {}))
    for (const method of METHODS) if (item?.[method]) byMethod.set(method, [...(byMethod.get(method) ?? []), path]);
  const list = (values: readonly string[], indent: string) =>
    values.length ? `[\n${values.map((v) => `${indent}  ${JSON.stringify(v)},`).join("\n")}\n${indent}]` : "[]";
  const methods = METHODS.filter((m) => byMethod.has(m));
  const constant = (method: string) => `${method.toUpperCase()}_PATH_TEMPLATES`;
  return `${methods
    .map(
      (m) =>
        `/** The path templates of specs/${entry.file} with a ${m.toUpperCase()} operation, in the definition's order. */\nexport const ${constant(m)} = ${list(byMethod.get(m)!, "")} as const;\n`,
    )
    .join("\n")}
/**
 * The path templates per method, as the generated \`paths\` has them (excluded and webhook paths
 * left out). Code that needs one method's imports its constant: a bundler then keeps that list only.
 */
export const pathTemplates = {
${methods.map((m) => `  ${m}: ${constant(m)},`).join("\n")}
} as const;

/** The methods the definition has operations for. */
export type PathMethod = keyof typeof pathTemplates;

/** A path template of the definition that has an operation for \`method\` (any method by default). */
export type PathTemplate<M extends PathMethod = PathMethod> = (typeof pathTemplates)[M][number];

/**
 * The headers the client sets itself (\`headers\` of packages/${entry.vendor}/src/vendor.ts), left out of
 * the operations' parameters in ${entry.name}.ts.
 */
export const clientHeaders = ${list(injectedHeaders, "")} as const;

/** A header the client sets itself. */
export type ClientHeader = (typeof clientHeaders)[number];
`;
}

/**
 * TypeScript types (`paths`, `components`, `operations`, `webhooks`) for one OpenAPI definition,
 * as openapi-fetch expects them, without the headers the client sets itself; and its endpoints
 * module (`endpointsModule`).
 */
export async function generateOpenApiTypes(
  entry: SourceEntry,
  document: OpenApiDocument,
  injectedHeaders: readonly string[],
): Promise<{ types: string; endpoints: string }> {
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
  // TypeScript (which openapi-typescript prints with) from V8's code cache, as openapi-typescript resolves it.
  const typescript = requireWithCodeCache(require.resolve("openapi-typescript"), "typescript", codeCacheDir);
  const { default: openapiTS, astToString } = require("openapi-typescript") as typeof import("openapi-typescript");
  const { createConfig } = require("@redocly/openapi-core") as typeof import("@redocly/openapi-core");
  // openapi-typescript lints again with Redocly's "minimal" rules, whose warnings it then hides
  // (silent): the definition was validated as it was loaded; only its check of operationIds,
  // which must be unique in the generated `operations`, is kept.
  const redocly = await createConfig({ rules: { "operation-operationId-unique": "error" } }, { extends: [] });
  const ast = await openapiTS(prepared as never, { silent: true, alphabetize: false, exportType: false, redocly });
  const types = astToString(ast);
  typescript.save();
  return { types, endpoints: endpointsModule(entry, prepared, injectedHeaders) };
}
