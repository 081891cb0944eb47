import { CliError } from "../lib/errors.ts";
import type { OpenApiDocument } from "../lib/openapi.ts";
import type { SampleCall } from "./templates.ts";
import { atPointer } from "../lib/json-pointer.ts";

/** Follows local `$ref`s; a loop of them resolves to nothing. */
const resolveRef = (document: OpenApiDocument, value: any, seen = new Set<string>()): any => {
  const ref = value?.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return value;
  if (seen.has(ref)) return undefined;
  seen.add(ref);
  return resolveRef(document, atPointer(document, ref), seen);
};

const NO_VALUE = Symbol("no value");

/** Strings that satisfy common `pattern`s, tried in order when a schema has a pattern and no example. */
const CANDIDATES = ["1", "a", "A", "abc", "ABC", "123", "A1", "1234567", "ABC123", "abc-123", "2024-01-31"];

/**
 * A value the schema accepts: its example, default or first enum value when it has one, else one
 * built from its type and bounds. NO_VALUE when it cannot be built without guessing (a pattern no
 * candidate fits, an object with required properties).
 */
function valueFor(document: OpenApiDocument, raw: any, depth = 0): unknown {
  const schema = resolveRef(document, raw) ?? {};
  if (depth > 4) return NO_VALUE;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum.find((v: unknown) => v !== null) ?? NO_VALUE;
  if (schema.const !== undefined) return schema.const;
  const branch = schema.oneOf?.[0] ?? schema.anyOf?.[0] ?? (schema.allOf?.length === 1 ? schema.allOf[0] : undefined);
  if (branch) return valueFor(document, branch, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "integer":
    case "number": {
      const min = schema.minimum ?? (typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + 1 : undefined);
      const max = schema.maximum ?? (typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - 1 : undefined);
      const value = Math.min(min ?? 1, max ?? Infinity);
      return type === "integer" ? Math.ceil(value) : value;
    }
    case "boolean":
      return true;
    case "array": {
      const item = valueFor(document, schema.items ?? {}, depth + 1);
      return item === NO_VALUE ? NO_VALUE : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
    }
    case "object":
      return (schema.required ?? []).length ? NO_VALUE : {};
    default: {
      const formats: Record<string, string> = {
        date: "2024-01-31",
        "date-time": "2024-01-31T12:00:00Z",
        uuid: "00000000-0000-4000-8000-000000000000",
        email: "user@example.com",
        uri: "https://example.com/",
        hostname: "example.com",
      };
      const fitsLength = (s: string) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity);
      const pad = (s: string) => (s.length < (schema.minLength ?? 0) ? s + "1".repeat(schema.minLength - s.length) : s);
      if (schema.format && formats[schema.format]) return formats[schema.format];
      if (schema.pattern) {
        let pattern: RegExp;
        try {
          pattern = new RegExp(schema.pattern, "u");
        } catch {
          return NO_VALUE;
        }
        return CANDIDATES.map(pad).find((c) => fitsLength(c) && pattern.test(c)) ?? NO_VALUE;
      }
      const value = pad("1");
      return fitsLength(value) ? value : NO_VALUE;
    }
  }
}

function parameterValue(document: OpenApiDocument, parameter: any): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const examples = Object.values<any>(parameter.examples ?? {})
    .map((e) => resolveRef(document, e)?.value)
    .filter((v) => v !== undefined);
  if (examples.length) return examples[0];
  const schema = parameter.schema ?? Object.values<any>(parameter.content ?? {})[0]?.schema;
  return valueFor(document, schema ?? { type: "string" });
}

/**
 * The call a freshly scaffolded test makes: the first GET without required parameters, else the
 * first GET whose required path, query and header parameters can all be given valid values
 * (headers the client injects itself do not count). Path parameters always get values.
 */
export function sampleCallOf(document: OpenApiDocument, file: string, injectedHeaders: readonly string[]): SampleCall {
  const injected = new Set(injectedHeaders.map((h) => h.toLowerCase()));
  const candidates: Array<{ call: SampleCall; required: number }> = [];
  const skipped: string[] = [];
  for (const [path, rawItem] of Object.entries<any>(document.paths ?? {})) {
    const item = resolveRef(document, rawItem);
    const get = item?.get;
    if (!get) continue;
    const byKey = new Map<string, any>();
    for (const p of [...(item.parameters ?? []), ...(get.parameters ?? [])].map((p: any) => resolveRef(document, p)).filter(Boolean))
      byKey.set(`${p.in}:${p.name}`, p);
    const needed = [...byKey.values()].filter(
      (p) => (p.in === "path" || p.required) && !(p.in === "header" && injected.has(String(p.name).toLowerCase())),
    );
    if (needed.some((p) => p.in === "cookie")) {
      skipped.push(`GET ${path}: needs a cookie`);
      continue;
    }
    const params: SampleCall["params"] = {};
    const missing: string[] = [];
    for (const p of needed) {
      const value = parameterValue(document, p);
      if (value === NO_VALUE) missing.push(`${p.in} parameter "${p.name}"`);
      else (params[p.in as "path" | "query" | "header"] ??= {})[p.name] = value;
    }
    if (missing.length) {
      skipped.push(`GET ${path}: no valid value for ${missing.join(", ")}`);
      continue;
    }
    candidates.push({ call: { path, params }, required: needed.filter((p) => p.in !== "path").length });
  }
  const best = candidates.sort((a, b) => a.required - b.required)[0];
  if (best) return best.call;
  throw new CliError(
    `${file}: the scaffolded test needs a GET operation it can call with valid values, and there is none` +
      (skipped.length
        ? `:\n${skipped
            .slice(0, 10)
            .map((s) => `  - ${s}`)
            .join("\n")}\nAdd an example to those parameters in the definition.`
        : " (the definition has no GET operation)."),
  );
}
