import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, VendorClientsError } from "@vendor-clients/auth";
import { fileTokenStore } from "@vendor-clients/auth/node";
import { fromEnv as nexarFromEnv, multiMatch, searchMpn, type BomLine } from "@vendor-clients/nexar";
import { parseCsv, toCsv } from "./csv.ts";
import { CliFailure, usage } from "./errors.ts";
import { findVendor, VENDORS, type VendorEntry } from "./vendors.ts";

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  isTTY: boolean;
}

const vendorList = VENDORS.map((v) => v.id).join(", ");

export const HELP = `Usage: vendor-clients <command> [options]

Commands:
  token <vendor>                      Fetch a token; show its type, scopes and expiry (--show: the token too)
  call <vendor> <METHOD> <path>       Call any path of a REST vendor with the client's auth and headers
  nexar search <mpn>                  Parts matching an MPN, with sellers and prices
  nexar bom <file.csv>                Match a bill of materials (columns: mpn, manufacturer, quantity…)
  specs pull|add|diff …               Manage API definitions (inside a vendor-clients checkout)
  generate [vendor]                   Regenerate clients (inside a vendor-clients checkout)

Vendors: ${vendorList} (alias dsi)
Credentials come from the environment or a .env file in the current folder (see .env.example).
Tokens are cached in ~/.cache/vendor-clients/tokens.json (VENDOR_CLIENTS_TOKEN_FILE; --no-cache to skip).

Options: --json (machine-readable output), --debug (stack traces), -h/--help.
Exit codes: 0 success, 1 the call or request failed, 2 wrong usage or configuration.`;

const TOKEN_HELP = `Usage: vendor-clients token <vendor> [--show] [--json] [--no-cache]

Fetches (or reuses) a token with the vendor's credentials and prints its type, scope and
expiry. The token itself is printed only with --show.`;

const CALL_HELP = `Usage: vendor-clients call <vendor> <METHOD> <path> [--query k=v]... [--body file.json] [--json]

Sends one request through the vendor's client pipeline (token, keys, vendor headers, retries)
to <base URL><path> and prints the status and the body. Exit 1 for an HTTP error status.`;

const SEARCH_HELP = `Usage: vendor-clients nexar search <mpn> [--limit N] [--authorized-only] [--country CC] [--currency CUR] [--json]`;

const BOM_HELP = `Usage: vendor-clients nexar bom <file.csv> [--format csv|json] [--batch-size N] [--authorized-only]

Reads a CSV with a header row (an "mpn" column; optional "manufacturer", "sku", "quantity"/"qty"),
matches every line with Nexar (progress on stderr), and writes CSV (default) or JSON to stdout.`;

const tokenStore = (values: { "no-cache"?: boolean }) => (values["no-cache"] ? undefined : fileTokenStore());

function requireVendor(name: string | undefined, help: string): VendorEntry {
  const vendor = findVendor(name);
  if (!vendor) throw usage(`${name ? `unknown vendor "${name}"` : "missing <vendor>"}; one of: ${vendorList}\n\n${help}`);
  return vendor;
}

function parse<T extends Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>>(args: string[], options: T, help: string) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage(`${(error as Error).message}\n\n${help}`);
  }
}

async function token(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { show: { type: "boolean" }, json: { type: "boolean" }, "no-cache": { type: "boolean" } }, TOKEN_HELP);
  if (values.help) return io.out(TOKEN_HELP), 0;
  const vendor = requireVendor(positionals[0], TOKEN_HELP);
  const client = vendor.create(tokenStore(values));
  const value = await client.tokens.getToken();
  const info = {
    vendor: vendor.id,
    grant: client.tokens.grant,
    type: value.type,
    scope: value.scope ?? null,
    expiresAt: new Date(value.expiresAt).toISOString(),
    expiresInSeconds: Math.max(0, Math.round((value.expiresAt - Date.now()) / 1000)),
    ...(values.show ? { token: value.value } : {}),
  };
  if (values.json) io.out(JSON.stringify(info, null, 2));
  else {
    io.out(`${vendor.name}: ${info.type} token (${info.grant}), scope ${info.scope ?? "—"}, expires ${info.expiresAt} (in ${Math.round(info.expiresInSeconds / 60)} min)`);
    if (values.show) io.out(value.value);
  }
  return 0;
}

