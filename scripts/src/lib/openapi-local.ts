import { createRequire } from "node:module";
import { escapePointer, unescapePointer } from "./json-pointer.ts";
import type { OpenApiDocument } from "./openapi.ts";

// Redocly's YAML parser and type trees only (see redocly-types.cjs), through require: CommonJS.
type RedoclyTypes = typeof import("@redocly/openapi-core/lib/types/index.js") &
  Pick<typeof import("@redocly/openapi-core/lib/oas-types.js"), "detectSpec" | "getTypes"> &
  Pick<typeof import("@redocly/openapi-core/lib/js-yaml/index.js"), "parseYaml">;
let redoclyTypesModule: RedoclyTypes | undefined;
const redoclyTypes = () => (redoclyTypesModule ??= createRequire(import.meta.url)("./redocly-types.cjs") as RedoclyTypes);

/** A problem as Redocly's walk reports it: its message, and the JSON pointer of the node it reports on. */
export interface LocalProblem {
  message: string;
  pointer: string;
}

/**
 * What `checkLocalOpenApi` found: the document as Redocly's bundler would have returned it, with
 * the problems its checks would have reported (none: it is usable as it is); or why only
 * Redocly's resolver and bundler can tell (`declined`).
 */
export type LocalCheck = { document: OpenApiDocument; problems: LocalProblem[] } | { declined: string };

class Declined extends Error {}

/** A node as Redocly's walk meets it: the value and its pointer, a $ref followed, and what stood there (the $ref). */
interface Node {
  node: any;
  pointer: string;
  raw: unknown;
  rawPointer: string;
}

const isPlainObject = (value: unknown): value is Record<string, any> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const isRef = (node: unknown): node is { $ref: string } => isPlainObject(node) && typeof node.$ref === "string";
// Redocly's Location: a child of "#/" is "#/key", of "#/a" is "#/a/key"; array indexes as they are.
const escapeKey = (key: string | number) => (typeof key === "number" ? key : escapePointer(key));
const child = (pointer: string, key: string | number) => `${pointer.endsWith("/") ? pointer : `${pointer}/`}${escapeKey(key)}`;
/** Its oasTypeOf: JSON Schema's name for a value's type. */
const typeOf = (value: unknown) =>
  Array.isArray(value) ? "array" : value === null ? "null" : Number.isInteger(value) ? "integer" : typeof value;
