import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CliError, errorMessage } from "../lib/errors.ts";
import { writeFileAtomic } from "../lib/files.ts";
import { sha256 } from "../lib/hash.ts";
import { loadSources, type SourceEntry } from "../lib/sources.ts";
import { definitionPath } from "../lib/workspace.ts";

export interface PullOptions {
  root: string;
  vendor?: string;
  /** A folder laid out like specs/ (`<vendor>/<file>`) to copy from instead of downloading. */
  mirror?: string;
  /** Per-download time limit. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export type PullOutcome =
  | { entry: SourceEntry; status: "up-to-date" }
  | { entry: SourceEntry; status: "pulled"; from: string; bytes: number }
  | { entry: SourceEntry; status: "failed"; error: string };

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (error) {
    const reason =
      (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : errorMessage((error as Error).cause ?? error);
    throw new CliError(`cannot download ${url}: ${reason} (offline? use --mirror DIR or VENDOR_CLIENTS_SPECS_MIRROR)`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new CliError(`cannot download ${url}: HTTP ${response.status} ${response.statusText}`);
  }
  return Buffer.from(await response.arrayBuffer());
}

/** Pulls one upstream definition into options.root (which may be an old revision's tree). */
export async function pullOne(
  entry: SourceEntry,
  options: Omit<PullOptions, "vendor" | "log">,
): Promise<Exclude<PullOutcome, { status: "failed" }>> {
  const destination = definitionPath(options.root, entry.file);
  const expected = entry.sha256!;
  const existing = await readIfExists(destination);
  if (existing && sha256(existing) === expected) return { entry, status: "up-to-date" };

  const from = options.mirror ? join(options.mirror, entry.file) : entry.url!;
  let data: Buffer;
  if (options.mirror) {
    const copy = await readIfExists(from);
    if (!copy) throw new CliError(`the mirror has no ${entry.file} (looked for ${from})`);
    data = copy;
  } else {
    data = await download(from, options.timeoutMs ?? 60_000);
  }
  const actual = sha256(data);
  if (actual !== expected) {
    throw new CliError(
      `sha256 mismatch for ${entry.file} from ${from}: expected ${expected}, got ${actual}. ` +
        (existing ? "The existing file was left untouched." : "Nothing was written.") +
        ` If the vendor published a new version on purpose, update url and sha256 in specs/${entry.vendor}/sources.json.`,
    );
  }
  await writeFileAtomic(destination, data);
  return { entry, status: "pulled", from, bytes: data.length };
}

/** Pulls every upstream definition (of one vendor, or all); one failure does not stop the others. */
export async function pullDefinitions(options: PullOptions): Promise<PullOutcome[]> {
  const entries = (await loadSources(options.root, options.vendor)).definitions.filter((e) => e.origin === "upstream");
  const log = options.log ?? (() => {});
  if (!entries.length) log(`${options.vendor} has no upstream definitions: nothing to pull`);
  const mirror = options.mirror ? resolve(options.mirror) : undefined;
  const outcomes: PullOutcome[] = [];
  for (const entry of entries) {
    const label = `${entry.vendor}/${entry.name}`;
    try {
      const outcome = await pullOne(entry, { ...options, mirror });
      outcomes.push(outcome);
      log(
        outcome.status === "up-to-date"
          ? `ok    ${label}: ${entry.file} is up to date`
          : `ok    ${label}: ${entry.file} pulled from ${outcome.from} (${outcome.bytes} bytes, sha256 verified)`,
      );
    } catch (error) {
      outcomes.push({ entry, status: "failed", error: errorMessage(error) });
      log(`FAIL  ${label}: ${errorMessage(error)}`);
    }
  }
  return outcomes;
}