async function call(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { query: { type: "string", multiple: true }, body: { type: "string" }, json: { type: "boolean" }, "no-cache": { type: "boolean" } }, CALL_HELP);
  if (values.help) return io.out(CALL_HELP), 0;
  const vendor = requireVendor(positionals[0], CALL_HELP);
  const [method, path] = [positionals[1]?.toUpperCase(), positionals[2]];
  if (!method || !/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(method)) throw usage(`missing or unknown <METHOD> "${positionals[1] ?? ""}"\n\n${CALL_HELP}`);
  if (!path?.startsWith("/")) throw usage(`<path> must start with "/"; got "${path ?? ""}"\n\n${CALL_HELP}`);
  const client = vendor.create(tokenStore(values));
  const url = new URL(client.baseUrl.replace(/\/+$/, "") + path);
  for (const pair of values.query ?? []) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw usage(`--query takes key=value; got "${pair}"`);
    url.searchParams.append(pair.slice(0, eq), pair.slice(eq + 1));
  }
  let body: string | undefined;
  if (values.body) {
    const file = resolve(io.cwd, values.body);
    if (!existsSync(file)) throw usage(`--body: no such file ${values.body}`);
    body = readFileSync(file, "utf8");
  }
  const response = await client.fetch(url, { method, ...(body !== undefined ? { body, headers: { "content-type": "application/json" } } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: print as text */
  }
  if (values.json) io.out(JSON.stringify({ status: response.status, body: parsed }, null, 2));
  else io.out(`HTTP ${response.status} ${response.statusText}\n${typeof parsed === "string" ? parsed : JSON.stringify(parsed, null, 2)}`);
  await client.close?.();
  return response.ok ? 0 : 1;
}

async function nexarSearch(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    { limit: { type: "string" }, "authorized-only": { type: "boolean" }, country: { type: "string" }, currency: { type: "string" }, json: { type: "boolean" }, "no-cache": { type: "boolean" } },
    SEARCH_HELP,
  );
  if (values.help) return io.out(SEARCH_HELP), 0;
  const mpn = positionals[0];
  if (!mpn) throw usage(`missing <mpn>\n\n${SEARCH_HELP}`);
  const limit = values.limit === undefined ? 5 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw usage(`--limit must be a whole number from 1 to 100; got "${values.limit}"`);
  const store = tokenStore(values);
  const result = await searchMpn(nexarFromEnv(store ? { store } : {}), mpn, {
    limit,
    authorizedOnly: Boolean(values["authorized-only"]),
    ...(values.country ? { country: values.country } : {}),
    ...(values.currency ? { currency: values.currency } : {}),
  });
  if (values.json) return io.out(JSON.stringify(result, null, 2)), 0;
  io.out(`${result.hits} hits for ${mpn}`);
  for (const { part } of result.results ?? []) {
    io.out(`\n${part.mpn} — ${part.manufacturer.name}: ${part.shortDescription}`);
    for (const seller of part.sellers.slice(0, 5)) {
      const offer = seller.offers[0];
      const price = offer?.prices[0];
      io.out(`  ${seller.company.name.padEnd(24)} ${seller.isAuthorized ? "authorized" : "          "} stock ${String(offer?.inventoryLevel ?? "-").padStart(8)}  ${price ? `${price.quantity}+ @ ${price.price} ${price.currency}` : ""}`);
    }
  }
  return 0;
}