/** Its matchesJsonSchemaType, for a value that may not be null. */
function matchesType(value: unknown, type: unknown): boolean {
  switch (type) {
    case "array":
      return Array.isArray(value);
    case "object":
      return isPlainObject(value);
    case "null":
      return value === null;
    case "integer":
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}
// Its path-params-defined rule's template parameters.
const TEMPLATE_PARAMETER = /\{([a-zA-Z0-9_.-]+)\}+/g;

const normalizedTypes = new Map<string, Record<string, any>>();
const propertyOrders = new WeakMap<object, Map<string, number>>();
/** Where each of a type's properties is in its list. */
function propertyOrder(type: { properties: object }): Map<string, number> {
  let order = propertyOrders.get(type);
  if (!order) propertyOrders.set(type, (order = new Map(Object.keys(type.properties).map((name, i) => [name, i]))));
  return order;
}

/**
 * Checks a definition that is one file with only local `$ref`s ("#/…"), as most are, the way
 * `loadOpenApi` has Redocly check and bundle it, without Redocly's resolver and bundling walk
 * (a third of a one-vendor run): parsed by Redocly's own YAML parser, its `struct`,
 * `no-unresolved-refs` and `path-parameters-defined` checks made on the same type trees, in the
 * same order, each node checked once per type as its walk does. Its bundler changes such a
 * document in one way, done here too: an OpenAPI 3 document without `components` gets an empty
 * one. Whatever else its bundler would do (inline a `$ref` where a plain value belongs, rewrite
 * a discriminator mapping, load another file or a URL, follow a `$ref` to a `$ref`), and what
 * its walk does differently in an operation with callbacks, is declined: Redocly loads those as
 * before. So is what its resolver and walk do that is not modelled here: a key that
 * Object.prototype has, a `$ref` at the top level, the fields beside a `$ref` to a node walked
 * already, a path parameter found a wrong type in as another type, a discriminator mapping in a
 * root with a wrong type. So are text that does not parse and documents that are not OpenAPI 3
 * (Redocly says where and why).
 */
export function checkLocalOpenApi(text: string, file: string): LocalCheck {
  try {
    return check(text, file);
  } catch (error) {
    if (error instanceof Declined) return { declined: error.message };
    throw error;
  }
}

function check(text: string, file: string): { document: OpenApiDocument; problems: LocalProblem[] } {
  const { parseYaml, detectSpec, getTypes, normalizeTypes, isNamedType, SpecExtension } = redoclyTypes();
  let document: unknown;
  try {
    // As Redocly's resolver reads a file: line ends made "\n" first.
    document = parseYaml(text.replace(/\r\n/g, "\n"), { filename: file });
  } catch {
    throw new Declined("the text does not parse");
  }
  if (!isPlainObject(document)) throw new Declined("not an object");
  // Its walk takes the node a root $ref points at for the root (its bundler adds components there).
  if (isRef(document)) throw new Declined("the root is a $ref");
  let version: string;
  try {
    version = detectSpec(document);
  } catch {
    throw new Declined("not an OpenAPI document");
  }
  if (version !== "oas3_0" && version !== "oas3_1") throw new Declined(`${version} is not OpenAPI 3`);
  let types = normalizedTypes.get(version);
  if (!types) normalizedTypes.set(version, (types = normalizeTypes(getTypes(version as never), { doNotResolveExamples: false } as never)));
  const scalar = { name: "scalar", properties: {} };
  const root = document;

  // Every $ref in the document, as Redocly's resolver follows them (in every node, typed or not):
  // each must point into this document, at a value that is not another $ref.
  const resolved = new Map<string, { node: unknown; pointer: string }>();
  const resolve = (ref: string) => {
    let found = resolved.get(ref);
    if (found) return found;
    const parts = ref.split("#/");
    if (parts[0] !== "" || parts.length !== 2) throw new Declined(`$ref "${ref}" is not a local JSON pointer`);
    let segments: string[];
    try {
      segments = parts[1]!
        .split("/")
        .map((token) => decodeURIComponent(unescapePointer(token)))
        .filter(Boolean);
    } catch {
      throw new Declined(`$ref "${ref}" is not a valid URI fragment`);
    }
    let node: unknown = root;
    let pointer = "#/";
    for (const segment of segments) {
      if (!isPlainObject(node) && !Array.isArray(node)) throw new Declined(`$ref "${ref}" does not resolve`);
      if (!Object.hasOwn(node, segment) || (node as any)[segment] === undefined) throw new Declined(`$ref "${ref}" does not resolve`);
      node = (node as any)[segment];
      pointer = child(pointer, segment);
    }
    if (isRef(node)) throw new Declined(`$ref "${ref}" points at another $ref`);
    resolved.set(ref, (found = { node, pointer }));
    return found;
  };
  const scanned = new Set<object>();
  const scan = (node: unknown, at: string) => {
    if (node === null || typeof node !== "object" || scanned.has(node)) return;
    scanned.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) scan(node[i], child(at, i));
      return;
    }
    if (isRef(node))
      try {
        resolve(node.$ref);
      } catch (error) {
        // Where the $ref stands: what Redocly then says of it (a loop, a malformed escape) names no place.
        throw error instanceof Declined ? new Declined(`${error.message} at ${at}`) : error;
      }
    if (typeof (node as Record<string, unknown>).externalValue === "string") throw new Declined("an example has an externalValue");
    for (const key in node) {
      // Redocly looks every key up in its type trees' plain objects, where one that
      // Object.prototype has (hasOwnProperty, constructor, valueOf…) finds a function: its
      // resolver calls it, on nodes the walk here never reaches too (beside a $ref, under an
      // unknown field), and throws or takes the value for a scalar.
      if (key in Object.prototype) throw new Declined(`the key "${key}" is a name Object.prototype has`);
      scan((node as Record<string, unknown>)[key], child(at, key));
    }
  };
  scan(root, "#/");

  const problems: LocalProblem[] = [];
  const report = (message: string, pointer: string) => problems.push({ message, pointer });
  const seen = new Map<string, Set<unknown>>();
  // Nodes after whose struct problem Redocly's walk runs no further check on them, with the type
  // they were first walked as then.
  const ignored = new Map<string, string>();
  const ignore = (pointer: string, type: { name: string }) => {
    if (!ignored.has(pointer)) ignored.set(pointer, type.name);
  };

  /** Redocly's `struct` rule on one node of type `type` at `pointer` (the node's own, a $ref followed). */
  const struct = (node: any, type: any, pointer: string, key: string | number) => {
    const nodeType = typeOf(node);
    if (type.items) {
      if (nodeType !== "array") {
        report(`Expected type \`${type.name}\` (array) but got \`${nodeType}\``, pointer);
        ignore(pointer, type);
      }
      return;
    }
    if (nodeType !== "object") {
      if (type !== SpecExtension) report(`Expected type \`${type.name}\` (object) but got \`${nodeType}\``, pointer);
      ignore(pointer, type);
      return;
    }
    const required = typeof type.required === "function" ? type.required(node, key) : type.required;
    for (const name of required ?? [])
      if (!Object.hasOwn(node, name)) report(`The field \`${name}\` must be present on this level.`, pointer);
    const allowed = type.allowed?.(node);
    if (allowed)
      for (const name in node)
        if (
          !allowed.includes(name) &&
          !(type.extensionsPrefix && name.startsWith(type.extensionsPrefix)) &&
          Object.hasOwn(type.properties, name)
        )
          report(`The field \`${name}\` is not allowed here.`, child(pointer, name));
    if (type.requiredOneOf && !type.requiredOneOf.some((name: string) => Object.hasOwn(node, name)))
      report(`Must contain at least one of the following fields: ${type.requiredOneOf.join(", ")}.`, pointer);
    const enumProblem = (values: unknown[], value: unknown, name: string, at: string) => {
      if (!values.includes(value)) report(`\`${name}\` can be one of the following only: ${values.map((v) => `"${v}"`).join(", ")}.`, at);
    };
    for (const name of Object.keys(node)) {
      let value = node[name];
      // A property listed as null takes any value: only one not listed at all takes additionalProperties.
      let schema = type.properties[name] === undefined ? type.additionalProperties : type.properties[name];
      if (typeof schema === "function") schema = schema(value, name);
      if (isNamedType(schema)) continue;
      // As Redocly's rule has it: the type named in messages is that of the value before a $ref is followed.
      const valueType = typeOf(value);
      if (schema === undefined) {
        if (!name.startsWith("x-")) report(`Property \`${name}\` is not expected here.`, child(pointer, name));
        continue;
      }
      if (schema === null) continue;
      if (schema.resolvable !== false && isRef(value)) value = resolve(value.$ref).node;
      if (schema.items?.enum && Array.isArray(value))
        for (let i = 0; i < value.length; i++) enumProblem(schema.items.enum, value[i], name, child(child(pointer, name), i));
      if (schema.enum) enumProblem(schema.enum, value, name, child(pointer, name));
      else if (schema.type && !matchesType(value, schema.type)) {
        report(`Expected type \`${schema.type}\` but got \`${valueType}\`.`, child(pointer, name));
        ignore(pointer, type);
      } else if (valueType === "array" && schema.items?.type)
        for (let i = 0; i < value.length; i++)
          if (!matchesType(value[i], schema.items.type))
            report(`Expected type \`${schema.items.type}\` but got \`${typeOf(value[i])}\`.`, child(child(pointer, name), i));
      if (typeof schema.minimum === "number" && schema.minimum > node[name])
        report(`The value of the ${name} field must be greater than or equal to ${schema.minimum}`, child(pointer, name));
      if (name === "nullable" && !node.type)
        report("The `type` field must be defined when the `nullable` field is used.", child(pointer, name));
    }
  };

  /** Redocly's `path-parameters-defined` on a path item (first met under `key`), once its nodes are checked. */
  const pathParameters = (pathItem: Node, key: string | number) => {
    const template = new Set(Array.from(String(key).matchAll(TEMPLATE_PARAMETER), (m) => m[1]!));
    // Its walk follows a $ref wherever a typed node is, an operation's or a parameter list's too.
    const deref = (raw: unknown, at: string): Node => ({
      ...(isRef(raw) ? resolve(raw.$ref) : { node: raw, pointer: at }),
      raw,
      rawPointer: at,
    });
    // A field of a node, or where the node has none, beside the $ref that stands for it (as its walk has them).
    const field = (holder: Node, name: string): Node =>
      holder.node[name] !== undefined || !isRef(holder.raw)
        ? deref(holder.node[name], child(holder.pointer, name))
        : deref((holder.raw as Record<string, unknown>)[name], child(holder.rawPointer, name));
    // Here the path item's checks come after its walk, which may have found a wrong type in one
    // of its nodes as another type later than Redocly's visitor met it: left to Redocly.
    const ignoredAs = (at: string, type: string) => {
      if (ignored.has(at) && ignored.get(at) !== type) throw new Declined(`the ${type} at ${at} was walked as ${ignored.get(at)} too`);
      return ignored.has(at);
    };
    const declared = (holder: Node, into: Set<string>) => {
      const { node: list, pointer: listAt } = field(holder, "parameters");
      if (!Array.isArray(list) || ignoredAs(listAt, "ParameterList")) return;
      list.forEach((raw: unknown, i: number) => {
        const { node: parameter, pointer: where } = deref(raw, child(listAt, i));
        if (!isPlainObject(parameter) || parameter.in !== "path" || !parameter.name || ignoredAs(where, "Parameter")) return;
        into.add(parameter.name);
        if (!template.has(parameter.name))
          report(`Path parameter \`${parameter.name}\` is not used in the path \`${key}\`.`, child(where, "name"));
      });
    };
    const onPath = new Set<string>();
    declared(pathItem, onPath);
    for (const method of ["get", "put", "post", "delete", "options", "head", "patch", "trace"]) {
      const operationNode = field(pathItem, method);
      const { node: operation, pointer: at } = operationNode;
      if (!isPlainObject(operation)) continue;
      if (ignoredAs(at, "Operation")) {
        // Its walk runs no visitor on an operation its struct rule found a wrong type in, so its
        // parameters are met by the path item's visitor instead: path-level ones then, for the
        // operations after it too; and where the walk saw it before, not met again at all.
        if (operationWalkedIn.get(operation) === pathItem.pointer) declared(operationNode, onPath);
        continue;
      }
      const onOperation = new Set<string>();
      declared(operationNode, onOperation);
      for (const name of template)
        if (!onOperation.has(name) && !onPath.has(name))
          report(`The operation does not define the path parameter \`{${name}}\` expected by path \`${key}\`.`, child(at, "parameters"));
    }
  };

  // The path item each operation was first walked in (Redocly's walk goes through a node once).
  const operationWalkedIn = new Map<object, string | undefined>();
  let pathItemAt: string | undefined;

  /** Redocly's walkDocument, with the three checks as its visitors. */
  const walk = (node: unknown, type: any, pointer: string, key: string | number) => {
    let target = node;
    let at = pointer;
    if (isRef(node)) {
      // Its bundler would put the value itself where a $ref stands for a plain value.
      if (type.name === "scalar") throw new Declined(`the $ref at ${pointer} stands for a plain value`);
      ({ node: target, pointer: at } = resolve(node.$ref));
    }
    if (target === undefined || type.name === "scalar") return;
    let seenOfType = seen.get(type.name);
    if (!seenOfType) seen.set(type.name, (seenOfType = new Set()));
    if (seenOfType.has(target)) {
      // Its walk goes through a node it has seen again where a visitor of path-parameters-defined
      // is under way (a path item's operations, parameter lists and parameters), and so through
      // the fields beside a $ref to it, each new to it: their struct problems and $refs for plain
      // values would count then. Which nodes it goes through again is its visitors' business.
      if (
        isRef(node) &&
        isPlainObject(target) &&
        Object.entries(node).some(
          ([name, value]) => name !== "$ref" && target[name] === undefined && value !== null && typeof value === "object",
        )
      )
        throw new Declined(`the $ref at ${pointer} has fields beside it that Redocly's walk may go through`);
      return;
    }
    seenOfType.add(target);
    // Where its struct rule found a wrong type (here or walked as another type before), its walk
    // runs no further visitor on the node: no struct rule for another type, no bundler's Root.
    if (!ignored.has(at)) struct(target, type, at, key);
    // Its bundler's Root visitor, after the struct rule has checked the root.
    if (target === root && type === types.Root && !ignored.has(at)) root.components = root.components || {};
    if (type.name === "Operation" && isPlainObject(target)) operationWalkedIn.set(target, pathItemAt);
    const outerPathItem = pathItemAt;
    if (type.name === "PathItem") pathItemAt = at;
    // Its path item visitor runs (or not) before the walk goes through the path item's nodes.
    const pathItemChecked = type.name === "PathItem" && isPlainObject(target) && !ignored.has(at);
    if (type.name === "Operation" && isPlainObject(target) && isPlainObject(target.callbacks) && Object.keys(target.callbacks).length)
      throw new Declined(`the operation at ${at} has callbacks`);
    if (type.name === "DiscriminatorMapping" && isPlainObject(target)) {
      // Its bundler saves a mapping's schema in the components its Root visitor found, which
      // did not run on a root with a wrong type in it: it throws.
      if (ignored.has("#/")) throw new Declined(`discriminator mapping at ${at} in a root Redocly's bundler did not visit`);
      for (const [name, value] of Object.entries(target)) {
        // Its bundler rewrites a mapping to "#/components/schemas/<the target's last key>".
        const component = typeof value === "string" ? /^#\/components\/schemas\/([^/~%]+)$/.exec(value)?.[1] : undefined;
        if (component === undefined || root.components?.schemas?.[component] !== resolve(value as string).node)
          throw new Declined(`discriminator mapping "${name}" at ${at} is not "#/components/schemas/<name>"`);
      }
    }
    if (Array.isArray(target)) {
      if (type.items !== undefined)
        target.forEach((item, i) => {
          const itemType = typeof type.items === "function" ? type.items(item, `${file}${child(at, i)}`) : type.items;
          if (isNamedType(itemType)) walk(item, itemType, child(at, i), i);
        });
    } else if (isPlainObject(target)) {
      // Its walk's order: the type's properties in the order the type lists them, then the
      // node's others (each only where the type takes others), then those beside a $ref. A
      // property the node does not have is nothing to walk.
      const order = propertyOrder(type);
      const walked = (name: string) =>
        order.has(name) || type.additionalProperties || (type.extensionsPrefix && name.startsWith(type.extensionsPrefix));
      const listed: string[] = [];
      const others: string[] = [];
      for (const name of Object.keys(target)) if (walked(name)) (order.has(name) ? listed : others).push(name);
      if (isRef(node))
        for (const name of Object.keys(node))
          if (name !== "$ref" && !(Object.hasOwn(target, name) && walked(name))) (order.has(name) ? listed : others).push(name);
      listed.sort((a, b) => order.get(a)! - order.get(b)!);
      for (const name of [...listed, ...others]) {
        let value = target[name];
        let from = at;
        if (value === undefined) {
          // Beside a $ref: resolved against where the $ref is.
          value = (node as Record<string, unknown>)[name];
          from = pointer;
        }
        let propertyType = type.properties[name] === undefined ? type.additionalProperties : type.properties[name];
        if (typeof propertyType === "function") propertyType = propertyType(value, name);
        if (propertyType === undefined && type.extensionsPrefix && name.startsWith(type.extensionsPrefix)) propertyType = SpecExtension;
        if (!isNamedType(propertyType) && propertyType?.directResolveAs) {
          propertyType = propertyType.directResolveAs;
          value = { $ref: value };
        }
        if (propertyType && propertyType.name === undefined && propertyType.resolvable !== false) propertyType = scalar;
        if (!isNamedType(propertyType) || (propertyType.name === "scalar" && !isRef(value))) continue;
        walk(value, propertyType, child(from, name), name);
      }
    }
    pathItemAt = outerPathItem;
    if (pathItemChecked) pathParameters({ node: target, pointer: at, raw: node, rawPointer: pointer }, key);
  };

  walk(root, types.Root, "#/", "");
  return { document: root, problems };
}
