import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { RateLimitEvent } from "@vendor-clients/auth";
import {
  checkpointMarket,
  lineKey,
  fromEnv as nexarFromEnv,
  matchBatches,
  type MatchedLine,
  type MultiMatchCheckpoint,
  type MultiMatchOptions,
} from "@vendor-clients/nexar";
import { badRowResult, parseDelimiter, readBom, summarize, type NumberedLine } from "../bom.ts";
import { toCsv } from "../csv.ts";
import { usage } from "../errors.ts";
import { parse, tokenStore, type Io } from "../io.ts";

/** Exit status of `nexar bom` when it wrote what it could but some lines have no answer (see BOM_HELP). */
export const EXIT_PARTIAL = 3;

export const BOM_HELP = `Usage: vendor-clients nexar bom <file.csv> [--format csv|json] [--authorized-only] [--currency EUR] [--country DE]
       [--limit N] [--batch-size N] [--concurrency N] [--delimiter ;] [--checkpoint FILE] [--stand-ins]

Reads a CSV with a header row (an "mpn" column; optional "manufacturer", "sku", "quantity"/"qty";
the delimiter is found in the header row, or named with --delimiter comma|semicolon|tab|pipe),
matches every line with Nexar (progress on stderr, with any time spent waiting on Nexar's rate
limits), and writes CSV (default) or JSON to stdout, one row per line of the file: the matched
part and the offer that can be bought cheapest at the line's quantity (stock, minimum order
quantity and order multiple honoured), or why there is none.

  --authorized-only  only parts and offers from sellers the manufacturer authorizes
  --limit N          parts matched (and billed) per line, default 1; the others are listed as alternatives
  --batch-size N     lines per request (default 100, at most 100 parts a request); --concurrency N requests at once (default 4)
  --checkpoint FILE  keep what is matched in FILE after each batch; a run with the same FILE
                     sends only the lines not matched yet

Exit status: 0 every line answered; 3 partial: some lines have no answer (a batch failed after
its retries, the part limit was reached) or some rows could not be read: every answered line is
written, the others carry their error; 2 bad usage or a file that cannot be read (an unclosed
quote); 1 nothing could be done (no login, no network).`;

