import { execFileSync } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SourceEntry } from "../lib/sources.ts";
import { sha256 } from "../lib/hash.ts";
import { makeRoot, runCli } from "../testing/fixtures.ts";
import { diffDefinitions } from "./diff.ts";

const v1 = `openapi: 3.1.0
info: { title: Acme, version: "1" }
paths:
  /parts/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: { type: string }
                  stock: { type: integer }
  /legacy:
    get:
      responses: { "200": { description: ok } }
`;
const v2 = v1
  .replace("stock: { type: integer }", "stock: { type: string }")
  .replace(/ {2}\/legacy:\n.*\n.*\n/, '  /offers:\n    get:\n      responses: { "200": { description: ok } }\n');

const sdl1 = "type Query { part(id: ID!): Part }\ntype Part { id: ID! mpn: String }\n";
const sdl2 = "type Query { part(id: ID!): Part, parts: [Part!]! }\ntype Part { id: ID! }\n";

const entries: SourceEntry[] = [
  { vendor: "acme", name: "api", file: "acme/api.yaml", format: "openapi-3.1", origin: "authored" },
  { vendor: "graph", name: "schema", file: "graph/schema.graphql", format: "graphql-sdl", origin: "authored" },
];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A git repository whose HEAD holds v1 and whose working tree holds v2. */
async function repo() {
  const { root, cleanup } = await makeRoot(entries, { "specs/acme/api.yaml": v1, "specs/graph/schema.graphql": sdl1 });
  cleanups.push(cleanup);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
  git("init", "-q");
  git("add", ".");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v1");
  await writeFile(join(root, "specs/acme/api.yaml"), v2);
  await writeFile(join(root, "specs/graph/schema.graphql"), sdl2);
  return root;
}

describe("specs diff", () => {
  it("compares the working tree with HEAD: added and removed operations, a breaking type change", async () => {
    const root = await repo();
    const [diff] = await diffDefinitions({ root, vendor: "acme", cwd: root });
    expect(diff!.changes.map((c) => [c.severity, c.location, c.message])).toEqual([
      ["breaking", "GET /legacy", "operation removed"],
      ["breaking", "GET /parts/{id} › 200.stock", "type integer → string"],
      ["safe", "GET /offers", "operation added"],
    ]);
  });

  it("compares a GraphQL schema through GraphQL Inspector", async () => {
    const root = await repo();
    const [diff] = await diffDefinitions({ root, vendor: "graph", cwd: root });
    expect(diff!.changes).toContainEqual(expect.objectContaining({ severity: "breaking", kind: "removed", location: "Part.mpn" }));
    expect(diff!.changes).toContainEqual(expect.objectContaining({ severity: "safe", kind: "added", location: "Query.parts" }));
  });

  it("compares with a file, prints JSON, and exits 1 on breaking changes only when asked", async () => {
    const root = await repo();
    await writeFile(join(root, "old.yaml"), v1);
    const table = await runCli("specs", ["diff", "acme", "--against", "old.yaml", "--root", root], { cwd: root });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/BREAKING\s+operation removed\s+GET \/legacy/);
    expect(table.stdout).toContain("3 changes: 2 breaking, 1 safe");
    const json = await runCli("specs", ["diff", "acme", "--against", "old.yaml", "--json", "--fail-on-breaking", "--root", root], {
      cwd: root,
    });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ vendor: "acme", breaking: 2, definitions: [{ name: "api", against: "old.yaml" }] });
  });

  it("says clearly when --against is neither a file nor a revision", async () => {
    const root = await repo();
    const result = await runCli("specs", ["diff", "acme", "--against", "no-such-thing", "--root", root], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--against "no-such-thing" is neither a file nor a git revision');
  });

  it("reads an old revision that still has the single specs/sources.json, upstream definitions included", async () => {
    const upstream = (sha: string): SourceEntry => ({
      vendor: "acme",
      name: "api",
      file: "acme/api.yaml",
      format: "openapi-3.1",
      origin: "upstream",
      url: "https://example.test/api.yaml",
      sha256: sha,
    });
    const { root, cleanup } = await makeRoot([upstream(sha256(v2))], { "specs/acme/api.yaml": v2 });
    cleanups.push(cleanup);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
    git("init", "-q");
    // The old layout: one file for every vendor, files relative to specs/, the upstream file not committed.
    await rm(join(root, "specs", "acme", "sources.json"));
    await writeFile(join(root, "specs", "sources.json"), JSON.stringify({ definitions: [upstream(sha256(v1)), entries[1]] }, null, 2));
    await mkdir(join(root, "specs", "graph"), { recursive: true });
    await writeFile(join(root, "specs", "graph", "schema.graphql"), sdl1);
    git("add", "specs/sources.json", "specs/graph/schema.graphql");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "old layout");
    const old = git("rev-parse", "HEAD").toString().trim();
    // The new layout in the working tree.
    await rm(join(root, "specs", "sources.json"));
    await writeFile(
      join(root, "specs", "acme", "sources.json"),
      JSON.stringify({ definitions: [{ ...upstream(sha256(v2)), vendor: undefined, file: "api.yaml" }] }),
    );
    await writeFile(
      join(root, "specs", "graph", "sources.json"),
      JSON.stringify({ definitions: [{ name: "schema", file: "schema.graphql", format: "graphql-sdl", origin: "authored" }] }),
    );
    await writeFile(join(root, "specs", "graph", "schema.graphql"), sdl2);
    const mirror = join(root, "mirror");
    await mkdir(join(mirror, "acme"), { recursive: true });
    await writeFile(join(mirror, "acme", "api.yaml"), v1);

    const [acme] = await diffDefinitions({ root, vendor: "acme", cwd: root, against: old, mirror });
    expect(acme!.changes.map((c) => c.message)).toEqual(["operation removed", "type integer → string", "operation added"]);
    const [graph] = await diffDefinitions({ root, vendor: "graph", cwd: root, against: old });
    expect(graph!.changes).toContainEqual(expect.objectContaining({ severity: "breaking", kind: "removed", location: "Part.mpn" }));

    // And the other way round: the working tree compared with a revision in the new layout.
    git("add", "-A", "specs");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "per-vendor sources");
    const [same] = await diffDefinitions({ root, vendor: "acme", cwd: root, against: "HEAD" });
    expect(same!.changes).toEqual([]);
  });

  it("names the file, the entry and the field when an old revision's sources file is invalid", async () => {
    const root = await repo();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
    await rm(join(root, "specs", "acme", "sources.json"));
    await writeFile(join(root, "specs", "sources.json"), JSON.stringify({ definitions: [{ ...entries[0], format: "raml" }] }));
    git("add", "-A", "specs");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "broken old layout");
    const old = git("rev-parse", "HEAD").toString().trim();
    await rm(join(root, "specs", "sources.json"));
    await writeFile(
      join(root, "specs", "acme", "sources.json"),
      JSON.stringify({ definitions: [{ name: "api", file: "api.yaml", format: "openapi-3.1", origin: "authored" }] }),
    );
    await expect(diffDefinitions({ root, vendor: "acme", cwd: root, against: old })).rejects.toThrow(
      new RegExp(
        `specs/sources\\.json at ${old} \\(vendor acme\\) is invalid:\\n  - definitions\\[0\\] \\(acme/api\\): field "format" must be one of`,
      ),
    );
  });
});
