import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sha256 } from "../lib/hash.ts";
import type { SourceEntry } from "../lib/sources.ts";
import { makeRoot, runCli, serveFiles } from "../testing/fixtures.ts";
import { pullDefinitions } from "./pull.ts";

const body = "openapi: 3.0.0\ninfo: { title: t, version: '1' }\npaths: {}\n";
const entry = (url: string, hash = sha256(body)): SourceEntry => ({
  vendor: "acme",
  name: "api",
  file: "acme/api.yaml",
  format: "openapi-3.0",
  origin: "upstream",
  url,
  sha256: hash,
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(hash?: string) {
  const server = await serveFiles({ "/api.yaml": body });
  const { root, cleanup } = await makeRoot([entry(`${server.url}/api.yaml`, hash)]);
  cleanups.push(cleanup, server.close);
  return { server, root, target: join(root, "specs", "acme", "api.yaml") };
}

describe("specs pull", () => {
  it("downloads from the URL, checks the sha256 and writes the file", async () => {
    const { server, root, target } = await setup();
    const [outcome] = await pullDefinitions({ root });
    expect(outcome).toMatchObject({ status: "pulled", bytes: body.length });
    expect(await readFile(target, "utf8")).toBe(body);
    expect(server.hits.get("/api.yaml")).toBe(1);
  });

  it("skips a file already present with the right sha256", async () => {
    const { server, root } = await setup();
    await pullDefinitions({ root });
    const [again] = await pullDefinitions({ root });
    expect(again!.status).toBe("up-to-date");
    expect(server.hits.get("/api.yaml")).toBe(1);
  });

  it("refuses a sha256 mismatch, names both hashes and leaves the old file untouched", async () => {
    const { root, target } = await setup("b".repeat(64));
    await mkdir(join(root, "specs", "acme"), { recursive: true });
    await writeFile(target, "previous version");
    const [outcome] = await pullDefinitions({ root });
    expect(outcome!.status).toBe("failed");
    const error = (outcome as { error: string }).error;
    expect(error).toContain(`expected ${"b".repeat(64)}`);
    expect(error).toContain(`got ${sha256(body)}`);
    expect(error).toContain("left untouched");
    expect(await readFile(target, "utf8")).toBe("previous version");
  });

  it("copies from a mirror folder without touching the network", async () => {
    const { server, root, target } = await setup();
    const mirror = await mkdtemp(join(tmpdir(), "mirror-"));
    await mkdir(join(mirror, "acme"));
    await writeFile(join(mirror, "acme", "api.yaml"), body);
    const [outcome] = await pullDefinitions({ root, mirror });
    expect(outcome).toMatchObject({ status: "pulled", from: join(mirror, "acme", "api.yaml") });
    expect(await readFile(target, "utf8")).toBe(body);
    expect(server.hits.size).toBe(0);
  });

  it("reports an HTTP error with its status and exits 1 from the command line", async () => {
    const server = await serveFiles({});
    const { root, cleanup } = await makeRoot([entry(`${server.url}/gone.yaml`)]);
    cleanups.push(cleanup, server.close);
    // No mirror, whatever the environment running the tests has (CI sets one): the download must fail.
    const result = await runCli("specs", ["pull", "--root", root], { env: { VENDOR_CLIENTS_SPECS_MIRROR: "" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`FAIL  acme/api: cannot download ${server.url}/gone.yaml: HTTP 404`);
    expect(existsSync(join(root, "specs", "acme", "api.yaml"))).toBe(false);
  });

  it("takes the mirror from VENDOR_CLIENTS_SPECS_MIRROR and refuses an unknown vendor with exit 2", async () => {
    const { root } = await setup();
    const mirror = await mkdtemp(join(tmpdir(), "mirror-"));
    await mkdir(join(mirror, "acme"));
    await writeFile(join(mirror, "acme", "api.yaml"), body);
    const ok = await runCli("specs", ["pull", "acme", "--root", root], { env: { VENDOR_CLIENTS_SPECS_MIRROR: mirror } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`pulled from ${join(mirror, "acme", "api.yaml")}`);
    const unknown = await runCli("specs", ["pull", "nope", "--root", root]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown vendor "nope": there is no specs/nope/sources.json; known vendors: acme');
  });

  it("prints help and exits 0", async () => {
    const help = await runCli("specs", ["pull", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: pnpm specs pull [vendor] [--mirror DIR]");
  });
});
