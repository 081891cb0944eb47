import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { RateLimitEvent } from "@vendor-clients/auth";
import { fromEnv as nexarFromEnv, multiMatch } from "@vendor-clients/nexar";
import { readBom, summarize } from "../bom.ts";
import { toCsv } from "../csv.ts";
import { usage } from "../errors.ts";
import { parse, tokenStore, type Io } from "../io.ts";

export const BOM_HELP = `Usage: vendor-clients nexar bom <file.csv> [--format csv|json] [--batch-size N] [--authorized-only] [--stand-ins]

Reads a CSV with a header row (an "mpn" column; optional "manufacturer", "sku", "quantity"/"qty"),
matches every line with Nexar (progress on stderr, with any time spent waiting on Nexar's rate
limits), and writes CSV (default) or JSON to stdout:
the first matching part, its sellers, and the cheapest offer for the line's quantity.`;

export async function nexarBom(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      format: { type: "string" },
      "batch-size": { type: "string" },
      "authorized-only": { type: "boolean" },
      "no-cache": { type: "boolean" },
    },
    BOM_HELP,
  );
  if (values.help) return (io.out(BOM_HELP), 0);
  const format = values.format ?? "csv";
  if (format !== "csv" && format !== "json") throw usage(`--format must be csv or json; got "${format}"`);
  if (!positionals[0]) throw usage(`missing <file.csv>\n\n${BOM_HELP}`);
  const file = resolve(io.cwd, positionals[0]);
  if (!existsSync(file)) throw usage(`no such file ${positionals[0]}`);
  const lines = readBom(readFileSync(file, "utf8"), positionals[0]);
  const batchSize = values["batch-size"] === undefined ? 20 : Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100)
    throw usage(`--batch-size must be a whole number from 1 to 100; got "${values["batch-size"]}"`);
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
  const matched = await multiMatch(client, lines, {
    batchSize,
    requireAuthorizedSellers: Boolean(values["authorized-only"]),
    onProgress: progress,
  });
  const summary = summarize(matched);
  if (format === "json") io.out(JSON.stringify(summary, null, 2));
  else io.out(toCsv([Object.keys(summary[0] ?? { row: "" }), ...summary.map((s) => Object.values(s))]).trimEnd());
  return 0;
}
