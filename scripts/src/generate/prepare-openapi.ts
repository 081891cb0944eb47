import { CliError } from "../lib/errors.ts";
import { METHODS, type OpenApiDocument } from "../lib/openapi.ts";
import { matchesAny } from "../lib/path-pattern.ts";
import type { CodegenOptions } from "../lib/sources.ts";
import { atPointer } from "../lib/json-pointer.ts";

function resolveLocal(document: OpenApiDocument, value: any): any {
  let current = value;
  for (let hops = 0; current && typeof current.$ref === "string" && current.$ref.startsWith("#/") && hops < 20; hops++) {
    current = atPointer(document, current.$ref);
  }
  return current;
}

export interface PrepareOptions {
  /** The definition's codegen options from its sources.json. */
  codegen?: CodegenOptions;
  /** The headers the client sets itself (its vendor data's `headers`). */
  injectedHeaders?: readonly string[];
  /** The definition's file and its sources.json, for messages. */
  label?: string;
  sourcesLabel?: string;
}

/**
 * Readies a definition for openapi-typescript:
 * - header parameters the client sets itself are removed, so typed calls do not demand them;
 * - excluded paths are dropped, webhook paths move from `paths` to `webhooks` (payload types stay).
 * The input document is not modified.
 */
export function prepareOpenApi(source: OpenApiDocument, prepare: PrepareOptions = {}): OpenApiDocument {
  const { codegen: options = {}, label = "definition", sourcesLabel = "its sources.json" } = prepare;
  const document: OpenApiDocument = structuredClone(source);
  const injected = new Set((prepare.injectedHeaders ?? []).map((h) => h.toLowerCase()));
  const isInjected = (raw: any) => {
    const parameter = resolveLocal(document, raw);
    return parameter?.in === "header" && injected.has(String(parameter.name).toLowerCase());
  };
  const stripHeaders = (holder: any) => {
    if (Array.isArray(holder?.parameters)) holder.parameters = holder.parameters.filter((p: any) => !isInjected(p));
  };

  const paths: Record<string, any> = {};
  const webhooks: Record<string, any> = { ...(document.webhooks ?? {}) };
  const matched = new Set<string>();
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    if (matchesAny(path, options.excludePaths)) {
      matched.add(path);
      continue;
    }
    const target = matchesAny(path, options.webhookPaths) ? webhooks : paths;
    if (target === webhooks) matched.add(path);
    const pathItem = resolveLocal(document, item);
    stripHeaders(pathItem);
    for (const method of METHODS) if (pathItem?.[method]) stripHeaders(pathItem[method]);
    target[path] = pathItem;
  }
  for (const pattern of [...(options.excludePaths ?? []), ...(options.webhookPaths ?? [])]) {
    if (![...matched].some((path) => matchesAny(path, [pattern])))
      throw new CliError(`${label}: codegen pattern "${pattern}" matches no path; fix or remove it in ${sourcesLabel}`);
  }
  document.paths = paths;
  if (Object.keys(webhooks).length) document.webhooks = webhooks;
  return document;
}
