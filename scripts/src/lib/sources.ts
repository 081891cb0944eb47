import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { CliError } from "./errors.ts";
import { writeFileAtomic } from "./files.ts";
import { sha256 } from "./hash.ts";
import { biomeJson } from "./json-layout.ts";
import { legacySourcesFile, specsDir, vendorSourcesFile } from "./workspace.ts";
import { unescapePointer } from "./json-pointer.ts";

/** The schema ships with the tools (it lives in this checkout's specs/), whatever root they work on. */
const schemaPath = resolve(dirname(fileURLToPath(import.meta.url)), "../../../specs/sources.schema.json");

export type DefinitionFormat = "openapi-3.0" | "openapi-3.1" | "swagger-2.0" | "graphql-sdl";
export type DefinitionOrigin = "upstream" | "authored" | "portal";

/**
 * How code is generated from one definition. The headers a client sets itself (left out of the
 * generated operations) are not here: they are the vendor's data, packages/<vendor>/src/vendor.ts.
 */
export interface CodegenOptions {
  /** Path patterns dropped from the client. */
  excludePaths?: string[];
  /** Path patterns that are webhooks the vendor sends: generated under `webhooks`, not `paths`. */
  webhookPaths?: string[];
  /** GraphQL scalar → TypeScript type. */
  scalars?: Record<string, string>;
}

/**
 * One definition as the tools use it: `vendor` is the folder its sources file lives in and `file`
 * is relative to specs/ (`avnet/apim.yaml`). On disk the vendor is implied and `file` is relative
 * to the vendor's folder (`apim.yaml`).
 */
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

/** What specs/<vendor>/sources.json holds. */
export interface VendorSourcesDocument {
  $schema?: string;
  definitions: Array<Omit<SourceEntry, "vendor">>;
}

export interface SourcesDocument {
  definitions: SourceEntry[];
}

/** A vendor id (and a definition name): lower-case words joined by "-", as package folders are named. */
export const VENDOR_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

let validator: ValidateFunction | undefined;

/** scripts/node_modules/.cache/ (from scripts/src/lib/ and from the generate bin's bundle alike). */
const validatorCacheDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../node_modules/.cache/sources-schema");
const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true } as const;

/**
 * The schema's validator. Ajv compiles a schema into JavaScript, which cost a third of a
 * `pnpm generate` that finds nothing to do: the code it made is kept (ajv's standalone code, a
 * CommonJS module) under a name from the schema, the versions of ajv and ajv-formats and the
 * options, and required by the next process. A kept module that cannot be loaded is made again.
 */
function compileValidator(): ValidateFunction {
  if (validator) return validator;
  const text = readFileSync(schemaPath, "utf8");
  // CommonJS, through require: imported as ES modules, Node would first scan their files for
  // export names, and `pnpm generate` could not load them from V8's code cache.
  const require = createRequire(import.meta.url);
  const ajvEntry = require.resolve("ajv/dist/2020.js");
  const key = sha256([text, ajvEntry, require.resolve("ajv-formats"), JSON.stringify(AJV_OPTIONS)].join("\0")).slice(0, 32);
  const kept = join(validatorCacheDir, `${key}.cjs`);
  if (existsSync(kept)) {
    try {
      const loaded: unknown = require(kept);
      // A file cut short by a crash may load as an empty module: made again below, like a damaged one.
      if (typeof loaded === "function") return (validator = loaded as ValidateFunction);
    } catch {
      // Damaged: made again below.
    }
  }
  const ajvModule = require(ajvEntry) as typeof import("ajv/dist/2020.js");
  const addFormats = require("ajv-formats") as typeof import("ajv-formats");
  // The formats as the standalone module finds them (from its own folder in scripts/node_modules).
  const formats = ajvModule._`require("ajv-formats/dist/formats").fullFormats`;
  const ajv = new ajvModule.Ajv2020({ ...AJV_OPTIONS, code: { source: true, formats } });
  addFormats.default(ajv);
  validator = ajv.compile(JSON.parse(text));
  try {
    const { default: standaloneCode } = require("ajv/dist/standalone/index.js") as typeof import("ajv/dist/standalone/index.js");
    mkdirSync(validatorCacheDir, { recursive: true });
    const temp = `${kept}.${process.pid}.tmp`;
    writeFileSync(temp, standaloneCode(ajv, validator));
    renameSync(temp, kept);
  } catch {
    // Not kept (a read-only checkout): the next process compiles it again.
  }
  return validator;
}

