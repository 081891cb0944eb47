import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./errors.ts";

/** The repository root: `--root`, else VENDOR_CLIENTS_ROOT, else the checkout these scripts live in. */
export function resolveRoot(explicit?: string): string {
  const candidate = explicit ?? process.env.VENDOR_CLIENTS_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
  const root = resolve(candidate);
  if (!existsSync(join(root, "specs", "sources.json"))) {
    const where = explicit ? "--root" : process.env.VENDOR_CLIENTS_ROOT ? "VENDOR_CLIENTS_ROOT" : "the scripts' checkout";
    throw new UsageError(`${root} (from ${where}) has no specs/sources.json: is it a vendor-clients checkout?`);
  }
  return root;
}

export const specsDir = (root: string) => join(root, "specs");
export const sourcesFile = (root: string) => join(root, "specs", "sources.json");
export const definitionPath = (root: string, file: string) => join(root, "specs", file);
export const generatedDir = (root: string, vendor: string) => join(root, "packages", vendor, "src", "generated");
