import { CliError } from "./errors.ts";
import { METHODS, type OpenApiDocument, type OpenApiVersion } from "./openapi.ts";
import { escapePointer } from "./json-pointer.ts";

/**
 * Defects vendors' published definitions really have, repaired so they still generate, each with a
 * warning that names the file and the JSON pointer: an OAuth definition without `scopes` (Swagger
 * 2.0 requires the field even when a vendor has none), a `description` that is a number, a
 * boolean or a list of lines, an operationId with spaces or punctuation (or used twice). What
 * cannot be repaired without guessing (a description that is an object) is refused with its place.
 */
export interface Repaired {
  document: OpenApiDocument;
  warnings: string[];
}

/** Maps whose keys are names a user chose (a property may be called "description"), not keywords. */
const NAME_MAPS = new Set([
  "properties",
  "patternProperties",
  "definitions",
  "schemas",
  "responses",
  "parameters",
  "examples",
  "headers",
  "securitySchemes",
  "securityDefinitions",
  "links",
  "callbacks",
  "requestBodies",
  "pathItems",
  "paths",
  "webhooks",
  "encoding",
  "content",
  "variables",
  "scopes",
  "mapping",
  "$defs",
]);
/** Values that are data, not definition: never rewritten. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const", "x-example"]);

/** "Get Orders By Id" → "getOrdersById"; keeps ids that are already identifiers-with-dashes alone. */
function operationIdFrom(raw: string): string {
  const words = raw.split(/[^A-Za-z0-9_]+/).filter(Boolean);
  const camel = words.map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1))).join("");
  return /^[0-9]/.test(camel) ? `op${camel}` : camel || "operation";
}

export function repairDefinition(source: OpenApiDocument, version: OpenApiVersion, file: string): Repaired {
  const document = structuredClone(source);
  const warnings: string[] = [];
  const warn = (pointer: string, message: string) => warnings.push(`${file} #${pointer}: ${message}`);

  // OAuth scopes.
  if (version === "swagger-2.0") {
    for (const [name, scheme] of Object.entries<any>(document.securityDefinitions ?? {})) {
      if (scheme?.type === "oauth2" && (scheme.scopes === undefined || scheme.scopes === null)) {
        scheme.scopes = {};
        warn(
          `/securityDefinitions/${escapePointer(name)}`,
          "OAuth definition has no `scopes` (required by Swagger 2.0); added an empty list",
        );
      }
    }
  } else {
    for (const [name, scheme] of Object.entries<any>(document.components?.securitySchemes ?? {})) {
      for (const [flowName, flow] of Object.entries<any>(scheme?.type === "oauth2" ? (scheme.flows ?? {}) : {})) {
        if (flow && typeof flow === "object" && (flow.scopes === undefined || flow.scopes === null)) {
          flow.scopes = {};
          warn(
            `/components/securitySchemes/${escapePointer(name)}/flows/${escapePointer(flowName)}`,
            "OAuth flow has no `scopes` (required by OpenAPI 3); added an empty list",
          );
        }
      }
    }
  }

  // Descriptions (and summaries) that are not strings.
  const visit = (node: unknown, pointer: string, keysAreNames: boolean) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${pointer}/${i}`, false);
      return;
    }
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      const here = `${pointer}/${escapePointer(key)}`;
      if (!keysAreNames && (key === "description" || key === "summary") && typeof value !== "string") {
        if (value === null) {
          delete record[key];
          warn(here, `\`${key}\` is null; removed it`);
        } else if (typeof value === "number" || typeof value === "boolean") {
          record[key] = String(value);
          warn(here, `\`${key}\` is a ${typeof value}; made it the string ${JSON.stringify(String(value))}`);
        } else if (Array.isArray(value) && value.every((line) => typeof line === "string")) {
          record[key] = value.join("\n");
          warn(here, `\`${key}\` is a list of lines; joined them`);
        } else {
          throw new CliError(
            `${file} #${here}: \`${key}\` must be a string; found ${Array.isArray(value) ? "a list" : "an object"}, which cannot be turned into one without guessing`,
          );
        }
        continue;
      }
      if (!keysAreNames && (key.startsWith("x-") || DATA_KEYS.has(key))) continue;
      visit(value, here, !keysAreNames && NAME_MAPS.has(key));
    }
  };
  visit(document, "", false);

  // operationIds: identifiers, unique.
  const seen = new Set<string>();
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation || typeof operation !== "object" || operation.operationId === undefined) continue;
      const pointer = `/paths/${escapePointer(path)}/${method}/operationId`;
      const original = String(operation.operationId);
      let id = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(original) ? original : operationIdFrom(original);
      if (seen.has(id)) {
        let n = 2;
        while (seen.has(`${id}${n}`)) n++;
        id = `${id}${n}`;
      }
      seen.add(id);
      if (id !== original) {
        operation.operationId = id;
        warn(
          pointer,
          `operationId ${JSON.stringify(original)} ${/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(original) ? "is used twice" : "is not an identifier"}; renamed it ${JSON.stringify(id)}`,
        );
      }
    }
  }
  return { document, warnings };
}
