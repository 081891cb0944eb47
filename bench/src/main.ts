import { readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { bomBench } from "./bom.ts";
import { bundles } from "./bundle.ts";
import { codegen } from "./codegen.ts";
import { loopback } from "./loopback.ts";
import { memory } from "./memory.ts";
import { overhead } from "./overhead.ts";
import { rateLimitBench } from "./ratelimit.ts";
import { tokenFleet } from "./token-fleet.ts";
import { tokenRequests } from "./tokens.ts";
import { typecheck } from "./typecheck.ts";

const SECTIONS = ["overhead", "loopback", "tokens", "codegen", "typecheck", "bundle", "memory", "ratelimit", "bom"] as const;
const { values } = parseArgs({
  options: {
    markdown: { type: "boolean" },
    only: { type: "string", multiple: true },
    requests: { type: "string" },
    time: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
  strict: true,
});
if (values.help) {
  console.log(
    `Usage: pnpm bench [--only ${SECTIONS.join("|")}]... [--requests N] [--time MS] [--markdown]\n\nRuns every comparison in one process run, prints tables, writes bench/results.json; --markdown prints the tables for the README.`,
  );
  process.exit(0);
}
const only = new Set(values.only ?? SECTIONS);
const requests = Number(values.requests ?? 10_000);
const time = Number(values.time ?? 1500);

type Table = { title: string; header: string[]; rows: (string | number)[][] };
const tables: Table[] = [];
const results: Record<string, unknown> = {
  machine: {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
  date: new Date().toISOString(),
};
const ratio = (a: number | null, b: number | null) => (a && b ? `${(a / b).toFixed(2)}×` : "—");
const log = (s: string) => process.stderr.write(`${s}\n`);

if (only.has("overhead")) {
  log("overhead (fetch stubbed)…");
  const rows = await overhead(time);
  results.overhead = rows;
  const bare = rows.find((r) => r.name.startsWith("openapi-fetch"))!.opsPerSecond;
  const raw = rows.find((r) => r.name.startsWith("raw"))!.opsPerSecond;
  tables.push({
    title: "1. Per-request overhead, fetch stubbed (ops/s, higher is better)",
    header: ["client", "ops/s", "vs openapi-fetch", "vs raw fetch", "note"],
    rows: rows.map((r) => [r.name, r.opsPerSecond ?? "—", ratio(r.opsPerSecond, bare), ratio(r.opsPerSecond, raw), r.note ?? ""]),
  });
}
if (only.has("loopback")) {
  log(`loopback HTTP, ${requests} requests at concurrency 1 and 64…`);
  const rows = await loopback(requests);
  results.loopback = rows;
  tables.push({
    title: `2. Loopback HTTP, keep-alive server in another process, ${requests} requests`,
    header: ["client", "concurrency", "req/s", "vs raw fetch", "p50 ms", "p99 ms"],
    rows: rows.map((r) => [
      r.name,
      r.concurrency,
      r.requestsPerSecond,
      ratio(r.requestsPerSecond, rows.find((x) => x.name === "raw fetch" && x.concurrency === r.concurrency)!.requestsPerSecond),
      r.p50Ms,
      r.p99Ms,
    ]),
  });
}
if (only.has("tokens")) {
  log("token requests…");
  const rows = await tokenRequests();
  results.tokens = rows;
  tables.push({
    title: "3. Token requests",
    header: ["scenario", "token requests", "target"],
    rows: rows.map((r) => [r.scenario, r.tokenRequests, r.target]),
  });
  log("token fleet: 8 processes on one Redis, 2 s tokens, 20 s of calls…");
  const fleet = await tokenFleet();
  results.tokenFleet = fleet;
  tables.push({
    title: "3b. One token per fleet: 8 processes on one Redis token store, tokens living 2 s, calls every 20 ms for 20 s",
    header: ["scenario", "token requests", "target", "calls", "failed calls", "slowest call ms"],
    rows: fleet.map((r) => [r.scenario, r.tokenRequests, r.target, r.calls, r.failed, r.slowestCallMs]),
  });
}
if (only.has("codegen")) {
  log("codegen and builds…");
  const rows = await codegen();
  results.codegen = rows;
  tables.push({
    title: "4. Codegen and build (wall seconds)",
    header: ["task", "seconds", "note"],
    rows: rows.map((r) => [r.task, Number.isNaN(r.seconds) ? "—" : r.seconds, r.note ?? ""]),
  });
}
if (only.has("typecheck")) {
  log("type-check…");
  const rows = await typecheck();
  results.typecheck = rows;
  tables.push({
    title: "5. Type-check time",
    header: ["compiler", "seconds", "ok", "note"],
    rows: rows.map((r) => [r.compiler, r.seconds, r.ok ? "yes" : "no", r.note ?? ""]),
  });
}
if (only.has("bundle")) {
  log("bundle sizes…");
  const rows = await bundles();
  results.bundle = rows;
  tables.push({
    title: "6. Bundle size of a one-call program (esbuild, browser, minified)",
    header: ["program", "minified kB", "gzip kB", "gzip kB, every chunk"],
    rows: rows.map((r) => [r.program, r.minifiedKb, r.gzipKb, r.everyChunkGzipKb]),
  });
}
if (only.has("memory")) {
  log("memory over 100 000 requests…");
  const result = await memory();
  results.memory = result;
  tables.push({
    title: "7. Heap after full GC, one client, 100 000 requests (fetch stubbed)",
    header: ["requests", "heap MB"],
    rows: [...result.samples.map((s) => [s.requests, s.heapMb]), ["growth 10k → 100k", result.growthMb]],
  });
}

if (only.has("ratelimit")) {
  log("rate limits: 4 processes, one Redis, a loopback API that enforces its limit…");
  const rows = await rateLimitBench();
  results.ratelimit = rows;
  tables.push({
    title: "8. Rate limits: processes sharing one budget against an API that enforces N req/s (429 + X-RateLimit-Reset beyond)",
    header: ["scenario", "processes", "requests", "limit/s", "seconds", "ideal s", "429s", "failed"],
    rows: rows.map((r) => [
      r.scenario,
      r.processes,
      r.requests,
      r.limitPerSecond,
      r.seconds,
      r.requests / r.limitPerSecond,
      r.status429,
      r.failed,
    ]),
  });
}

if (only.has("bom")) {
  log("BOM matching: 1000 lines through the Nexar stand-in…");
  const rows = await bomBench();
  results.bom = rows;
  tables.push({
    title: "9. Nexar BOM matching, 1000 lines through the stand-in (which counts requests, parts billed and lines answered)",
    header: ["scenario", "requests", "parts billed", "seconds", "lines matched", "lines lost", "lines to rerun"],
    rows: rows.map((r) => [r.scenario, r.requests, r.partsBilled, r.seconds, r.linesMatched, r.linesLost, r.linesToRerun]),
  });
}

const machine = results.machine as { cpu: string; cores: number; memoryGb: number; node: string };
const render = (t: Table) => {
  if (values.markdown)
    return `#### ${t.title}\n\n| ${t.header.join(" | ")} |\n|${t.header.map(() => "---").join("|")}|\n${t.rows.map((r) => `| ${r.join(" | ")} |`).join("\n")}\n`;
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => String(r[i]).length)));
  return `${t.title}\n${[t.header, ...t.rows].map((r) => r.map((c, i) => String(c).padEnd(widths[i]!)).join("  ")).join("\n")}\n`;
};
console.log(`${values.markdown ? "Machine: " : ""}${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GiB, Node ${machine.node}\n`);
console.log(tables.map(render).join("\n"));
// A run of some sections keeps the others' last results (each section is replaced whole).
const resultsFile = resolve(import.meta.dirname, "../results.json");
const previous = await readFile(resultsFile, "utf8").then(
  (text) => JSON.parse(text) as Record<string, unknown>,
  () => ({}),
);
await writeFile(resultsFile, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
log("wrote bench/results.json");