async function nexarBom(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: "string" }, "batch-size": { type: "string" }, "authorized-only": { type: "boolean" }, "no-cache": { type: "boolean" } }, BOM_HELP);
  if (values.help) return io.out(BOM_HELP), 0;
  const format = values.format ?? "csv";
  if (format !== "csv" && format !== "json") throw usage(`--format must be csv or json; got "${format}"`);
  if (!positionals[0]) throw usage(`missing <file.csv>\n\n${BOM_HELP}`);
  const file = resolve(io.cwd, positionals[0]);
  if (!existsSync(file)) throw usage(`no such file ${positionals[0]}`);
  const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => columns.findIndex((c) => names.includes(c));
  const [mpnAt, mfrAt, skuAt, qtyAt] = [col("mpn", "part number", "manufacturer part number"), col("manufacturer", "mfr"), col("sku"), col("quantity", "qty")];
  if (mpnAt < 0 && skuAt < 0) throw usage(`${positionals[0]}: the header row needs an "mpn" (or "sku") column; found: ${columns.join(", ") || "nothing"}`);
  const lines = rows.map((row, i) => {
    const line: BomLine & { row: number; quantity?: number } = { row: i + 2 };
    if (mpnAt >= 0 && row[mpnAt]?.trim()) line.mpn = row[mpnAt]!.trim();
    if (skuAt >= 0 && row[skuAt]?.trim()) line.sku = row[skuAt]!.trim();
    if (mfrAt >= 0 && row[mfrAt]?.trim()) line.manufacturer = row[mfrAt]!.trim();
    if (qtyAt >= 0 && row[qtyAt]?.trim()) line.quantity = Number(row[qtyAt]);
    if (!line.mpn && !line.sku) throw usage(`${positionals[0]} line ${i + 2}: no mpn or sku`);
    return line;
  });
  const batchSize = values["batch-size"] === undefined ? 20 : Number(values["batch-size"]);
  const store = tokenStore(values);
  const progress = (done: number, total: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    io.err(`${io.isTTY ? "\r" : ""}matching [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${io.isTTY && done < total ? "" : "\n"}`);
  };
  const matched = await multiMatch(nexarFromEnv(store ? { store } : {}), lines, { batchSize, requireAuthorizedSellers: Boolean(values["authorized-only"]), onProgress: progress });
  const summary = matched.map(({ line, match }) => {
    const part = match?.parts[0];
    const offers = part?.sellers.flatMap((s) => s.offers.map((o) => ({ seller: s.company.name, offer: o }))) ?? [];
    const best = offers
      .map(({ seller, offer }) => ({ seller, price: offer.prices.filter((p) => p.quantity <= (line.quantity ?? 1)).at(-1) ?? offer.prices[0] }))
      .filter((o) => o.price)
      .sort((a, b) => a.price!.convertedPrice - b.price!.convertedPrice)[0];
    return { row: line.row, mpn: line.mpn ?? "", manufacturer: line.manufacturer ?? "", quantity: line.quantity ?? "", hits: match?.hits ?? 0, matchedMpn: part?.mpn ?? "", matchedManufacturer: part?.manufacturer.name ?? "", sellers: part?.sellers.length ?? 0, bestPrice: best?.price?.convertedPrice ?? "", currency: best?.price?.convertedCurrency ?? "", bestSeller: best?.seller ?? "", error: match?.error ?? "" };
  });
  if (format === "json") io.out(JSON.stringify(summary, null, 2));
  else io.out(toCsv([Object.keys(summary[0] ?? { row: "" }), ...summary.map((s) => Object.values(s))]).trimEnd());
  return 0;
}

/** Runs a monorepo script (specs, generate) in the vendor-clients checkout around the current folder. */
function inCheckout(script: string, args: string[], io: Io): number {
  let dir = io.cwd;
  while (!existsSync(join(dir, "specs", "sources.schema.json")) || !existsSync(join(dir, "scripts"))) {
    const parent = dirname(dir);
    if (parent === dir) throw usage(`"${script}" works inside a vendor-clients checkout (a folder with specs/sources.schema.json); none found above ${io.cwd}`);
    dir = parent;
  }
  const result = spawnSync("pnpm", ["-s", script, ...args], { cwd: dir, stdio: "inherit", env: { ...process.env, INIT_CWD: io.cwd } });
  if (result.error) throw new CliFailure(`could not run pnpm in ${dir}: ${result.error.message}`);
  return result.status ?? 1;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "-h":
    case "--help":
    case "help":
      io.out(HELP);
      return command === undefined ? 2 : 0;
    case "token":
      return token(rest, io);
    case "call":
      return call(rest, io);
    case "nexar": {
      const [sub, ...subArgs] = rest;
      if (sub === "search") return nexarSearch(subArgs, io);
      if (sub === "bom") return nexarBom(subArgs, io);
      if (sub === "--help" || sub === "-h") return io.out(`${SEARCH_HELP}\n${BOM_HELP}`), 0;
      throw usage(`nexar takes "search" or "bom"; got "${sub ?? ""}"\n\n${SEARCH_HELP}\n${BOM_HELP}`);
    }
    case "specs":
    case "generate":
      return inCheckout(command, rest, io);
    default:
      throw usage(`unknown command "${command}"\n\n${HELP}`);
  }
}

/** The exit code and one-line message for anything a command throws. */
export function report(error: unknown, debug: boolean, io: Io): number {
  if (debug && error instanceof Error) io.err(error.stack ?? String(error));
  if (error instanceof CliFailure) return io.err(`error: ${error.message}`), error.exitCode;
  if (error instanceof ConfigError) return io.err(`error: ${error.message}`), 2;
  if (error instanceof VendorClientsError) return io.err(`error: ${error.message}`), 1;
  io.err(`error: ${error instanceof Error ? error.message : String(error)}${debug ? "" : " (--debug for details)"}`);
  return 1;
}
