import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { vendorRegistry } from "../../scripts/src/lib/registry.js";
import { round } from "./shared.ts";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, "../..");
const ingramSpec = join(root, "specs/ingram-micro/XI-Resellers-API-Spec.yaml");

async function timed(command: string, args: string[], cwd = root): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  const { stdout } = await run(command, args, {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { seconds: round((performance.now() - started) / 1000, 2), stdout };
}

const binOf = (pkg: string, bin: string) => {
  const manifest = require.resolve(`${pkg}/package.json`);
  const entry = (require(manifest) as { bin: string | Record<string, string> }).bin;
  return join(dirname(manifest), typeof entry === "string" ? entry : entry[bin]!);
};

export interface CodegenRow {
  task: string;
  seconds: number;
  note?: string;
}

/**
 * Codegen and build times: ours per vendor and in total, cold (`--force`: every generator loaded
 * and run) and with nothing changed (the inputs' hash matches, nothing is loaded), a cached build,
 * and two other generators on Ingram's definition.
 */
export async function codegen(): Promise<CodegenRow[]> {
  const rows: CodegenRow[] = [];
  const inProcess: Record<string, number> = {};
  const vendors = vendorRegistry(root).map((v) => v.id);
  // The generator's bundle is built on the first run after its sources change: not timed.
  await timed("pnpm", ["-s", "generate", "--force"]);
  // What every row below pays before any work: pnpm and Node starting, the bin and its bundle loading.
  const floor = await timed("pnpm", ["-s", "generate", "--help"]);
  rows.push({ task: "pnpm generate --help", seconds: floor.seconds, note: "pnpm and Node starting, nothing generated" });
  for (const vendor of vendors) {
    const { seconds, stdout } = await timed("pnpm", ["-s", "generate", vendor, "--force"]);
    inProcess[vendor] = Number(/\((\d+) ms\)/.exec(stdout)?.[1] ?? NaN);
    rows.push({
      task: `pnpm generate ${vendor} --force`,
      seconds,
      note: `${inProcess[vendor]} ms in the generator, the rest is process start-up`,
    });
  }
  const all = await timed("pnpm", ["-s", "generate", "--force"]);
  rows.push({
    task: `pnpm generate --force (all ${vendors.length}, one process)`,
    seconds: all.seconds,
    note: `${Object.values(inProcess).reduce((a, b) => a + b, 0)} ms generating`,
  });
  // Ingram Micro's definition is the largest: its inputs take the longest to hash.
  const largest = vendors.includes("ingram-micro") ? "ingram-micro" : vendors[0]!;
  const one = await timed("pnpm", ["-s", "generate", largest]);
  rows.push({ task: `pnpm generate ${largest}, nothing changed`, seconds: one.seconds });
  const none = await timed("pnpm", ["-s", "generate"]);
  rows.push({ task: `pnpm generate (all ${vendors.length}), nothing changed`, seconds: none.seconds });
  await timed("pnpm", ["-s", "build"]);
  const cached = await timed("pnpm", ["-s", "build"]);
  rows.push({ task: "pnpm build, nothing changed (Turbo cache)", seconds: cached.seconds });
  const out = await mkdtemp(join(tmpdir(), "bench-codegen-"));
  try {
    const hey = await timed(
      process.execPath,
      [binOf("@hey-api/openapi-ts", "openapi-ts"), "-i", ingramSpec, "-o", join(out, "hey-api"), "-c", "@hey-api/client-fetch"],
      out,
    );
    rows.push({ task: "@hey-api/openapi-ts on Ingram Micro", seconds: hey.seconds });
  } catch (error) {
    rows.push({
      task: "@hey-api/openapi-ts on Ingram Micro",
      seconds: NaN,
      note: `failed: ${String((error as Error).message).split("\n")[0]}`,
    });
  }
  try {
    const orval = await timed(
      process.execPath,
      [binOf("orval", "orval"), "--input", ingramSpec, "--output", join(out, "orval/ingram.ts"), "--client", "fetch"],
      out,
    );
    rows.push({ task: "orval on Ingram Micro", seconds: orval.seconds });
  } catch (error) {
    rows.push({
      task: "orval on Ingram Micro",
      seconds: NaN,
      note: `failed: ${String((error as Error).message)
        .split("\n")
        .slice(0, 2)
        .join(" ")}`,
    });
  }
  return rows;
}