/** "definitions[0] (avnet/apim): field \"sha256\" must match …" — names the entry and the field. */
function describeSchemaError(vendor: string, document: unknown, error: ErrorObject): string {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => unescapePointer(s));
  let where = "top level";
  if (segments[0] === "definitions" && segments[1] !== undefined) {
    const index = Number(segments[1]);
    const entry = (document as VendorSourcesDocument).definitions?.[index];
    const label = entry && typeof entry === "object" ? ` (${vendor}/${typeof entry.name === "string" ? entry.name : "?"})` : "";
    const field = segments.slice(2).join(".");
    where = `definitions[${index}]${label}${field ? `: field "${field}"` : ""}`;
  } else if (segments.length) {
    where = `field "${segments.join(".")}"`;
  }
  let detail = error.message ?? "is invalid";
  const unknown = (error.params as { additionalProperty?: string }).additionalProperty;
  if (unknown === "injectedHeaders" && segments.at(-1) === "codegen")
    detail = `has "injectedHeaders", which now lives in the vendor's data: list the headers the client sets in the \`headers\` of packages/${vendor}/src/vendor.ts and remove them here`;
  else if (error.keyword === "required")
    detail = `is missing required field "${(error.params as { missingProperty: string }).missingProperty}"`;
  else if (error.keyword === "additionalProperty" || error.keyword === "additionalProperties")
    detail = `has unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  else if (error.keyword === "enum")
    detail = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  return `${where} ${detail}`;
}

/**
 * Checks one vendor's parsed sources document (the JSON Schema first, then what a schema cannot
 * say) and returns its entries as the tools use them. Errors name the file, the entry and the field.
 */
export function validateVendorSources(document: unknown, vendor: string, fileLabel = `specs/${vendor}/sources.json`): SourceEntry[] {
  if (!VENDOR_ID.test(vendor))
    throw new CliError(
      `${fileLabel}: the folder name "${vendor}" must be lower-case words joined by "-" (it names the vendor and its package)`,
    );
  const validate = compileValidator();
  if (!validate(document)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== "if").map((e) => `  - ${describeSchemaError(vendor, document, e)}`);
    throw new CliError(`${fileLabel} is invalid:\n${[...new Set(errors)].join("\n")}`);
  }
  const doc = document as VendorSourcesDocument;
  const problems: string[] = [];
  const seen = new Map<string, number>();
  doc.definitions.forEach((entry, index) => {
    const label = `definitions[${index}] (${vendor}/${entry.name})`;
    if (seen.has(entry.name))
      problems.push(`${label}: duplicates definitions[${seen.get(entry.name)}]; names must be unique within a vendor`);
    seen.set(entry.name, index);
    if (entry.file.split("/").includes("..")) problems.push(`${label}: field "file" must not contain ".."`);
    if (entry.file === "sources.json") problems.push(`${label}: field "file" names the sources file itself`);
    const isGraphql = entry.format === "graphql-sdl";
    if (isGraphql !== /\.(graphql|gql)$/.test(entry.file))
      problems.push(`${label}: field "file" extension does not fit format "${entry.format}"`);
    if (!isGraphql && entry.codegen?.scalars) problems.push(`${label}: field "codegen.scalars" applies to GraphQL definitions only`);
    if (isGraphql && (entry.codegen?.excludePaths || entry.codegen?.webhookPaths))
      problems.push(`${label}: codegen options excludePaths / webhookPaths apply to OpenAPI definitions only`);
    if (entry.origin === "authored" && entry.url !== undefined)
      problems.push(`${label}: field "url" is for upstream (or portal) definitions only`);
  });
  if (problems.length) throw new CliError(`${fileLabel} is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return doc.definitions.map((entry) => ({ vendor, ...entry, file: `${vendor}/${entry.file}` }));
}

/**
 * The single specs/sources.json of revisions before the per-vendor files: each entry is checked
 * as if it sat in its vendor's file, so old and new revisions obey the same rules.
 */
export function validateLegacySources(document: unknown, fileLabel = "specs/sources.json"): SourceEntry[] {
  const definitions = (document as { definitions?: unknown })?.definitions;
  if (!Array.isArray(definitions)) throw new CliError(`${fileLabel} is invalid:\n  - top level is missing required field "definitions"`);
  const byVendor = new Map<string, Array<Record<string, unknown>>>();
  definitions.forEach((raw, index) => {
    const entry = raw as Record<string, unknown>;
    if (typeof entry?.vendor !== "string")
      throw new CliError(`${fileLabel} is invalid:\n  - definitions[${index}] is missing required field "vendor"`);
    const { vendor, ...rest } = entry;
    const file = typeof rest.file === "string" && rest.file.startsWith(`${vendor}/`) ? rest.file.slice(vendor.length + 1) : rest.file;
    if (file === rest.file)
      throw new CliError(
        `${fileLabel} is invalid:\n  - definitions[${index}] (${vendor}/${String(rest.name)}): field "file" must be inside the vendor's folder "${vendor}/"`,
      );
    byVendor.set(vendor, [...(byVendor.get(vendor) ?? []), { ...rest, file }]);
  });
  return [...byVendor].flatMap(([vendor, entries]) =>
    validateVendorSources({ definitions: entries }, vendor, `${fileLabel} (vendor ${vendor})`),
  );
}

