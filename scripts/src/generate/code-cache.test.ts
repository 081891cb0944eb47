import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runTsx } from "@vendor-clients/testkit";
import { afterEach, describe, expect, it } from "vitest";

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

/**
 * A CommonJS module with a dependency of its own (as TypeScript is for openapi-typescript), and a
 * program that loads it through the cache: each load in a process of its own, since V8 also keeps
 * compiled code within a process and would not read the cache there.
 */
async function fixture() {
  dir = await mkdtemp(join(tmpdir(), "code-cache-"));
  await writeFile(join(dir, "dep.js"), "exports.twice = (n) => 2 * n;\n");
  await writeFile(join(dir, "big.js"), 'const { twice } = require("./dep.js");\nexports.answer = () => twice(21);\n');
  const program = join(dir, "load.ts");
  await writeFile(
    program,
    `import { createRequire } from "node:module";
import { requireWithCodeCache } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, "code-cache.ts")).href)};
const from = ${JSON.stringify(join(dir, "user.js"))};
const loaded = requireWithCodeCache(from, "./big.js", ${JSON.stringify(join(dir, "cache"))});
// Whoever requires it next (openapi-typescript, for TypeScript) gets this instance.
const same = createRequire(from)("./big.js") === loaded.exports;
loaded.save();
console.log(JSON.stringify({ cache: loaded.cache, answer: loaded.exports.answer(), same }));
`,
  );
  const load = async () => {
    const run = await runTsx(program);
    expect(run.stderr).toBe("");
    return JSON.parse(run.stdout) as { cache: string; answer: number; same: boolean };
  };
  return { load, cacheDir: join(dir, "cache") };
}

describe("requireWithCodeCache", () => {
  it("compiles from V8's cache in the next process, and is the instance require returns", async () => {
    const { load, cacheDir } = await fixture();
    expect(await load()).toEqual({ cache: "miss", answer: 42, same: true });
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.bin$/)]);
    expect(await load()).toEqual({ cache: "hit", answer: 42, same: true });
  });

  it("refuses a damaged cache, runs the module from source and writes the cache again", async () => {
    const { load, cacheDir } = await fixture();
    await load();
    const [file] = await readdir(cacheDir);
    await writeFile(join(cacheDir, file!), "not V8's code");
    expect(await load()).toEqual({ cache: "rejected", answer: 42, same: true });
    expect(await load()).toEqual({ cache: "hit", answer: 42, same: true });
  });
});
