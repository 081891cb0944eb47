// What the scripts' own code and their dependencies are, as one hash: the bin's bundle of the
// generator is rebuilt when it changes, and generated files are regenerated when it changes.
// Plain JavaScript so that the bin reads it before anything is compiled.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Tests and type tests do not change what the scripts do. */
const isTest = (name) => /\.test(-d)?\.[cm]?[jt]s$/.test(name);

/**
 * A hash of every non-test file under `<scriptsDir>/src` (path and content) and of the lockfile of
 * the checkout the scripts live in (the generators' versions: openapi-typescript, GraphQL Codegen,
 * TypeScript, esbuild). About 70 small files: a few milliseconds.
 */
export function scriptsFingerprint(scriptsDir) {
  const hash = createHash("sha256");
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !isTest(entry.name))
        hash
          .update(`${relative(scriptsDir, path)}\0`)
          .update(readFileSync(path))
          .update("\0");
    }
  };
  walk(join(scriptsDir, "src"));
  // The bin holds the bundles' build settings (entry points, what stays external): a change there is a new bundle too.
  const bin = join(scriptsDir, "bin", "generate.mjs");
  if (existsSync(bin)) hash.update("bin/generate.mjs\0").update(readFileSync(bin));
  const lockfile = join(scriptsDir, "..", "pnpm-lock.yaml");
  if (existsSync(lockfile)) hash.update("pnpm-lock.yaml\0").update(readFileSync(lockfile));
  return hash.digest("hex");
}
