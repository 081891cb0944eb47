import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { publicPackages, vendorRegistry } from "../lib/registry.js";

/**
 * The packages TypeDoc documents, in the order of the reference's index: the core, the vendors,
 * then the other public packages; derived from the checkout, so a new vendor has its page.
 */
export function apiEntryPoints(root: string): string[] {
  const vendors = vendorRegistry(root).map((v) => v.dir);
  const rest = publicPackages(root).filter((dir) => dir !== "packages/auth" && !vendors.includes(dir));
  return ["packages/auth", ...vendors.filter((dir) => publicPackages(root).includes(dir)), ...rest];
}

/** The import names a user writes for each public package: "@vendor-clients/auth", "@vendor-clients/auth/node", … */
export function publicModules(root: string): { dir: string; modules: string[] }[] {
  return publicPackages(root)
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as {
        name: string;
        private?: boolean;
        exports?: Record<string, unknown>;
      },
    }))
    .map(({ dir, manifest }) => ({
      dir,
      // Only code entry points have a page; "./schema.graphql" and the like are data.
      modules: Object.entries(manifest.exports ?? { ".": {} })
        .filter(([, target]) => typeof target === "object")
        .map(([key]) => (key === "." ? manifest.name : `${manifest.name}/${key.replace(/^\.\//, "")}`)),
    }));
}

/**
 * What is wrong with a built API reference: a public package TypeDoc was not told about, or an
 * import name without its module page. Empty when every public module has its page.
 */
export function checkApiPages(root: string, out: string, entryPoints: readonly string[]): string[] {
  const problems: string[] = [];
  const expected = publicModules(root);
  for (const { dir } of expected) if (!entryPoints.includes(dir)) problems.push(`TypeDoc was not given the public package ${dir}`);
  const modulesDir = join(out, "modules");
  const titles = new Map<string, string>();
  if (existsSync(modulesDir))
    for (const file of readdirSync(modulesDir)) {
      const title = /<title>(.*?) \|/.exec(readFileSync(join(modulesDir, file), "utf8"))?.[1];
      if (title) titles.set(title, file);
    }
  for (const { modules } of expected)
    for (const name of modules) {
      const file = titles.get(name);
      if (!file) problems.push(`${out}/modules: no page for ${name}`);
      else if (statSync(join(modulesDir, file)).size < 1024) problems.push(`${out}/modules/${file}: the page for ${name} is empty`);
    }
  return problems;
}

/** Total size in bytes and file count of a folder. */
export function folderSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}
