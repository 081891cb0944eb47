import { CliError } from "../lib/errors.ts";
import type { OpenApiDocument } from "../lib/openapi.ts";
import type { SampleCall } from "./templates.ts";
import { atPointer } from "../lib/json-pointer.ts";
import { sampleForPattern } from "./pattern-sample.ts";

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
  if (depth > 8) return NO_VALUE;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum.find((v: unknown) => v !== null) ?? NO_VALUE;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.allOf) && schema.allOf.length > 1) {
    // Every part holds: an object with each part's required properties.
    const parts = schema.allOf.map((part: any) => valueFor(document, part, depth + 1));
    if (parts.some((part: unknown) => part === NO_VALUE || typeof part !== "object" || part === null || Array.isArray(part)))
      return NO_VALUE;
    return Object.assign({}, ...parts);
  }
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
    case "object": {
      // Its required properties, each with a valid value (an empty object when none is required).
      const value: Record<string, unknown> = {};
      for (const name of schema.required ?? []) {
        const property = valueFor(document, schema.properties?.[name] ?? {}, depth + 1);
        if (property === NO_VALUE) return NO_VALUE;
        value[name] = property;
      }
      return value;
    }
    default: {
      const formats: Record<string, string> = {
        date: "2024-01-31",
        "date-time": "2024-01-31T12:00:00Z",
        uuid: "00000000-0000-4000-8000-000000000000",
        email: "user@example.com",
        uri: "https://example.com/",
        hostname: "example.com",
        ipv4: "192.0.2.1",
        time: "12:00:00Z",
      };
      const fitsLength = (s: string) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity);
      const pad = (s: string) => (s.length < (schema.minLength ?? 0) ? s + "1".repeat(schema.minLength - s.length) : s);
      if (schema.format && formats[schema.format] && fitsLength(formats[schema.format]!)) return formats[schema.format];
      if (schema.pattern) {
        let pattern: RegExp;
        try {
          pattern = new RegExp(schema.pattern, "u");
        } catch {
          return NO_VALUE;
        }
        const built = sampleForPattern(schema.pattern, schema.minLength ?? 0);
        return [...(built === undefined ? [] : [built]), ...CANDIDATES.map(pad)].find((c) => fitsLength(c) && pattern.test(c)) ?? NO_VALUE;
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
 * Whether Prism can make up a response for the operation that its own definition accepts: not when
 * a 2xx JSON response without an example has a string `pattern` somewhere (Prism fills such strings
 * with text that breaks them, and its --errors flag turns that into a 500).
 */
function responseMockable(document: OpenApiDocument, operation: any): boolean {
  const hasPattern = (raw: any, depth: number, seen: Set<any>): boolean => {
    const schema = resolveRef(document, raw);
    if (!schema || typeof schema !== "object" || depth > 12 || seen.has(schema)) return false;
    seen.add(schema);
    if (schema.example !== undefined) return false;
    if (typeof schema.pattern === "string") return true;
    const children = [
      ...Object.values<any>(schema.properties ?? {}),
      schema.items,
      schema.additionalProperties,
      ...(schema.allOf ?? []),
      ...(schema.oneOf ?? []),
      ...(schema.anyOf ?? []),
    ];
    return children.some((child) => hasPattern(child, depth + 1, seen));
  };
  for (const [status, raw] of Object.entries<any>(operation.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    for (const media of Object.values<any>(resolveRef(document, raw)?.content ?? {})) {
      if (media?.example !== undefined || Object.keys(media?.examples ?? {}).length) continue;
      if (hasPattern(media?.schema, 0, new Set())) return false;
    }
  }
  return true;
}

/** Methods a scaffolded test may call, safest first: a definition with no GET gets a POST (or another) with a valid body. */
const SAMPLE_METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** The JSON body an operation needs: undefined when it takes none (or none is required), NO_VALUE when none can be built. */
function bodyFor(document: OpenApiDocument, operation: any): unknown {
  const requestBody = resolveRef(document, operation.requestBody);
  if (!requestBody) return undefined;
  const content = requestBody.content ?? {};
  const json = Object.keys(content).find((type) => /^application\/(.+\+)?json\b/.test(type));
  if (!json) return requestBody.required ? NO_VALUE : undefined;
  const media = content[json];
  if (media.example !== undefined) return media.example;
  const example = Object.values<any>(media.examples ?? {})
    .map((e) => resolveRef(document, e)?.value)
    .find((v) => v !== undefined);
  if (example !== undefined) return example;
  return valueFor(document, media.schema ?? {});
}

/**
 * The call a freshly scaffolded test makes: a GET if it can (the one needing the fewest
 * parameters), else a POST, PUT, PATCH or DELETE with a JSON body built from its schema; each
 * with valid values for its required path, query and header parameters (headers the client
 * injects itself do not count). Path parameters always get values.
 */
export function sampleCallOf(document: OpenApiDocument, file: string, injectedHeaders: readonly string[]): SampleCall {
  const injected = new Set(injectedHeaders.map((h) => h.toLowerCase()));
  const candidates: Array<{ call: SampleCall; rank: number; required: number }> = [];
  const skipped: string[] = [];
  for (const [path, rawItem] of Object.entries<any>(document.paths ?? {})) {
    const item = resolveRef(document, rawItem);
    for (const [rank, method] of SAMPLE_METHODS.entries()) {
      const operation = item?.[method];
      if (!operation) continue;
      const label = `${method.toUpperCase()} ${path}`;
      const byKey = new Map<string, any>();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])]
        .map((p: any) => resolveRef(document, p))
        .filter(Boolean))
        byKey.set(`${p.in}:${p.name}`, p);
      const needed = [...byKey.values()].filter(
        (p) => (p.in === "path" || p.required) && !(p.in === "header" && injected.has(String(p.name).toLowerCase())),
      );
      if (needed.some((p) => p.in === "cookie")) {
        skipped.push(`${label}: needs a cookie`);
        continue;
      }
      const params: SampleCall["params"] = {};
      const missing: string[] = [];
      for (const p of needed) {
        const value = parameterValue(document, p);
        if (value === NO_VALUE) missing.push(`${p.in} parameter "${p.name}"`);
        else (params[p.in as "path" | "query" | "header"] ??= {})[p.name] = value;
      }
      const body = bodyFor(document, operation);
      if (body === NO_VALUE) missing.push("its JSON request body");
      if (missing.length) {
        skipped.push(`${label}: no valid value for ${missing.join(", ")}`);
        continue;
      }
      const call: SampleCall = {
        method: method.toUpperCase() as SampleCall["method"],
        path,
        params,
        ...(body !== undefined ? { body } : {}),
        ...(responseMockable(document, operation) ? {} : { mockResponseBreaksPatterns: true as const }),
      };
      candidates.push({ call, rank, required: needed.filter((p) => p.in !== "path").length });
    }
  }
  const best = candidates.sort((a, b) => a.rank - b.rank || a.required - b.required)[0];
  if (best) return best.call;
  throw new CliError(
    `${file}: the scaffolded test needs an operation (GET, POST, PUT, PATCH or DELETE) it can call with valid values, and there is none` +
      (skipped.length
        ? `:\n${skipped
            .slice(0, 10)
            .map((s) => `  - ${s}`)
            .join("\n")}\nAdd an example to those parameters or bodies in the definition.`
        : " (the definition has no such operation)."),
  );
}
