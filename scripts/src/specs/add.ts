import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { convertObj } from "swagger2openapi";
import { stringify } from "yaml";
import { CliError, errorMessage } from "../lib/errors.ts";
import { writeFileAtomic } from "../lib/files.ts";
import { sha256 } from "../lib/hash.ts";
import {
  detectOpenApiVersion,
  formatProblems,
  loadOpenApi,
  loadOpenApiDocument,
  validateOpenApiDocument,
  type OpenApiDocument,
} from "../lib/openapi.ts";
import { repairDefinition } from "../lib/repair.ts";

import { loadVendorSources, saveVendorSources, VENDOR_ID, type SourceEntry } from "../lib/sources.ts";
import { parseStructured, readSourceInput } from "../lib/source-input.ts";
import { definitionPath, vendorSourcesFile } from "../lib/workspace.ts";

export interface AddOptions {
  root: string;
  vendor: string;
  /** A file path (relative to cwd) or an http(s) URL. */
  input: string;
  cwd: string;
  name?: string;
  log?: (line: string) => void;
}

export interface AddResult {
  entry: SourceEntry;
  /** The definition as stored: validated, bundled, converted to OpenAPI 3.0 where it was Swagger 2.0. */
  document: OpenApiDocument;
  /** What was repaired, each with file and JSON pointer (also logged). */
  warnings: string[];
  replaced?: SourceEntry;
  convertedFrom?: "swagger-2.0";
}

/** "front-office" → "FrontOffice": the prefix of a second definition's type names. */
export const pascalOf = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * The line a vendor package's src/index.ts gets for a definition beside its first one: the
 * generated `paths`, `components` and `operations` under names of their own
 * (`<Name>Paths`, …), written as the formatter would (`pnpm lint` stays green).
 */
export function definitionTypesExport(entry: SourceEntry): string {
  const prefix = pascalOf(entry.name);
  const names = [`components as ${prefix}Components`, `operations as ${prefix}Operations`, `paths as ${prefix}Paths`];
  const from = `from "./generated/${entry.name}.ts";`;
  const line = `export type { ${names.join(", ")} } ${from}`;
  const statement = line.length <= 140 ? line : `export type {\n${names.map((n) => `  ${n},\n`).join("")}} ${from}`;
  return `// specs/${entry.file} (added by \`pnpm specs add\`): its types under names of their own.\n${statement}\n`;
}

/**
 * Exports a new definition's types from the vendor's package when the package already has a
 * definition (the first one's are `paths`, `components`, `operations`, written by new-vendor).
 * Returns the names exported, or undefined when there is nothing to do.
 */
async function exportDefinitionTypes(root: string, entry: SourceEntry): Promise<string | undefined> {
  const index = join(root, "packages", entry.vendor, "src", "index.ts");
  if (!existsSync(index)) return undefined;
  const source = await readFile(index, "utf8");
  const prefix = pascalOf(entry.name);
  if (source.includes(`paths as ${prefix}Paths`)) return undefined;
  await writeFileAtomic(index, `${source.replace(/\n*$/, "\n")}\n${definitionTypesExport(entry)}`);
  return `${prefix}Paths, ${prefix}Components and ${prefix}Operations`;
}

