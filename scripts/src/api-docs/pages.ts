import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The import names a user writes for each public package: "@vendor-clients/auth", "@vendor-clients/auth/node", … */
export function publicModules(root: string): { dir: string; modules: string[] }[] {
  const packages = join(root, "packages");
  return readdirSync(packages)
    .filter((dir) => existsSync(join(packages, dir, "package.json")))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(packages, dir, "package.json"), "utf8")) as {
        name: string;
        private?: boolean;
        exports?: Record<string, unknown>;
      },
    }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({
      dir: `packages/${dir}`,
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
  for (const { dir } of expected)
    if (!entryPoints.includes(dir)) problems.push(`typedoc.json: entryPoints lacks the public package ${dir}`);
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
