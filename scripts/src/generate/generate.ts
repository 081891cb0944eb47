import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { CliError, errorMessage } from "../lib/errors.ts";
import { scriptsFingerprint } from "../lib/fingerprint.js";
import { sha256 } from "../lib/hash.ts";
import { loadSources, type SourceEntry } from "../lib/sources.ts";
import { vendorDataFile } from "../lib/vendor-data.ts";
import { generatedDir } from "../lib/workspace.ts";
import { type GenerateOutcome, generateVendor, MANIFEST, type Manifest, type VendorJob } from "./vendor.ts";

export type { GenerateOutcome } from "./vendor.ts";

export interface GenerateOptions {
  root: string;
  vendor?: string;
  log?: (line: string) => void;
  /** Regenerate even when the inputs are those the files were generated from. */
  force?: boolean;
  /**
   * The scripts' fingerprint (`scriptsFingerprint` of scripts/), part of every vendor's inputs:
   * the bin has it already (it names the bundle by it), so it is not computed twice.
   */
  toolchain?: string;
  /**
   * The worker entry (worker.ts as the bin bundles it). With it, and a second core, the vendors
   * of one generator kind (GraphQL) are generated in a thread of their own while the others
   * (OpenAPI) are generated here: each kind's modules loaded once, in one thread.
   */
  worker?: URL;
}

/** The scripts' own fingerprint, when the caller does not pass it: these sources are in scripts/src/generate/ (or the bin's bundle, as deep). */
const ownToolchain = () => scriptsFingerprint(resolve(dirname(fileURLToPath(import.meta.url)), "../.."));

async function listFiles(dir: string, keep: (name: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "generated" && entry.name !== "node_modules") found.push(...(await listFiles(path, keep)));
    else if (entry.isFile() && keep(entry.name)) found.push(path);
  }
  return found.sort();
}

/**
 * What a vendor's generated files are made from, as one hash: the same inputs Turbo's generate
 * task declares (the vendor's specs folder with its sources.json, its vendor.ts, the package's
 * GraphQL documents), the entries as loaded, and the scripts and generators themselves (`toolchain`).
 * Also each input file's own hash, by path: a definition's recorded sha256 is checked against it,
 * rather than the file being read and hashed again.
 */
async function inputsHash(
  root: string,
  vendor: string,
  entries: readonly SourceEntry[],
  toolchain: string,
): Promise<{ inputs: string; fileHashes: Record<string, string> }> {
  const files = [
    ...(await listFiles(join(root, "specs", vendor), () => true)),
    ...(existsSync(vendorDataFile(root, vendor)) ? [vendorDataFile(root, vendor)] : []),
    ...(await listFiles(join(root, "packages", vendor, "src"), (name) => /\.(graphql|gql)$/.test(name))),
  ];
  const fileHashes: Record<string, string> = {};
  const parts = [toolchain, JSON.stringify(entries)];
  for (const file of files) {
    const hash = sha256(await readFile(file));
    fileHashes[file] = hash;
    parts.push(relative(root, file), hash);
  }
  return { inputs: sha256(parts.join("\0")), fileHashes };
}

/** The files of the last run, when its inputs were `inputs` and no file has changed since. */
async function upToDate(dir: string, inputs: string): Promise<string[] | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.inputs !== inputs) return undefined;
  for (const [file, hash] of Object.entries(manifest.files)) {
    const content = await readFile(join(dir, file)).catch(() => undefined);
    if (!content || sha256(content) !== hash) return undefined;
  }
  return Object.keys(manifest.files).map((file) => join(dir, file));
}

/** What a worker (worker.ts) is given. */
export interface WorkerInput {
  root: string;
  jobs: VendorJob[];
}
export type WorkerMessage = { log: string } | { outcomes: GenerateOutcome[] };

/** Generates `jobs` in a worker thread, relaying its log lines; a thread that dies fails its vendors, not the run. */
function generateInWorker(worker: URL, input: WorkerInput, log: (line: string) => void): Promise<GenerateOutcome[]> {
  return new Promise((done) => {
    let outcomes: GenerateOutcome[] | undefined;
    let failedOnce = false;
    // A thread that throws emits "error" and then "exit": its vendors fail once.
    const fail = (why: string) => {
      if (failedOnce) return;
      failedOnce = true;
      const failed = input.jobs.map((job) => ({ vendor: job.vendor, error: `the generator's thread stopped: ${why}`, ms: job.checkedMs }));
      for (const outcome of failed) log(`FAIL  ${outcome.vendor}: ${outcome.error}`);
      done(failed);
    };
    const thread = new Worker(worker, { workerData: input });
    thread.on("message", (message: WorkerMessage) => {
      if ("log" in message) log(message.log);
      else outcomes = message.outcomes;
    });
    thread.on("error", (error) => fail(errorMessage(error)));
    thread.on("exit", (code) => (outcomes ? done(outcomes) : fail(`exit code ${code}`)));
  });
}

/** Generates TypeScript for every definition of one vendor (or all) into packages/<vendor>/src/generated/. */
export async function generate(options: GenerateOptions): Promise<GenerateOutcome[]> {
  const log = options.log ?? (() => {});
  const toolchain = options.toolchain ?? ownToolchain();
  const entries = (await loadSources(options.root, options.vendor)).definitions;
  const vendors = [...new Set(entries.map((e) => e.vendor))];
  const outcomes = new Map<string, GenerateOutcome>();
  const jobs: VendorJob[] = [];
  for (const vendor of vendors) {
    const started = performance.now();
    try {
      if (!existsSync(join(options.root, "packages", vendor, "package.json")))
        throw new CliError(
          `packages/${vendor}/package.json does not exist: a definition needs its package before code can be generated into it`,
        );
      const own = entries.filter((e) => e.vendor === vendor);
      const { inputs, fileHashes } = await inputsHash(options.root, vendor, own, toolchain);
      const unchanged = options.force ? undefined : await upToDate(generatedDir(options.root, vendor), inputs);
      if (unchanged) {
        const ms = Math.round(performance.now() - started);
        outcomes.set(vendor, { vendor, files: unchanged, ms, upToDate: true });
        log(`ok    ${vendor}: up to date, inputs unchanged since the last run (${ms} ms)`);
      } else jobs.push({ vendor, entries: own, inputs, fileHashes, checkedMs: performance.now() - started });
    } catch (error) {
      outcomes.set(vendor, { vendor, error: errorMessage(error), ms: Math.round(performance.now() - started) });
      log(`FAIL  ${vendor}: ${errorMessage(error)}`);
    }
  }
  // Two kinds to generate and two cores: GraphQL in a worker, OpenAPI here, at once.
  const isGraphql = (job: VendorJob) => job.entries.every((e) => e.format === "graphql-sdl");
  const split = options.worker && availableParallelism() > 1 && jobs.some(isGraphql) && !jobs.every(isGraphql);
  const away = split ? jobs.filter(isGraphql) : [];
  const inWorker = options.worker && away.length ? generateInWorker(options.worker, { root: options.root, jobs: away }, log) : undefined;
  for (const job of jobs.filter((j) => !away.includes(j))) outcomes.set(job.vendor, await generateVendor(options.root, job, log));
  for (const outcome of (await inWorker) ?? []) outcomes.set(outcome.vendor, outcome);
  return vendors.map((vendor) => outcomes.get(vendor)!);
}
