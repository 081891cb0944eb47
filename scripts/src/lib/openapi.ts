import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { relative } from "node:path";
import type { NormalizedProblem } from "@redocly/openapi-core";
import { CliError } from "./errors.ts";
import { checkLocalOpenApi, type LocalCheck } from "./openapi-local.ts";

// Loaded on first use, through require (it is CommonJS): a GraphQL-only run never loads it, and
// Node does not scan its files for export names as it would for an ES import. In the generate
// bin's bundle, "./redocly.cjs" is its bundle of Redocly (see redocly.cjs).
let redoclyModule: typeof import("@redocly/openapi-core") | undefined;
const redocly = () => (redoclyModule ??= createRequire(import.meta.url)("./redocly.cjs") as typeof import("@redocly/openapi-core"));

export type OpenApiVersion = "swagger-2.0" | "openapi-3.0" | "openapi-3.1";
export type OpenApiDocument = Record<string, any>;

/** The HTTP methods a path item may hold, as OpenAPI names them. */
export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Which OpenAPI generation a parsed document is; anything else is refused with what was found. */
export function detectOpenApiVersion(document: unknown, label: string): OpenApiVersion {
  const doc = document as OpenApiDocument | null;
  if (doc && typeof doc === "object" && !Array.isArray(doc)) {
    if (String(doc.swagger) === "2.0") return "swagger-2.0";
    const version = typeof doc.openapi === "string" ? doc.openapi : "";
    if (/^3\.0\.\d+/.test(version)) return "openapi-3.0";
    if (/^3\.1\.\d+/.test(version)) return "openapi-3.1";
    if (version) throw new CliError(`${label}: #/openapi is "${version}"; supported are 3.0.x and 3.1.x (and Swagger 2.0)`);
  }
  throw new CliError(`${label}: not an OpenAPI or Swagger definition (no "openapi" or "swagger" field at the top level)`);
}

// Only what makes a definition unusable for codegen: its structure and its references. Style
// rules (descriptions, operationIds, example validity) would reject vendor definitions that
// generate perfectly well; Ingram Micro's own examples, for one, do not match their schemas.
const CHECKS = { struct: "error", "no-unresolved-refs": "error", "path-parameters-defined": "error" } as const;
let configPromise: ReturnType<typeof import("@redocly/openapi-core").createConfig> | undefined;
const validationConfig = () => (configPromise ??= redocly().createConfig({ rules: { ...CHECKS, "no-identical-paths": "off" } }));
// The same checks as decorators: Redocly runs any of its rules named under `decorators` in its
// bundling walk, where they report as they do when linting. One resolving pass and one walk over
// the definition then validate and bundle it (a lint, then a bundle, were two of each: a third
// of Ingram Micro's run).
let bundlingConfigPromise: ReturnType<typeof import("@redocly/openapi-core").createConfig> | undefined;
const checkingBundleConfig = () =>
  (bundlingConfigPromise ??= redocly().createConfig({ rules: { "no-identical-paths": "off" }, decorators: { ...CHECKS } }));

/** Names the file as the user knows it: the label given for the root document, else a path relative to cwd. */
const where = (problem: NormalizedProblem, labels: Record<string, string>): string => {
  const location = problem.location[0];
  if (!location) return "";
  const source = location.source.absoluteRef;
  const file = labels[source] ?? (/^https?:/.test(source) ? source : relative(process.cwd(), source) || source);
  const { start } = redocly().getLineColLocation(location);
  return `${file}:${start.line}:${start.col} ${location.pointer ?? ""}`.trim();
};

export function formatProblems(problems: NormalizedProblem[], labels: Record<string, string> = {}, limit = 10): string {
  const lines = problems.slice(0, limit).map((p) => `  - ${where(p, labels)}: ${p.message}`);
  if (problems.length > limit) lines.push(`  … and ${problems.length - limit} more`);
  return lines.join("\n");
}

/**
 * Redocly's check and bundling of the definition at `ref` (a file path or URL, with its external
 * $refs): the bundled document and the errors of its checks, each with file, line, column and
 * JSON pointer.
 */
