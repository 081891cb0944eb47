import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runTsx } from "@vendor-clients/testkit";
import { afterEach, describe, expect, it } from "vitest";

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

/**
 * CommonJS modules (one requiring another, as Redocly's thousand files do) and a program that
 * loads them with the code cache on: each load in a process of its own, since V8 also keeps
 * compiled code within a process and would not read the cache there.
 */
async function fixture() {
  dir = await mkdtemp(join(tmpdir(), "code-cache-"));
  await writeFile(join(dir, "dep.js"), "exports.twice = (n) => 2 * n;\n");
  await writeFile(
    join(dir, "big.js"),
    `#!/usr/bin/env node
const { twice } = require("./dep.js");
exports.answer = () => twice(21);
// What Node hands a module: its own require (resolving from its folder), module, __filename, __dirname.
exports.seen = { resolved: require.resolve("./dep.js"), file: __filename, dir: __dirname, self: module.exports === exports, cached: require.cache[__filename] === module };
`,
  );
  const program = join(dir, "load.ts");
  await writeFile(
    program,
    `import { createRequire } from "node:module";
import { enableCodeCache } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, "code-cache.ts")).href)};
const cache = enableCodeCache(${JSON.stringify(join(dir, "cache"))}, (file) => file.startsWith(${JSON.stringify(dir)}));
const big = createRequire(${JSON.stringify(join(dir, "user.js"))})("./big.js");
const answer = big.answer();
cache.save();
console.log(JSON.stringify({ loaded: Object.fromEntries([...cache.loaded].map(([file, how]) => [file.slice(${JSON.stringify(dir)}.length + 1), how])), answer, seen: big.seen }));
`,
  );
  const load = async () => {
    const run = await runTsx(program);
    expect(run.stderr).toBe("");
    return JSON.parse(run.stdout) as { loaded: Record<string, string>; answer: number; seen: Record<string, unknown> };
  };
  return { load, cacheDir: join(dir, "cache") };
}

describe("enableCodeCache", () => {
  it("compiles every module from V8's cache in the next process, and runs each as Node would", async () => {
    const { load, cacheDir } = await fixture();
    const seen = { resolved: join(dir, "dep.js"), file: join(dir, "big.js"), dir, self: true, cached: true };
    expect(await load()).toEqual({ loaded: { "big.js": "miss", "dep.js": "miss" }, answer: 42, seen });
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.bin$/), expect.stringMatching(/^[0-9a-f]{32}\.bin$/)]);
    expect(await load()).toEqual({ loaded: { "big.js": "hit", "dep.js": "hit" }, answer: 42, seen });
  });

  it("compiles a changed module from its source, even one of the same size", async () => {
    const { load } = await fixture();
    await load();
    await writeFile(join(dir, "dep.js"), "exports.twice = (n) => 3 * n;\n");
    expect(await load()).toMatchObject({ loaded: { "big.js": "hit", "dep.js": "miss" }, answer: 63 });
    expect(await load()).toMatchObject({ loaded: { "big.js": "hit", "dep.js": "hit" }, answer: 63 });
  });

  it("refuses a damaged cache, runs the module from source and writes the cache again", async () => {
    const { load, cacheDir } = await fixture();
    await load();
    for (const file of await readdir(cacheDir)) await writeFile(join(cacheDir, file), "not V8's code");
    expect(await load()).toMatchObject({ loaded: { "big.js": "rejected", "dep.js": "rejected" }, answer: 42 });
    expect(await load()).toMatchObject({ loaded: { "big.js": "hit", "dep.js": "hit" }, answer: 42 });
  });
});