export async function nexarBom(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      format: { type: "string" },
      "batch-size": { type: "string" },
      concurrency: { type: "string" },
      "authorized-only": { type: "boolean" },
      currency: { type: "string" },
      country: { type: "string" },
      limit: { type: "string" },
      delimiter: { type: "string" },
      checkpoint: { type: "string" },
      "no-cache": { type: "boolean" },
    },
    BOM_HELP,
  );
  if (values.help) return (io.out(BOM_HELP), 0);
  const format = values.format ?? "csv";
  if (format !== "csv" && format !== "json") throw usage(`--format must be csv or json; got "${format}"`);
  if (!positionals[0]) throw usage(`missing <file.csv>\n\n${BOM_HELP}`);
  const wholeNumber = (name: string, value: string | undefined, max: number) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw usage(`--${name} must be a whole number from 1 to ${max}; got "${value}"`);
    return n;
  };
  const batchSize = wholeNumber("batch-size", values["batch-size"], 100);
  const limit = wholeNumber("limit", values.limit, 100);
  const concurrency = wholeNumber("concurrency", values.concurrency, 16);
  for (const [name, value, pattern] of [
    ["currency", values.currency, /^[A-Za-z]{3}$/],
    ["country", values.country, /^[A-Za-z]{2}$/],
  ] as const)
    if (value !== undefined && !pattern.test(value))
      throw usage(`--${name} must be an ISO ${name === "currency" ? "4217 code (USD, EUR…)" : "3166 code (US, DE…)"}; got "${value}"`);
  const file = resolve(io.cwd, positionals[0]);
  if (!existsSync(file)) throw usage(`no such file ${positionals[0]}`);
  const { lines, bad } = readBom(
    readFileSync(file, "utf8"),
    positionals[0],
    values.delimiter !== undefined ? { delimiter: parseDelimiter(values.delimiter) } : {},
  );
  for (const row of bad) io.err(`${positionals[0]} line ${row.row}: ${row.message} (skipped)`);

  const checkpointFile = values.checkpoint === undefined ? undefined : resolve(io.cwd, values.checkpoint);
  let resume: MultiMatchCheckpoint | undefined;
  if (checkpointFile && existsSync(checkpointFile)) {
    try {
      resume = JSON.parse(readFileSync(checkpointFile, "utf8")) as MultiMatchCheckpoint;
      if (!resume || typeof resume.matches !== "object") throw new Error("no matches");
    } catch (error) {
      throw usage(`--checkpoint ${values.checkpoint}: not a checkpoint this command wrote (${(error as Error).message})`);
    }
  }

  const store = tokenStore(values, io);
  // Time spent waiting on Nexar's limits, shown with the progress: budgets (its token quota) and
  // the pauses its answers ask for (a 429's Retry-After, GraphQL throttling), which the retry waits out.
  let waitedMs = 0;
  const onRateLimit = (event: RateLimitEvent) => {
    if (event.type === "wait") waitedMs += event.waitMs;
    if (event.type === "throttled") waitedMs += event.pauseMs;
  };
  const progress = (done: number, total: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const waited = waitedMs >= 100 ? `, ${(waitedMs / 1000).toFixed(1)} s waiting on rate limits` : "";
    io.err(
      `${io.isTTY ? "\r" : ""}matching [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${waited}${io.isTTY && done < total ? "" : "\n"}`,
    );
  };
  const client = nexarFromEnv({ ...(store ? { store } : {}), rateLimit: { onRateLimit } }, io.env);
  const authorizedOnly = Boolean(values["authorized-only"]);
  const matched: MatchedLine<NumberedLine>[] = [];
  const options: MultiMatchOptions = {
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(values.currency ? { currency: values.currency.toUpperCase() } : {}),
    ...(values.country ? { country: values.country.toUpperCase() } : {}),
    ...(resume ? { resume } : {}),
    // Parts without an authorized seller are not matched, and the others' unauthorized sellers not returned.
    requireAuthorizedSellers: authorizedOnly,
    authorizedOnly,
  };
  if (resume?.market !== undefined && resume.market !== checkpointMarket(options))
    throw usage(
      `--checkpoint ${values.checkpoint} holds matches made with other --currency, --country or --authorized-only: run with the same, or with a new checkpoint file`,
    );
  const checkpoint: MultiMatchCheckpoint = { market: checkpointMarket(options), matches: { ...resume?.matches } };
  for await (const batch of matchBatches(client, lines, options)) {
    matched.push(...batch.lines);
    if (checkpointFile && batch.sent && !batch.error) {
      for (const line of batch.lines)
        if (line.match) checkpoint.matches[line.index] = { key: lineKey(line.line, limit ?? 1), match: line.match };
      saveCheckpoint(checkpointFile, checkpoint);
    }
    progress(matched.length, lines.length);
  }
  if (lines.length === 0) progress(0, 0);
  matched.sort((a, b) => a.index - b.index);
  const summary = [...summarize(matched, { authorizedOnly }), ...bad.map(badRowResult)].sort((a, b) => a.row - b.row);
  if (format === "json") io.out(JSON.stringify(summary, null, 2));
  else io.out(toCsv([Object.keys(summary[0] ?? { row: "" }), ...summary.map((s) => Object.values(s))]).trimEnd());
  const failed = matched.filter((m) => m.match === undefined);
  if (failed.length) {
    const reasons = [...new Set(failed.map((f) => f.error?.message ?? "no answer"))];
    io.err(
      `${failed.length} of ${lines.length} lines not matched (${reasons.join("; ")})${checkpointFile ? `: run again with --checkpoint ${values.checkpoint} to match only those` : ""}`,
    );
  }
  return failed.length || bad.length ? EXIT_PARTIAL : 0;
}

/**
 * The checkpoint in the form multiMatch's `resume` reads (each match under its line's key),
 * written to a temporary file and renamed over the old one: a run cut short keeps the last whole one.
 */
function saveCheckpoint(file: string, checkpoint: MultiMatchCheckpoint) {
  writeFileSync(`${file}.tmp`, JSON.stringify(checkpoint));
  renameSync(`${file}.tmp`, file);
}