const slug = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    // "Netlify's API" is netlifys-api, not netlify-s-api.
    .replace(/(\w)['\u2019](\w)/g, "$1$2")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/^(\d)/, "v$1") || "api";

/**
 * Imports a definition a user downloaded from a vendor's portal: validated (file, line and JSON
 * pointer of the first errors), external $refs bundled, Swagger 2.0 converted to OpenAPI 3.0,
 * stored under specs/<vendor>/ and recorded in specs/<vendor>/sources.json with origin "portal".
 */
export async function addDefinition(options: AddOptions): Promise<AddResult> {
  const log = options.log ?? (() => {});
  if (!VENDOR_ID.test(options.vendor))
    throw new CliError(`vendor "${options.vendor}" must be lower-case words joined by "-" (it names the package folder)`, 2);
  if (options.name !== undefined && !VENDOR_ID.test(options.name))
    throw new CliError(`--name "${options.name}" must be lower-case words joined by "-"`, 2);

  // A new vendor starts with no sources file; an existing one must be valid before it is rewritten.
  const vendorEntries = existsSync(vendorSourcesFile(options.root, options.vendor))
    ? await loadVendorSources(options.root, options.vendor)
    : [];
  const input = await readSourceInput(options.input, options.cwd);
  const parsed = parseStructured(input.text, options.input);
  const version = detectOpenApiVersion(parsed, options.input);

  // Published definitions are messy: common defects are repaired with a warning each, not refused.
  const repaired = repairDefinition(parsed as OpenApiDocument, version, options.input);
  for (const warning of repaired.warnings) log(`warn  ${warning}`);
  let document: OpenApiDocument = repaired.warnings.length
    ? await loadOpenApiDocument(repaired.document, input.ref, options.input)
    : await loadOpenApi(input.ref, options.input);
  let format: SourceEntry["format"] = version;
  if (version === "swagger-2.0") {
    try {
      document = (await convertObj(document, { patch: true, warnOnly: true })).openapi;
    } catch (error) {
      throw new CliError(`${options.input}: cannot convert Swagger 2.0 to OpenAPI 3.0: ${errorMessage(error)}`);
    }
    format = "openapi-3.0";
    const problems = await validateOpenApiDocument(document);
    if (problems.length)
      throw new CliError(`${options.input}: the OpenAPI 3.0 converted from Swagger 2.0 is invalid:\n${formatProblems(problems)}`);
  }

  const openApiEntries = vendorEntries.filter((e) => e.format !== "graphql-sdl");
  const name = options.name ?? (openApiEntries.length === 1 ? openApiEntries[0]!.name : slug(String(document.info?.title ?? "api")));
  const replaced = vendorEntries.find((e) => e.name === name);
  if (replaced?.format === "graphql-sdl")
    throw new CliError(`${options.vendor}/${name} is a GraphQL definition; pass --name to add the OpenAPI one beside it`, 2);

  const extension = input.serialization === "json" ? "json" : "yaml";
  const file = `${options.vendor}/${name}.${extension}`;
  const text =
    extension === "json" ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });

  const entry: SourceEntry = {
    vendor: options.vendor,
    name,
    file,
    format,
    origin: "portal",
    ...(/^https?:/i.test(options.input) ? { url: options.input } : {}),
    sha256: sha256(text),
    ...(replaced?.description ? { description: replaced.description } : {}),
    ...(replaced?.license ? { license: replaced.license } : {}),
    // The package's pipeline still injects the same headers and the same paths stay out.
    ...(replaced?.codegen ? { codegen: replaced.codegen } : {}),
  };
  await writeFileAtomic(definitionPath(options.root, file), text);
  await saveVendorSources(options.root, options.vendor, [...vendorEntries.filter((e) => e !== replaced), entry]);
  if (replaced && replaced.file !== file) await rm(definitionPath(options.root, replaced.file), { force: true });

  log(
    `ok    ${options.vendor}/${name}: ${options.input} → specs/${file} (${format}${version === "swagger-2.0" ? ", converted from Swagger 2.0" : ""}, sha256 ${entry.sha256!.slice(0, 12)}…)`,
  );
  if (replaced) log(`      replaces the ${replaced.origin} definition specs/${replaced.file}; codegen options kept`);
  // A definition beside others: its generated types would otherwise be exported nowhere.
  const exported = !replaced && vendorEntries.length ? await exportDefinitionTypes(options.root, entry) : undefined;
  if (exported)
    log(`      its types are exported from @vendor-clients/${options.vendor} as ${exported} (packages/${options.vendor}/src/index.ts)`);
  log(`      next: pnpm specs diff ${options.vendor} && pnpm generate ${options.vendor}`);
  return {
    entry,
    document,
    warnings: repaired.warnings,
    ...(replaced ? { replaced } : {}),
    ...(version === "swagger-2.0" ? { convertedFrom: "swagger-2.0" as const } : {}),
  };
}
