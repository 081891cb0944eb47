import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./errors.ts";

/** The repository root: `--root`, else VENDOR_CLIENTS_ROOT, else the checkout these scripts live in. */
export function resolveRoot(explicit?: string): string {
  const candidate = explicit ?? process.env.VENDOR_CLIENTS_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
  const root = resolve(candidate);
  if (!existsSync(join(root, "specs"))) {
    const where = explicit ? "--root" : process.env.VENDOR_CLIENTS_ROOT ? "VENDOR_CLIENTS_ROOT" : "the scripts' checkout";
    throw new UsageError(`${root} (from ${where}) has no specs/ folder: is it a vendor-clients checkout?`);
  }
  return root;
}

export const specsDir = (root: string) => join(root, "specs");
/** Each vendor's definitions are listed in its own folder, so a change to one is an input of that vendor only. */
export const vendorSourcesFile = (root: string, vendor: string) => join(root, "specs", vendor, "sources.json");
/** Revisions before the per-vendor files listed every definition here. */
export const legacySourcesFile = (root: string) => join(root, "specs", "sources.json");
export const definitionPath = (root: string, file: string) => join(root, "specs", file);
export const generatedDir = (root: string, vendor: string) => join(root, "packages", vendor, "src", "generated");
