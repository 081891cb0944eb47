import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { CliError } from "./errors.ts";
import { writeFileAtomic } from "./files.ts";
import { sourcesFile } from "./workspace.ts";

/** The schema ships with the tools (it lives beside this checkout's sources.json), whatever root they work on. */
const schemaPath = resolve(dirname(fileURLToPath(import.meta.url)), "../../../specs/sources.schema.json");

export type DefinitionFormat = "openapi-3.0" | "openapi-3.1" | "swagger-2.0" | "graphql-sdl";
export type DefinitionOrigin = "upstream" | "authored" | "portal";

export interface CodegenOptions {
  /** Header parameters the client pipeline sets itself, removed from generated operations. */
  injectedHeaders?: string[];
  /** Path patterns dropped from the client. */
  excludePaths?: string[];
  /** Path patterns that are webhooks the vendor sends: generated under `webhooks`, not `paths`. */
  webhookPaths?: string[];
  /** GraphQL scalar → TypeScript type. */
  scalars?: Record<string, string>;
}

export interface SourceEntry {
  vendor: string;
  name: string;
  file: string;
  format: DefinitionFormat;
  origin: DefinitionOrigin;
  url?: string;
  sha256?: string;
  description?: string;
  license?: string;
  codegen?: CodegenOptions;
}

export interface SourcesDocument {
  $schema?: string;
  definitions: SourceEntry[];
}

let validator: ReturnType<Ajv2020["compile"]> | undefined;

function compileValidator() {
  if (!validator) {
    const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats.default(ajv);
    validator = ajv.compile(schema);
  }
  return validator;
}

/** "definitions[3] (avnet/apim): field \"sha256\" must match …" — names the entry and the field. */
function describeSchemaError(document: unknown, error: ErrorObject): string {
  const segments = error.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let where = "top level";
  if (segments[0] === "definitions" && segments[1] !== undefined) {
    const index = Number(segments[1]);
    const entry = (document as SourcesDocument).definitions?.[index];
    const label = entry && typeof entry === "object" && entry.vendor ? ` (${entry.vendor}/${entry.name ?? "?"})` : "";
    const field = segments.slice(2).join(".");
    where = `definitions[${index}]${label}${field ? `: field "${field}"` : ""}`;
  } else if (segments.length) {
    where = `field "${segments.join(".")}"`;
  }
  let detail = error.message ?? "is invalid";
  if (error.keyword === "required") detail = `is missing required field "${(error.params as { missingProperty: string }).missingProperty}"`;
  else if (error.keyword === "additionalProperty" || error.keyword === "additionalProperties")
    detail = `has unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  else if (error.keyword === "enum") detail = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  return `${where} ${detail}`;
}

/** Checks a parsed sources document: the JSON Schema first, then what a schema cannot say. */
export function validateSources(document: unknown, fileLabel = "specs/sources.json"): SourcesDocument {
  const validate = compileValidator();
  if (!validate(document)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== "if").map((e) => `  - ${describeSchemaError(document, e)}`);
    throw new CliError(`${fileLabel} is invalid:\n${[...new Set(errors)].join("\n")}`);
  }
  const doc = document as SourcesDocument;
  const problems: string[] = [];
  const seen = new Map<string, number>();
  doc.definitions.forEach((entry, index) => {
    const label = `definitions[${index}] (${entry.vendor}/${entry.name})`;
    const key = `${entry.vendor}/${entry.name}`;
    if (seen.has(key)) problems.push(`${label}: duplicates definitions[${seen.get(key)}]; vendor + name must be unique`);
    seen.set(key, index);
    if (!entry.file.startsWith(`${entry.vendor}/`)) problems.push(`${label}: field "file" must be inside the vendor's folder "${entry.vendor}/"`);
    if (entry.file.split("/").includes("..")) problems.push(`${label}: field "file" must not contain ".."`);
    const isGraphql = entry.format === "graphql-sdl";
    if (isGraphql !== /\.(graphql|gql)$/.test(entry.file)) problems.push(`${label}: field "file" extension does not fit format "${entry.format}"`);
    if (!isGraphql && entry.codegen?.scalars) problems.push(`${label}: field "codegen.scalars" applies to GraphQL definitions only`);
    if (isGraphql && (entry.codegen?.injectedHeaders || entry.codegen?.excludePaths || entry.codegen?.webhookPaths))
      problems.push(`${label}: codegen options injectedHeaders / excludePaths / webhookPaths apply to OpenAPI definitions only`);
    if (entry.origin !== "upstream" && entry.url !== undefined && entry.origin !== "portal")
      problems.push(`${label}: field "url" is for upstream (or portal) definitions only`);
  });
  if (problems.length) throw new CliError(`${fileLabel} is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return doc;
}

export async function loadSources(root: string): Promise<SourcesDocument> {
  const path = sourcesFile(root);
  const label = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${label} is not valid JSON: ${(error as Error).message}`);
  }
  return validateSources(parsed, label);
}

export async function saveSources(root: string, document: SourcesDocument): Promise<void> {
  validateSources(document);
  const sorted = [...document.definitions].sort((a, b) => a.vendor.localeCompare(b.vendor) || a.name.localeCompare(b.name));
  await writeFileAtomic(sourcesFile(root), `${JSON.stringify({ ...document, definitions: sorted }, null, 2)}\n`);
}

/** The entries for one vendor (or all); an unknown vendor is a usage error that lists the known ones. */
export function selectEntries(document: SourcesDocument, vendor: string | undefined, filter: (e: SourceEntry) => boolean = () => true): SourceEntry[] {
  if (vendor === undefined) return document.definitions.filter(filter);
  const entries = document.definitions.filter((e) => e.vendor === vendor);
  if (!entries.length) {
    const known = [...new Set(document.definitions.map((e) => e.vendor))].sort().join(", ");
    throw new CliError(`unknown vendor "${vendor}"; specs/sources.json has: ${known}`, 2);
  }
  return entries.filter(filter);
}
