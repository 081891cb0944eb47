import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import { runTsx, startHttpServer, type ProcessResult } from "@vendor-clients/testkit";
import type { SourceEntry } from "../lib/sources.ts";

const here = dirname(fileURLToPath(import.meta.url));
export const cliPath = (name: "specs" | "generate" | "new-vendor") => resolve(here, "..", "cli", `${name}.ts`);

/** A throwaway repository root: specs/<vendor>/sources.json with the given entries, and a package folder per vendor. */
export async function makeRoot(
  definitions: SourceEntry[],
  files: Record<string, string> = {},
): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "vendor-clients-test-"));
  await mkdir(join(root, "specs"), { recursive: true });
  for (const vendor of new Set(definitions.map((d) => d.vendor))) {
    await writeVendorSources(
      root,
      vendor,
      definitions.filter((d) => d.vendor === vendor),
    );
    await mkdir(join(root, "packages", vendor, "src"), { recursive: true });
    await writeFile(join(root, "packages", vendor, "package.json"), JSON.stringify({ name: `@test/${vendor}` }));
  }
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Writes specs/<vendor>/sources.json as a user would (vendor implied by the folder, file relative to it), without validating. */
export async function writeVendorSources(root: string, vendor: string, definitions: SourceEntry[]): Promise<void> {
  await mkdir(join(root, "specs", vendor), { recursive: true });
  const onDisk = definitions.map(({ vendor: _, ...entry }) => ({
    ...entry,
    file: entry.file.startsWith(`${vendor}/`) ? entry.file.slice(vendor.length + 1) : entry.file,
  }));
  await writeFile(join(root, "specs", vendor, "sources.json"), JSON.stringify({ definitions: onDisk }, null, 2));
}

/** A real HTTP server on loopback serving fixed bodies by path, counting requests by path. */
export async function serveFiles(
  files: Record<string, string | { status: number; body: string }>,
): Promise<{ url: string; hits: Map<string, number>; close: () => Promise<void> }> {
  const hits = new Map<string, number>();
  const server = await startHttpServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const file = files[path];
    if (file === undefined) return res.writeHead(404).end("not found");
    const { status, body } = typeof file === "string" ? { status: 200, body: file } : file;
    res.writeHead(status, { "content-type": path.endsWith(".json") ? "application/json" : "text/plain" }).end(body);
  });
  return { url: server.url, hits, close: server.close };
}

/** The generator's bin: it runs the generator as bundled JavaScript, with no TypeScript loader. */
export const generateBin = resolve(here, "..", "..", "bin", "generate.mjs");

/** Runs a CLI as a user would (a separate node process, `generate` through its bin), returning its exit code and output. */
export const runCli = (
  name: "specs" | "generate" | "new-vendor",
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<ProcessResult> => {
  const cwd = options.cwd ?? process.cwd();
  const env = { ...process.env, INIT_CWD: cwd, ...options.env };
  if (name !== "generate") return runTsx(cliPath(name), args, { cwd, env });
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [generateBin, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
};
