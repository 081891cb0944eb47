import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { usage } from "../errors.ts";
import { jsonErrorOffset } from "../json-error-offset.ts";
import { parse, requireVendor, tokenStore, type Io } from "../io.ts";

export const CALL_HELP = `Usage: vendor-clients call <vendor> <METHOD> <path> [--query k=v]... [--body file.json] [--json] [--stand-ins]

Sends one request through the vendor's client pipeline (token, keys, vendor headers, retries)
to <base URL><path> and prints the status and the body. Exit 1 for an HTTP error status.`;

export async function call(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    { query: { type: "string", multiple: true }, body: { type: "string" }, json: { type: "boolean" }, "no-cache": { type: "boolean" } },
    CALL_HELP,
  );
  if (values.help) return (io.out(CALL_HELP), 0);
  const vendor = requireVendor(positionals[0], CALL_HELP);
  const [method, path] = [positionals[1]?.toUpperCase(), positionals[2]];
  if (!method || !/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(method))
    throw usage(`missing or unknown <METHOD> "${positionals[1] ?? ""}"\n\n${CALL_HELP}`);
  if (!path?.startsWith("/")) throw usage(`<path> must start with "/"; got "${path ?? ""}"\n\n${CALL_HELP}`);
  const query: Array<[string, string]> = (values.query ?? []).map((pair) => {
    const eq = pair.indexOf("=");
    if (eq < 1) throw usage(`--query takes key=value; got "${pair}"`);
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
  const body = values.body === undefined ? undefined : readJsonBody(values.body, io.cwd);
  const client = vendor.create(tokenStore(values, io), io.env);
  const url = new URL(client.baseUrl.replace(/\/+$/, "") + path);
  for (const [key, value] of query) url.searchParams.append(key, value);
  try {
    const response = await client.fetch(url, {
      method,
      ...(body !== undefined ? { body, headers: { "content-type": "application/json" } } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: print as text */
    }
    if (values.json) io.out(JSON.stringify({ status: response.status, body: parsed }, null, 2));
    else io.out(`HTTP ${response.status} ${response.statusText}\n${typeof parsed === "string" ? parsed : JSON.stringify(parsed, null, 2)}`);
    return response.ok ? 0 : 1;
  } finally {
    await client.close?.();
  }
}

/** The value of --body in a call's arguments (`--body F` or `--body=F`), for the check before stand-ins start. */
export function bodyArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--body") return args[i + 1] ?? "";
    if (args[i]!.startsWith("--body=")) return args[i]!.slice("--body=".length);
  }
  return undefined;
}

/**
 * The --body file, read and checked to be JSON before anything starts (no token fetched, no stand-in
 * started): a usage error names the file and, for a syntax error, its line and column.
 */
export function readJsonBody(name: string, cwd: string): string {
  if (!name) throw usage("--body needs a file name");
  const file = resolve(cwd, name);
  if (!existsSync(file)) throw usage(`--body: no such file ${name}`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw usage(`--body: cannot read ${name}: ${(error as Error).message}`);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw usage(`--body: ${name}${jsonErrorPlace(text)}: not JSON (${(error as Error).message})`);
  }
  return text;
}

/** ":line:column" where a JSON text first goes wrong (Node 20's JSON.parse often names no place); empty when none is found. */
function jsonErrorPlace(text: string): string {
  const offset = jsonErrorOffset(text);
  if (offset === undefined) return "";
  const before = text.slice(0, offset);
  return `:${before.split("\n").length}:${offset - before.lastIndexOf("\n")}`;
}
