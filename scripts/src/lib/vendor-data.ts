import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";
import { CliError, errorMessage } from "./errors.ts";

/** Where a vendor package keeps its data (`VendorData` from @vendor-clients/auth): TypeScript with type imports only. */
export const vendorDataFile = (root: string, vendor: string) => join(root, "packages", vendor, "src", "vendor.ts");

/** An HTTP header name (RFC 9110 token), as specs/sources.schema.json checked them when they lived there. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/**
 * The headers a vendor's client sets on every call, read from the `headers` of the `VendorData`
 * that packages/<vendor>/src/vendor.ts exports: codegen leaves them out of the typed parameters,
 * so the fact lives in one place. A package without a vendor.ts sets none.
 */
export async function vendorHeaders(root: string, vendor: string): Promise<readonly string[]> {
  if (!existsSync(vendorDataFile(root, vendor))) return [];
  const [name, value] = (await loadVendorData(root, vendor, "its headers")) as [string, { headers?: unknown }];
  const label = `packages/${vendor}/src/vendor.ts`;
  // No headers listed: the client sets none of its own (as defineVendor reads it).
  const headers = value.headers ?? [];
  if (!Array.isArray(headers)) throw new CliError(`${label}: ${name}.headers must be a list of header names`);
  headers.forEach((header, index) => {
    if (typeof header !== "string" || !HEADER_NAME.test(header))
      throw new CliError(`${label}: ${name}.headers[${index}] is not a header name; got ${JSON.stringify(header)}`);
  });
  return headers as string[];
}

/** The `VendorData` packages/<vendor>/src/vendor.ts exports, with its export name; read as it is (type imports only). */
export async function loadVendorData(root: string, vendor: string, what = "its data"): Promise<[string, Record<string, unknown>]> {
  const path = vendorDataFile(root, vendor);
  const label = `packages/${vendor}/src/vendor.ts`;
  const source = await readFile(path, "utf8");
  // What vendor.ts imports at run time is neither built first nor a Turbo input of generate:
  // types only, so the file is the whole fact.
  const valueImport = valueImportOf(source);
  if (valueImport)
    throw new CliError(
      `${label}:${valueImport.line}: \`${valueImport.text}\` loads a module at run time; vendor data imports types only (\`import type\`), so codegen reads it as it is`,
    );
  let exported: Record<string, unknown>;
  try {
    // Types stripped by esbuild and the result imported from memory: codegen runs as plain
    // JavaScript (no TypeScript loader in the process, which costs most of a run's start-up), and a
    // process that generates twice (a test, a watcher) sees an edit, as the module is its content.
    // Through require (esbuild's API is CommonJS): imported, Node would scan it for export names first.
    const { transform } = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
    const { code } = await transform(source, { loader: "ts", format: "esm", sourcefile: path, target: "node20" });
    exported = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  } catch (error) {
    throw new CliError(
      `${label} cannot be loaded for ${what} (it must import only types, so that it runs without a build): ${errorMessage(error)}`,
    );
  }
  const data = Object.entries(exported).find(([, value]) => isObject(value) && value.id === vendor);
  if (!data)
    throw new CliError(
      `${label} exports no vendor data for "${vendor}": codegen reads the headers the client sets from an export such as \`export const …Data: VendorData<Options> = { id: "${vendor}", headers: [...], … }\``,
    );
  return data as [string, Record<string, unknown>];
}

/** The first import or re-export in `source` that loads a module at run time (anything but `import type`), with its line. */
export function valueImportOf(source: string): { line: number; text: string } | undefined {
  // The TypeScript compiler (a quarter of a second to load) only for a file whose imports are not
  // plainly all `import type` / `export type … from` at the start of a line; it has the last word.
  const statements = source.match(/^[ \t]*(import|export)\b[^;]*?\bfrom\s*["'][^"']*["']|^[ \t]*import\s*["']/gm) ?? [];
  if (statements.every((statement) => /^\s*(import|export)\s+type\b/.test(statement)) && !/\bimport\s*\(/.test(source)) return undefined;
  const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
  const file = ts.createSourceFile("vendor.ts", source, ts.ScriptTarget.Latest, true);
  for (const statement of file.statements) {
    let bringsValues = false;
    // Only `import type` / `export type … from` vanish: under verbatimModuleSyntax an import whose
    // names are each marked `type` still loads its module (`import {} from "…"`).
    if (ts.isImportDeclaration(statement)) bringsValues = !statement.importClause?.isTypeOnly;
    else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) bringsValues = !statement.isTypeOnly;
    if (bringsValues) {
      const line = file.getLineAndCharacterOfPosition(statement.getStart()).line + 1;
      return { line, text: statement.getText().replace(/\s+/g, " ") };
    }
  }
  return undefined;
}