const shown = (path: string) => relative(process.cwd(), path) || path;

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${shown(path)}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${shown(path)} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Vendor folders under specs/ that hold a sources.json. */
export async function listVendors(root: string): Promise<string[]> {
  const entries = await readdir(specsDir(root), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && existsSync(vendorSourcesFile(root, e.name)))
    .map((e) => e.name)
    .sort();
}

/** One vendor's entries, read from its own file only; an unknown vendor is a usage error that lists the known ones. */
export async function loadVendorSources(root: string, vendor: string): Promise<SourceEntry[]> {
  const path = vendorSourcesFile(root, vendor);
  if (!VENDOR_ID.test(vendor) || !existsSync(path)) {
    throw new CliError(
      `unknown vendor "${vendor}": there is no specs/${vendor}/sources.json; known vendors: ${(await listVendors(root)).join(", ") || "none"}`,
      2,
    );
  }
  return validateVendorSources(await readJson(path), vendor, shown(path));
}

/**
 * The entries of one vendor (reading that vendor's file and no other, so its generate task
 * depends on its own metadata only) or of every vendor.
 */
export async function loadSources(root: string, vendor?: string): Promise<SourcesDocument> {
  if (vendor !== undefined) return { definitions: await loadVendorSources(root, vendor) };
  const vendors = await listVendors(root);
  if (!vendors.length && existsSync(legacySourcesFile(root)))
    throw new CliError(
      `${shown(legacySourcesFile(root))} is the old single sources file: move each entry into specs/<vendor>/sources.json`,
    );
  const definitions: SourceEntry[] = [];
  for (const v of vendors) definitions.push(...(await loadVendorSources(root, v)));
  return { definitions };
}

/** Writes one vendor's sources file (entries sorted by name), after validating it. */
export async function saveVendorSources(root: string, vendor: string, entries: SourceEntry[]): Promise<void> {
  const stray = entries.find((e) => e.vendor !== vendor || !e.file.startsWith(`${vendor}/`));
  if (stray) throw new CliError(`internal: ${stray.vendor}/${stray.name} does not belong in specs/${vendor}/sources.json`);
  const document: VendorSourcesDocument = {
    $schema: "../sources.schema.json",
    definitions: [...entries]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ vendor: _, ...entry }) => ({ ...entry, file: entry.file.slice(vendor.length + 1) })),
  };
  validateVendorSources(document, vendor);
  // As Biome lays it out: `pnpm lint` passes on what specs add and pull write.
  await writeFileAtomic(vendorSourcesFile(root, vendor), biomeJson(document));
}

/**
 * An older revision's sources without the fields that have since moved (`codegen.injectedHeaders`,
 * now the vendor's data): what it says about its definitions can still be compared.
 */
function withoutRetired(document: unknown): unknown {
  const definitions = (document as { definitions?: unknown })?.definitions;
  if (!Array.isArray(definitions)) return document;
  return {
    ...(document as object),
    definitions: definitions.map((entry) => {
      if (!entry?.codegen || typeof entry.codegen !== "object" || !("injectedHeaders" in entry.codegen)) return entry;
      const {
        codegen: { injectedHeaders: _, ...codegen },
        ...others
      } = entry;
      return Object.keys(codegen).length ? { ...others, codegen } : others;
    }),
  };
}

/**
 * The entries of one vendor in a checked-out tree of any revision: its own sources file, or the
 * single specs/sources.json older revisions have. Undefined when the vendor is in neither.
 */
export async function loadVendorSourcesInTree(root: string, vendor: string, revisionLabel: string): Promise<SourceEntry[] | undefined> {
  const own = vendorSourcesFile(root, vendor);
  if (existsSync(own))
    return validateVendorSources(withoutRetired(await readJson(own)), vendor, `specs/${vendor}/sources.json at ${revisionLabel}`);
  const legacy = legacySourcesFile(root);
  if (existsSync(legacy)) {
    const entries = validateLegacySources(withoutRetired(await readJson(legacy)), `specs/sources.json at ${revisionLabel}`).filter(
      (e) => e.vendor === vendor,
    );
    return entries.length ? entries : undefined;
  }
  return undefined;
}
