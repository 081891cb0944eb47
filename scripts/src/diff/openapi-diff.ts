import { METHODS, type OpenApiDocument } from "../lib/openapi.ts";
import type { Change } from "./change.ts";
import { atPointer } from "../lib/json-pointer.ts";

type Schema = Record<string, any>;
type Direction = "request" | "response";

/** Follows local `$ref`s (documents are bundled, so every ref is local). */
function deref<T = Schema>(document: OpenApiDocument, value: any, seen = new Set<string>()): T | undefined {
  let current = value;
  while (current && typeof current === "object" && typeof current.$ref === "string") {
    const ref: string = current.$ref;
    if (!ref.startsWith("#/") || seen.has(ref)) return undefined;
    seen.add(ref);
    current = atPointer(document, ref, decodeURIComponent);
  }
  return current;
}

/** `/orders/{OrderNumber}` and `/orders/{orderNumber}` are one operation: path parameter names do not change the URL. */
const normalizePath = (path: string) => path.replace(/\{[^}]*\}/g, "{}");

interface Operation {
  method: string;
  path: string;
  operation: Schema;
  pathItem: Schema;
}

function operations(document: OpenApiDocument): Map<string, Operation> {
  const result = new Map<string, Operation>();
  for (const [path, rawItem] of Object.entries<Schema>(document.paths ?? {})) {
    const pathItem = deref(document, rawItem) ?? {};
    for (const method of METHODS) {
      if (!pathItem[method]) continue;
      const key = `${method.toUpperCase()} ${normalizePath(path)}`;
      // Two spellings of one template under the same method would collide: keep both, by exact path.
      result.set(result.has(key) ? `${method.toUpperCase()} ${path}` : key, {
        method: method.toUpperCase(),
        path,
        operation: pathItem[method],
        pathItem,
      });
    }
  }
  return result;
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: Schema | undefined;
}