export async function bundleWithRedocly(ref: string): Promise<{ document: OpenApiDocument; errors: NormalizedProblem[] }> {
  const config = await checkingBundleConfig();
  const { bundle: bundled, problems } = await redocly().bundle({ ref, config });
  // The bundler reports a $ref it cannot resolve itself, as no-unresolved-refs does: once is enough.
  const unresolved = new Set(
    problems.filter((p) => p.ruleId === "no-unresolved-refs").map((p) => `${p.message}\0${p.location[0]?.pointer}`),
  );
  const errors = problems.filter(
    (p) => p.severity === "error" && !(p.ruleId === "bundler" && unresolved.has(`${p.message}\0${p.location[0]?.pointer}`)),
  );
  return { document: bundled.parsed as OpenApiDocument, errors };
}

/** Validates, then bundles external $refs into one document. Throws a CliError listing the first errors. */
export async function loadOpenApi(ref: string, label = ref): Promise<OpenApiDocument> {
  // Most definitions are one file with local $refs only: checked as Redocly checks them, without
  // its resolver and bundling walk (openapi-local.ts). One that is not, or that has problems, is
  // loaded by Redocly as before, which reports the problems with their lines and columns.
  let local: LocalCheck | undefined;
  if (!/^https?:/.test(ref)) {
    const text = await readFile(ref, "utf8").catch(() => undefined);
    local = text === undefined ? undefined : checkLocalOpenApi(text, ref);
    if (local && "document" in local && !local.problems.length) return local.document;
  }
  const { document, errors } = await bundleWithRedocly(ref).catch((error: unknown) => {
    if (error instanceof CliError) throw error;
    // Redocly throws on what it cannot follow ("Self-referencing circular pointer", "URI malformed")
    // without saying where; the one-file check above has found the $ref it means, with its place.
    const where = local && "declined" in local && /^\$ref /.test(local.declined) ? ` (${local.declined})` : "";
    throw new CliError(`${label} cannot be loaded: ${error instanceof Error ? error.message : String(error)}${where}`);
  });
  if (errors.length)
    throw new CliError(
      `${label} is not a valid definition (${errors.length} error${errors.length === 1 ? "" : "s"}):\n${formatProblems(errors, { [ref]: label })}`,
    );
  return document;
}

/** Validates a document held in memory (e.g. one converted from Swagger 2.0); `label` stands in for its file name. */
export async function validateOpenApiDocument(document: OpenApiDocument, label = "/converted.json"): Promise<NormalizedProblem[]> {
  const config = await validationConfig();
  const problems = await redocly().lintDocument({
    document: redocly().makeDocumentFromString(JSON.stringify(document), label),
    externalRefResolver: new (redocly().BaseResolver)(),
    config: config.styleguide,
  });
  return problems.filter((p) => p.severity === "error");
}

/**
 * Validates and bundles a document held in memory (a definition after repairs) as if it were the
 * file at `ref`: its relative $refs resolve from there. Problems name the file and JSON pointer;
 * their line numbers would be those of the repaired text, so they are left out.
 */
export async function loadOpenApiDocument(document: OpenApiDocument, ref: string, label: string): Promise<OpenApiDocument> {
  const config = await validationConfig();
  const source = redocly().makeDocumentFromString(JSON.stringify(document, null, 2), ref);
  const problems = (
    await redocly().lintDocument({ document: source, externalRefResolver: new (redocly().BaseResolver)(), config: config.styleguide })
  ).filter((p) => p.severity === "error");
  if (problems.length) {
    const lines = problems.slice(0, 10).map((p) => `  - ${label} (repaired) ${p.location[0]?.pointer ?? ""}: ${p.message}`);
    if (problems.length > 10) lines.push(`  … and ${problems.length - 10} more`);
    throw new CliError(
      `${label} is not a valid definition (${problems.length} error${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
    );
  }
  const { bundle: bundled } = await redocly().bundle({ doc: source, config });
  return bundled.parsed as OpenApiDocument;
}
