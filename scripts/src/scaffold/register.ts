import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { VENDOR_CONSUMERS } from "../lib/registry.js";

/**
 * Registers a new vendor with every package that depends on all vendors (the CLI, the stand-ins,
 * the demo, the consumer test, the bench): a `workspace:*` dependency in its package.json, which
 * is where each reads its vendors from at run time (and what Turbo orders builds by). Returns the
 * package.json files it changed.
 */
export async function registerVendor(root: string, vendor: string): Promise<string[]> {
  const edits = await registrationOf(root, vendor);
  for (const edit of edits) await writeFile(join(root, edit.file), edit.after);
  return edits.map((edit) => edit.file);
}

/** The package.json edits that register `vendor`, before and after (nothing written): new-vendor writes them last and can undo them. */
export async function registrationOf(root: string, vendor: string): Promise<{ file: string; before: string; after: string }[]> {
  const edits: { file: string; before: string; after: string }[] = [];
  for (const dir of VENDOR_CONSUMERS) {
    const file = join(root, dir, "package.json");
    if (!existsSync(file)) continue;
    const before = await readFile(file, "utf8");
    const manifest = JSON.parse(before) as { dependencies?: Record<string, string> };
    const name = `@vendor-clients/${vendor}`;
    if (manifest.dependencies?.[name]) continue;
    // Sorted as pnpm writes them, so that `pnpm install` leaves the file as it is.
    manifest.dependencies = Object.fromEntries(
      Object.entries({ ...manifest.dependencies, [name]: "workspace:*" }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    edits.push({ file: `${dir}/package.json`, before, after: `${JSON.stringify(manifest, null, 2)}\n` });
  }
  return edits;
}