/** Path-level parameters overridden by operation-level ones; path parameters keyed by position, so a rename is no change. */
function parameters(document: OpenApiDocument, op: Operation): Map<string, Parameter> {
  const result = new Map<string, Parameter>();
  const templateNames = [...op.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  for (const raw of [...(op.pathItem.parameters ?? []), ...(op.operation.parameters ?? [])]) {
    const p = deref<Schema>(document, raw);
    if (!p?.name || !p.in) continue;
    const position = p.in === "path" ? templateNames.indexOf(p.name) : -1;
    const key = p.in === "path" && position >= 0 ? `path#${position}` : `${p.in}:${String(p.name).toLowerCase()}`;
    const schema = p.schema ?? Object.values<Schema>(p.content ?? {})[0]?.schema;
    result.set(key, { name: p.name, in: p.in, required: p.in === "path" || p.required === true, schema });
  }
  return result;
}

/** A short type description: what a consumer's code depends on at this level (not nested properties). */
function typeOf(document: OpenApiDocument, raw: any): string {
  const schema = deref(document, raw);
  if (!schema || typeof schema !== "object") return "any";
  for (const combinator of ["oneOf", "anyOf"] as const) {
    if (Array.isArray(schema[combinator])) return `${combinator}(${schema[combinator].map((s: any) => typeOf(document, s)).join(" | ")})`;
  }
  if (Array.isArray(schema.allOf)) {
    const types = [...new Set(schema.allOf.map((s: any) => typeOf(document, s)))].filter((t) => t !== "any");
    if (types.length === 1) return types[0] as string;
  }
  let types: string[] = Array.isArray(schema.type) ? [...schema.type] : schema.type ? [schema.type] : [];
  if (!types.length) types = schema.properties || schema.additionalProperties ? ["object"] : schema.items ? ["array"] : [];
  if (schema.nullable === true && !types.includes("null")) types.push("null");
  const described = types.map((t) =>
    t === "array" ? `array<${typeOf(document, schema.items)}>` : t === "string" && schema.format ? `string(${schema.format})` : t,
  );
  return described.length ? described.sort().join(" | ") : "any";
}

/** Properties and required names of an object schema, with allOf parts merged. */
function objectShape(
  document: OpenApiDocument,
  raw: any,
  seen = new Set<any>(),
): { properties: Record<string, any>; required: Set<string> } {
  const schema = deref(document, raw);
  const shape = { properties: {} as Record<string, any>, required: new Set<string>() };
  if (!schema || typeof schema !== "object" || seen.has(schema)) return shape;
  seen.add(schema);
  for (const part of schema.allOf ?? []) {
    const inner = objectShape(document, part, seen);
    Object.assign(shape.properties, inner.properties);
    for (const r of inner.required) shape.required.add(r);
  }
  Object.assign(shape.properties, schema.properties ?? {});
  for (const r of (schema.required ?? []) as string[]) shape.required.add(r);
  return shape;
}

/** How the set of values a schema allows changed. */
type Change_ = "wider" | "narrower" | "different";

/**
 * Whether a change breaks consumers: a request that accepts more is safe (what clients send still
 * passes) and one that accepts less breaks; a response that may return more breaks (clients meet
 * values they do not handle) and one that returns less is safe. A change either way breaks both.
 */
const verdict = (change: Change_, direction: Direction): Change["severity"] =>
  change === "different" ? "breaking" : (change === "wider") === (direction === "response") ? "breaking" : "safe";

/** The members of a type description ("integer | null" → integer, null); unions inside oneOf/anyOf stay whole. */
const members = (type: string) => (/^(oneOf|anyOf)\(/.test(type) ? [type] : type.split(" | "));

/** Whether a value of type `a` is also one of type `b`: equal, integer in number, a formatted string in string, anything in any. */
const within = (a: string, b: string) =>
  a === b || b === "any" || (a === "integer" && b === "number") || (b === "string" && /^string\(/.test(a));

/** How a type changed: wider when every old member fits a new one (null added, integer → number), narrower the other way. */
function typeChange(before: string, after: string): Change_ {
  const a = members(before);
  const b = members(after);
  if (a.every((x) => b.some((y) => within(x, y)))) return "wider";
  if (b.every((y) => a.some((x) => within(y, x)))) return "narrower";
  return "different";
}

/** Keywords that bound a value, and whether each is a lower bound. */
const BOUNDS: ReadonlyArray<[string, boolean]> = [
  ["minLength", true],
  ["maxLength", false],
  ["minimum", true],
  ["maximum", false],
  ["exclusiveMinimum", true],
  ["exclusiveMaximum", false],
  ["minItems", true],
  ["maxItems", false],
];

/** A numeric bound (OpenAPI 3.0's boolean exclusiveMinimum/Maximum qualify minimum/maximum and are not bounds themselves). */
const numericBound = (schema: Schema, keyword: string): number | undefined =>
  typeof schema[keyword] === "number" ? schema[keyword] : undefined;

class OpenApiDiffer {
  readonly changes: Change[] = [];
  /**
   * Pairs of schemas already compared, per direction: recursive and shared schemas are walked once
   * per operation and direction (a schema shared by a request and a response is judged as each).
   */
  private visited = { request: new WeakMap<object, WeakSet<object>>(), response: new WeakMap<object, WeakSet<object>>() };

  constructor(
    private readonly before: OpenApiDocument,
    private readonly after: OpenApiDocument,
  ) {}

  private add(severity: Change["severity"], kind: Change["kind"], subject: string, location: string, message: string) {
    this.changes.push({ severity, kind, subject, location, message });
  }

  run(): Change[] {
    const old = operations(this.before);
    const now = operations(this.after);
    for (const [key, op] of old)
      if (!now.has(key)) this.add("breaking", "removed", "operation", `${op.method} ${op.path}`, "operation removed");
    for (const [key, op] of now) {
      const previous = old.get(key);
      if (!previous) {
        this.add("safe", "added", "operation", `${op.method} ${op.path}`, "operation added");
        continue;
      }
      this.visited = { request: new WeakMap(), response: new WeakMap() };
      this.compareOperation(previous, op);
    }
    return this.changes;
  }

  private compareOperation(before: Operation, after: Operation) {
    const where = `${after.method} ${after.path}`;
    const oldParams = parameters(this.before, before);
    const newParams = parameters(this.after, after);
    for (const [key, p] of oldParams)
      if (!newParams.has(key)) this.add("breaking", "removed", "parameter", `${where} › ${p.in} ${p.name}`, "parameter removed");
    for (const [key, p] of newParams) {
      const location = `${where} › ${p.in} ${p.name}`;
      const q = oldParams.get(key);
      if (!q) {
        this.add(
          p.required ? "breaking" : "safe",
          "added",
          "parameter",
          location,
          p.required ? "required parameter added" : "optional parameter added",
        );
        continue;
      }
      if (q.required !== p.required)
        this.add(
          p.required ? "breaking" : "safe",
          "changed",
          "parameter",
          location,
          p.required ? "parameter became required" : "parameter became optional",
        );
      this.compareSchema(q.schema, p.schema, location, "request");
    }
    this.compareRequestBody(before.operation.requestBody, after.operation.requestBody, `${where} › body`);
    this.compareResponses(before.operation.responses ?? {}, after.operation.responses ?? {}, where);
  }

  private jsonSchemaOf(document: OpenApiDocument, content: Record<string, any> | undefined): { mediaType?: string; schema?: any } {
    const entries = Object.entries<Schema>(content ?? {});
    const chosen = entries.find(([type]) => /json/i.test(type)) ?? entries[0];
    return chosen ? { mediaType: chosen[0], schema: deref(document, chosen[1])?.schema } : {};
  }

  private compareRequestBody(rawBefore: any, rawAfter: any, location: string) {
    const before = deref(this.before, rawBefore);
    const after = deref(this.after, rawAfter);
    if (!before && !after) return;
    if (!before)
      return this.add(
        after!.required ? "breaking" : "safe",
        "added",
        "request body",
        location,
        after!.required ? "required request body added" : "optional request body added",
      );
    if (!after) return this.add("breaking", "removed", "request body", location, "request body removed");
    if (!before.required && after.required) this.add("breaking", "changed", "request body", location, "request body became required");
    const a = this.jsonSchemaOf(this.before, before.content);
    const b = this.jsonSchemaOf(this.after, after.content);
    if (a.mediaType && b.mediaType && a.mediaType !== b.mediaType)
      this.add("breaking", "changed", "request body", location, `media type ${a.mediaType} → ${b.mediaType}`);
    this.compareSchema(a.schema, b.schema, location, "request");
  }

  private compareResponses(before: Record<string, any>, after: Record<string, any>, where: string) {
    for (const status of Object.keys(before)) {
      if (!(status in after))
        this.add(/^2/.test(status) ? "breaking" : "safe", "removed", "response", `${where} › ${status}`, `response ${status} removed`);
    }
    for (const status of Object.keys(after)) {
      const location = `${where} › ${status}`;
      if (!(status in before)) {
        this.add("safe", "added", "response", location, `response ${status} added`);
        continue;
      }
      const a = this.jsonSchemaOf(this.before, deref(this.before, before[status])?.content);
      const b = this.jsonSchemaOf(this.after, deref(this.after, after[status])?.content);
      if (a.schema && !b.schema) this.add("breaking", "removed", "response", location, "response body removed");
      else this.compareSchema(a.schema, b.schema, location, "response");
    }
  }

  private compareSchema(rawBefore: any, rawAfter: any, location: string, direction: Direction, depth = 0): void {
    const before = deref(this.before, rawBefore);
    const after = deref(this.after, rawAfter);
    if (!before || !after || depth > 40) return;
    const visited = this.visited[direction];
    let seen = visited.get(before);
    if (seen?.has(after)) return;
    if (!seen) visited.set(before, (seen = new WeakSet()));
    seen.add(after);

    const oldType = typeOf(this.before, before);
    const newType = typeOf(this.after, after);
    if (oldType !== newType) {
      const change = typeChange(oldType, newType);
      const what = change === "wider" ? " (accepts more)" : change === "narrower" ? " (accepts less)" : "";
      this.add(verdict(change, direction), "changed", "type", location, `type ${oldType} → ${newType}${what}`);
      // A type that only gained or lost null (or integer ↔ number) keeps its shape: compare inside it.
      if (change === "different") return;
    }
    this.compareBounds(before, after, location, direction);
    this.compareEnum(before, after, location, direction);
    if (oldType.startsWith("array")) {
      this.compareSchema(before.items, after.items, `${location}[]`, direction, depth + 1);
      return;
    }

    const a = objectShape(this.before, before);
    const b = objectShape(this.after, after);
    for (const name of Object.keys(a.properties)) {
      if (!(name in b.properties))
        this.add("breaking", "removed", "property", `${location}.${name}`, `property removed from the ${direction}`);
    }
    for (const [name, schema] of Object.entries(b.properties)) {
      const at = `${location}.${name}`;
      const required = b.required.has(name);
      if (!(name in a.properties)) {
        const breaking = direction === "request" && required;
        this.add(
          breaking ? "breaking" : "safe",
          "added",
          "property",
          at,
          `${required ? "required" : "optional"} property added to the ${direction}`,
        );
        continue;
      }
      const wasRequired = a.required.has(name);
      if (wasRequired !== required) {
        // Requests break when a field becomes required; responses break when one may now be absent.
        const breaking = direction === "request" ? required : !required;
        this.add(
          breaking ? "breaking" : "safe",
          "changed",
          "property",
          at,
          `property became ${required ? "required" : "optional"} in the ${direction}`,
        );
      }
      this.compareSchema(a.properties[name], schema, at, direction, depth + 1);
    }
  }

  /** Length, range, item-count and pattern constraints: each tightened or loosened, judged by direction. */
  private compareBounds(before: Schema, after: Schema, location: string, direction: Direction) {
    for (const [keyword, lower] of BOUNDS) {
      const a = numericBound(before, keyword);
      const b = numericBound(after, keyword);
      if (a === b) continue;
      // A lower bound that rises, or an upper bound that falls (or appears), lets fewer values through.
      const narrower = a === undefined ? true : b === undefined ? false : lower ? b > a : b < a;
      const change: Change_ = narrower ? "narrower" : "wider";
      this.add(
        verdict(change, direction),
        "changed",
        "constraint",
        location,
        `${keyword} ${a ?? "none"} → ${b ?? "none"} in the ${direction} (${narrower ? "accepts less" : "accepts more"})`,
      );
    }
    if (before.pattern !== after.pattern) {
      // A pattern added narrows, one removed widens; one replaced by another may do either.
      const change: Change_ = before.pattern === undefined ? "narrower" : after.pattern === undefined ? "wider" : "different";
      this.add(
        verdict(change, direction),
        "changed",
        "constraint",
        location,
        `pattern ${before.pattern ?? "none"} → ${after.pattern ?? "none"} in the ${direction}`,
      );
    }
  }

  private compareEnum(before: Schema, after: Schema, location: string, direction: Direction) {
    if (!Array.isArray(before.enum) && !Array.isArray(after.enum)) return;
    // An enum dropped lets any value of the type through; one added restricts to its values.
    if (!Array.isArray(after.enum) || !Array.isArray(before.enum)) {
      const change: Change_ = Array.isArray(after.enum) ? "narrower" : "wider";
      this.add(
        verdict(change, direction),
        "changed",
        "enum value",
        location,
        Array.isArray(after.enum)
          ? `values restricted to ${after.enum.map((v: unknown) => JSON.stringify(v)).join(", ")}`
          : "enum removed: any value of the type",
      );
      return;
    }
    const a = new Set((before.enum ?? []).map((v: unknown) => JSON.stringify(v)));
    const b = new Set((after.enum ?? []).map((v: unknown) => JSON.stringify(v)));
    const removed = [...a].filter((v) => !b.has(v));
    const added = [...b].filter((v) => !a.has(v));
    // A request may no longer send a removed value; a response may now return a value the consumer does not handle.
    if (removed.length)
      this.add(verdict("narrower", direction), "removed", "enum value", location, `enum values removed: ${removed.join(", ")}`);
    if (added.length) this.add(verdict("wider", direction), "added", "enum value", location, `enum values added: ${added.join(", ")}`);
  }
}

/** Operations, parameters, request bodies, responses and schema properties that differ, each flagged breaking or safe. */
export const diffOpenApi = (before: OpenApiDocument, after: OpenApiDocument): Change[] => new OpenApiDiffer(before, after).run();
