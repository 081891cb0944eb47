import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { runTsx } from "@vendor-clients/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { makeRoot } from "../testing/fixtures.ts";
import { loadSources, loadVendorSourcesInTree, validateLegacySources, validateVendorSources } from "./sources.ts";

const repoRoot = resolve(import.meta.dirname, "../../..");
const upstream = {
  name: "api",
  file: "api.yaml",
  format: "openapi-3.0",
  origin: "upstream",
  url: "https://example.test/api.yaml",
  sha256: "a".repeat(64),
};

const errorOf = (document: unknown) => {
  try {
    validateVendorSources(document, "acme");
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the document to be refused");
};

const cleanups: Array<() => Promise<void>> = [];
async function mkdtempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sources-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("specs/<vendor>/sources.json validation", () => {
  it("accepts the repository's own files, one per vendor, each read on its own", async () => {
    const { definitions } = await loadSources(repoRoot);
    // Every folder of specs/ with a sources.json, however many vendors there are.
    const folders = readdirSync(join(repoRoot, "specs")).filter((dir) => existsSync(join(repoRoot, "specs", dir, "sources.json")));
    expect(folders).toContain("avnet");
    expect([...new Set(definitions.map((d) => d.vendor))].sort()).toEqual(folders.sort());
    expect((await loadSources(repoRoot, "avnet")).definitions).toEqual([
      expect.objectContaining({ vendor: "avnet", name: "apim", file: "avnet/apim.yaml" }),
    ]);
  });

  it("names the file, the entry and the field of a missing value", () => {
    const { sha256: _, ...noSha } = upstream;
    expect(errorOf({ definitions: [noSha] })).toBe(
      'specs/acme/sources.json is invalid:\n  - definitions[0] (acme/api) is missing required field "sha256"',
    );
  });

  it("keeps the validator Ajv made for the next process, and makes a damaged one again", async () => {
    // Processes of their own: within one, the validator is made once and kept in memory.
    const program = join(await mkdtempDir(), "validate.ts");
    await writeFile(
      program,
      `import { validateVendorSources } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, "sources.ts")).href)};
try { validateVendorSources({ definitions: [{ ...${JSON.stringify(upstream)}, url: "not a URL" }] }, "acme"); } catch (error) { console.log(error.message); }
`,
    );
    // The format check too, which the kept module takes from ajv-formats.
    const refusal = [
      "specs/acme/sources.json is invalid:",
      '  - definitions[0] (acme/api): field "url" must match pattern "^https?://"',
      '  - definitions[0] (acme/api): field "url" must match format "uri"\n',
    ].join("\n");
    expect((await runTsx(program)).stdout).toBe(refusal);
    const kept = resolve(import.meta.dirname, "../../node_modules/.cache/sources-schema");
    const files = (await readdir(kept)).filter((f) => f.endsWith(".cjs"));
    expect(files.length).toBeGreaterThan(0);
    expect((await runTsx(program)).stdout).toBe(refusal);
    for (const file of files) await writeFile(join(kept, file), "module.exports = (");
    expect(await runTsx(program)).toMatchObject({ stdout: refusal, stderr: "" });
    expect(readFileSync(join(kept, files[0]!), "utf8")).toContain("module.exports = validate");
  });

  it("names the field of a wrong value and lists what is allowed", () => {
    expect(errorOf({ definitions: [{ ...upstream, format: "raml" }] })).toMatch(
      /definitions\[0\] \(acme\/api\): field "format" must be one of "openapi-3.0", .*"graphql-sdl"/,
    );
    expect(errorOf({ definitions: [{ ...upstream, sha256: "XYZ" }] })).toContain(
      'definitions[0] (acme/api): field "sha256" must match pattern',
    );
    expect(errorOf({ definitions: [{ ...upstream, colour: "red" }] })).toContain('definitions[0] (acme/api) has unknown field "colour"');
    // The folder names the vendor: an entry that repeats it is a mistake worth naming.
    expect(errorOf({ definitions: [{ ...upstream, vendor: "acme" }] })).toContain('definitions[0] (acme/api) has unknown field "vendor"');
    expect(errorOf({ definitions: [] })).toContain('field "definitions" must NOT have fewer than 1 items');
  });

  it("refuses duplicates, files outside the vendor folder, and options of the wrong kind", () => {
    expect(errorOf({ definitions: [upstream, upstream] })).toContain("definitions[1] (acme/api): duplicates definitions[0]");
    expect(errorOf({ definitions: [{ ...upstream, file: "../other/api.yaml" }] })).toContain('field "file" must not contain ".."');
    expect(errorOf({ definitions: [{ ...upstream, file: "/etc/api.yaml" }] })).toContain('field "file" must match pattern');
    expect(errorOf({ definitions: [{ ...upstream, codegen: { scalars: { Long: "number" } } }] })).toContain(
      '"codegen.scalars" applies to GraphQL definitions only',
    );
    expect(errorOf({ definitions: [{ ...upstream, format: "graphql-sdl" }] })).toContain('extension does not fit format "graphql-sdl"');
  });

  it("says where the headers a client sets live now when a sources file still lists them, and reads older revisions that did", async () => {
    const old = { ...upstream, codegen: { injectedHeaders: ["X-Tenant"], excludePaths: ["/oauth/*"] } };
    expect(errorOf({ definitions: [old] })).toBe(
      'specs/acme/sources.json is invalid:\n  - definitions[0] (acme/api): field "codegen" has "injectedHeaders", which now lives in the vendor\'s data: list the headers the client sets in the `headers` of packages/acme/src/vendor.ts and remove them here',
    );
    // `specs diff` against a revision from before the move compares its definitions all the same.
    const { root, cleanup } = await makeRoot([]);
    cleanups.push(cleanup);
    await mkdir(join(root, "specs", "acme"), { recursive: true });
    await writeFile(join(root, "specs", "acme", "sources.json"), JSON.stringify({ definitions: [old] }));
    expect(await loadVendorSourcesInTree(root, "acme", "HEAD~1")).toEqual([
      { ...upstream, vendor: "acme", file: "acme/api.yaml", codegen: { excludePaths: ["/oauth/*"] } },
    ]);
    await writeFile(
      join(root, "specs", "acme", "sources.json"),
      JSON.stringify({ definitions: [{ ...old, codegen: { injectedHeaders: ["X"] } }] }),
    );
    expect(await loadVendorSourcesInTree(root, "acme", "HEAD~1")).toEqual([{ ...upstream, vendor: "acme", file: "acme/api.yaml" }]);
  });

  it("reads the old single file of earlier revisions by the same rules", () => {
    const entries = validateLegacySources({ definitions: [{ ...upstream, vendor: "acme", file: "acme/api.yaml" }] });
    expect(entries).toEqual([{ ...upstream, vendor: "acme", file: "acme/api.yaml" }]);
    expect(() => validateLegacySources({ definitions: [{ ...upstream, vendor: "acme", file: "other/api.yaml" }] })).toThrow(
      'definitions[0] (acme/api): field "file" must be inside the vendor\'s folder "acme/"',
    );
  });

  it("reads one vendor's file only: another vendor's broken file does not stop it", async () => {
    const { root, cleanup } = await makeRoot([
      { vendor: "good", name: "api", file: "good/api.yaml", format: "openapi-3.1", origin: "authored" },
    ]);
    cleanups.push(cleanup);
    await mkdir(join(root, "specs", "broken"), { recursive: true });
    await writeFile(join(root, "specs", "broken", "sources.json"), '{"definitions": [');
    expect((await loadSources(root, "good")).definitions).toHaveLength(1);
    await expect(loadSources(root)).rejects.toThrow(/specs\/broken\/sources\.json is not valid JSON/);
    await expect(loadSources(root, "nope")).rejects.toThrow(
      'unknown vendor "nope": there is no specs/nope/sources.json; known vendors: broken, good',
    );
  });

  it("gives each vendor package's generate task its own definitions and vendor data as inputs and no other vendor's", async () => {
    for (const vendor of new Set((await loadSources(repoRoot)).definitions.map((d) => d.vendor))) {
      const turbo = JSON.parse(readFileSync(resolve(repoRoot, "packages", vendor, "turbo.json"), "utf8"));
      const inputs = turbo.tasks.generate.inputs as string[];
      const specsInputs = inputs.filter((input) => input.includes("/specs/"));
      expect(specsInputs.sort(), vendor).toEqual(["$TURBO_ROOT$/specs/sources.schema.json", `$TURBO_ROOT$/specs/${vendor}/**`].sort());
      // The headers its client sets are left out of the generated types: a change to them regenerates.
      expect(inputs, vendor).toContain("src/vendor.ts");
    }
  });

  it("keeps every upstream definition out of git", async () => {
    const { definitions } = await loadSources(repoRoot);
    for (const entry of definitions.filter((d) => d.origin === "upstream")) {
      // git check-ignore exits 0 (and prints the path) only for ignored paths.
      expect(execFileSync("git", ["check-ignore", `specs/${entry.file}`], { cwd: repoRoot, encoding: "utf8" }).trim()).toBe(
        `specs/${entry.file}`,
      );
    }
    expect(readFileSync(resolve(repoRoot, "specs/sources.schema.json"), "utf8")).toContain("specs/<vendor>/sources.json");
  });
});
