import { createRequire } from "node:module";
import type { GlobalContext } from "openapi-typescript";
import { CliError } from "../lib/errors.ts";
import { atPointer, escapePointer } from "../lib/json-pointer.ts";
import { METHODS, type OpenApiDocument } from "../lib/openapi.ts";
import type { SourceEntry } from "../lib/sources.ts";
import { prepareOpenApi } from "./prepare-openapi.ts";

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
  const list = (values: readonly string[]) => (values.length ? `[\n${values.map((v) => `  ${JSON.stringify(v)},`).join("\n")}\n]` : "[]");
  const methods = METHODS.filter((m) => byMethod.has(m));
  const constant = (method: string) => `${method.toUpperCase()}_PATH_TEMPLATES`;
  return `${methods
    .map(
      (m) =>
        `/** The path templates of specs/${entry.file} with a ${m.toUpperCase()} operation, in the definition's order. */\nexport const ${constant(m)} = ${list(byMethod.get(m)!)} as const;\n`,
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
export const clientHeaders = ${list(injectedHeaders)} as const;

/** A header the client sets itself. */
export type ClientHeader = (typeof clientHeaders)[number];
`;
}

/**
 * Where openapi-typescript's `operations` would get one name twice: an operationId used by two
 * operations (of paths, webhooks, callbacks or components.pathItems, each operation counted once
 * however often it is referred to). openapi-typescript lints for this with Redocly's
 * "operation-operationId-unique" rule; done here on the prepared document, so that the
 * definition is not resolved and walked twice more only for it.
 */
export function duplicateOperationIds(prepared: OpenApiDocument): string[] {
  const seen = new Map<string, string>();
  const counted = new Set<unknown>();
  const duplicates: string[] = [];
  const resolve = (node: any) => (typeof node?.$ref === "string" && node.$ref.startsWith("#/") ? atPointer(prepared, node.$ref) : node);
  const pathItems = (map: any, pointer: string) => {
    for (const [key, raw] of Object.entries<any>(map && typeof map === "object" ? map : {})) {
      const item = resolve(raw);
      const at = `${pointer}/${escapePointer(key)}`;
      for (const method of METHODS) {
        const operation = resolve(item?.[method]);
        if (!operation || typeof operation !== "object" || counted.has(operation)) continue;
        counted.add(operation);
        const id = operation.operationId;
        if (typeof id === "string" && id) {
          const first = seen.get(id);
          if (first !== undefined) duplicates.push(`operationId "${id}" at #${at}/${method} is that of #${first} too`);
          else seen.set(id, `${at}/${method}`);
        }
        for (const [name, callback] of Object.entries<any>(operation.callbacks ?? {}))
          pathItems(resolve(callback), `${at}/${method}/callbacks/${escapePointer(name)}`);
      }
    }
  };
  pathItems(prepared.paths, "/paths");
  pathItems(prepared.webhooks, "/webhooks");
  pathItems(prepared.components?.pathItems, "/components/pathItems");
  for (const [name, callback] of Object.entries<any>(prepared.components?.callbacks ?? {}))
    pathItems(resolve(callback), `/components/callbacks/${escapePointer(name)}`);
  return duplicates;
}

/**
 * TypeScript types (`paths`, `components`, `operations`, `webhooks`) for one OpenAPI definition,
 * as openapi-fetch expects them, without the headers the client sets itself; and its endpoints
 * module (`endpointsModule`). `document` is the definition as `loadDefinition` returns it:
 * validated and bundled by Redocly already.
 */
export async function generateOpenApiTypes(
  entry: SourceEntry,
  document: OpenApiDocument,
  injectedHeaders: readonly string[],
): Promise<{ types: string; endpoints: string }> {
  const label = `specs/${entry.file}`;
  const prepared = prepareOpenApi(document, {
    ...(entry.codegen ? { codegen: entry.codegen } : {}),
    injectedHeaders,
    label,
    sourcesLabel: `specs/${entry.vendor}/sources.json`,
  });
  const duplicates = duplicateOperationIds(prepared);
  if (duplicates.length)
    throw new CliError(
      `${label}: every operationId names one type of the generated \`operations\`, so each must be unique:\n${duplicates.map((d) => `  - ${d}`).join("\n")}`,
    );
  const { transformSchema, astToString } = openapiTypescript();
  // openapiTS(document) would validate and bundle the document once more with Redocly (two more
  // walks over it: a quarter of Ingram Micro's run) before this; the document is bundled already
  // and its one check that matters here is above. Its options as openapiTS sets them from ours
  // (silent, alphabetize: false, exportType: false), the rest at its defaults; a test holds the
  // output to openapiTS's own.
  const ast = transformSchema(prepared as never, transformContext(prepared));
  return { types: astToString(ast), endpoints: endpointsModule(entry, prepared, injectedHeaders) };
}

/**
 * The parts of openapi-typescript used here (openapi-typescript.cjs), not its entry point, which
 * also loads its Redocly step, whose parse-json (an ES module, with @babel/code-frame) Node would
 * load and compile on every run. Its CommonJS build, through require: imported as ESM, Node would
 * scan TypeScript's 9 MB (which it loads) for module syntax and export names before compiling it.
 */
function openapiTypescript() {
  return createRequire(import.meta.url)("./openapi-typescript.cjs") as Pick<
    typeof import("openapi-typescript"),
    "transformSchema" | "astToString" | "resolveRef" | "scanDiscriminators"
  >;
}

/** What openapiTS(document, { silent: true, alphabetize: false, exportType: false }) hands transformSchema. */
function transformContext(schema: OpenApiDocument): GlobalContext {
  const { resolveRef, scanDiscriminators } = openapiTypescript();
  const options = { silent: true, alphabetize: false, exportType: false } as const;
  return {
    additionalProperties: false,
    alphabetize: options.alphabetize,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema as never, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: options.exportType,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    // Read by nothing once the document is bundled (openapiTS passes its Redocly config on here).
    redoc: undefined as never,
    silent: options.silent,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve($ref) {
      return resolveRef(schema, $ref, { silent: options.silent });
    },
  };
}
