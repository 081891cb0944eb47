import { mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
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

  it("prunes, when it writes, the entries no run has read for 30 days and crashed writes, and keeps those in use", async () => {
    const { load, cacheDir } = await fixture();
    await load();
    const inUse = await readdir(cacheDir);
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600_000);
    // Everything aged past the limit: the two entries this program reads among them.
    for (const name of inUse) await utimes(join(cacheDir, name), daysAgo(31), daysAgo(31));
    const stale = join(cacheDir, `${"0".repeat(32)}.bin`);
    const recent = join(cacheDir, `${"1".repeat(32)}.bin`);
    const crashed = join(cacheDir, `${"2".repeat(32)}.bin.123-0.tmp`);
    await writeFile(stale, "an old generator's module");
    await utimes(stale, daysAgo(31), daysAgo(31));
    await writeFile(recent, "another generator's module, read last week");
    await utimes(recent, daysAgo(7), daysAgo(7));
    await writeFile(crashed, "half written");
    await utimes(crashed, daysAgo(1), daysAgo(1));
    // A run that only reads writes nothing and prunes nothing, but renews what it read.
    expect(await load()).toMatchObject({ loaded: { "big.js": "hit", "dep.js": "hit" } });
    expect((await readdir(cacheDir)).sort()).toEqual([...inUse, stale, recent, crashed].map((f) => f.replace(`${cacheDir}/`, "")).sort());
    for (const name of inUse) expect(Date.now() - (await stat(join(cacheDir, name))).mtimeMs).toBeLessThan(3600_000);
    // A changed module is written: then the old and the crashed go, what is in use or recent stays.
    await writeFile(join(dir, "dep.js"), "exports.twice = (n) => 3 * n;\n");
    await utimes(join(cacheDir, inUse[0]!), daysAgo(31), daysAgo(31));
    await utimes(join(cacheDir, inUse[1]!), daysAgo(31), daysAgo(31));
    expect(await load()).toMatchObject({ loaded: { "big.js": "hit", "dep.js": "miss" }, answer: 63 });
    const left = await readdir(cacheDir);
    expect(left).toHaveLength(3);
    expect(left).toContain(recent.replace(`${cacheDir}/`, ""));
    expect(left).not.toContain(stale.replace(`${cacheDir}/`, ""));
    expect(left).not.toContain(crashed.replace(`${cacheDir}/`, ""));
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
