import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import { ConfigError, VendorClientsError } from "@vendor-clients/auth";
import { call } from "./commands/call.ts";
import { inCheckout } from "./commands/checkout.ts";
import { nexarBom, BOM_HELP } from "./commands/nexar-bom.ts";
import { nexarSearch, SEARCH_HELP } from "./commands/nexar-search.ts";
import { standIns } from "./commands/stand-ins.ts";
import { token } from "./commands/token.ts";
import { CliFailure, usage } from "./errors.ts";
import type { Io } from "./io.ts";
import { startStandIns } from "./stand-ins.ts";
import { findVendor, vendorList } from "./vendors.ts";
import { bodyArgument, readJsonBody } from "./commands/call.ts";

export type { Io } from "./io.ts";

export const HELP = `Usage: vendor-clients <command> [options]

Commands:
  token <vendor>                      Fetch a token; show its type, scopes and expiry (--show: the token too)
  call <vendor> <METHOD> <path>       Call any path of a REST vendor with the client's auth and headers
  nexar search <mpn>                  Parts matching an MPN, with sellers and prices
  nexar bom <file.csv>                Match a bill of materials (columns: mpn, manufacturer, quantity…)
  stand-ins [vendor...]               Run the local stand-ins until Ctrl-C; their credentials go to .env.stand-ins
  specs pull|add|diff …               Manage API definitions (inside a vendor-clients checkout)
  generate [vendor]                   Regenerate clients (inside a vendor-clients checkout)

Vendors: ${vendorList}
Credentials come from the environment, else from .env in the current folder (see .env.example).
Tokens are cached in ~/.cache/vendor-clients/tokens.json (VENDOR_CLIENTS_TOKEN_FILE; --no-cache to skip).

Options for token, call and nexar:
  --stand-ins        start local stand-ins of the vendor, run the command against them, stop them
                     (inside a vendor-clients checkout; no credentials needed, nothing cached)
  --dotenv FILE      read credentials from FILE instead (its values win over the environment),
                     e.g. the .env.stand-ins that "vendor-clients stand-ins" writes
  --json (machine-readable output), --debug (stack traces), -h/--help.
Exit codes: 0 success, 1 the call or request failed, 2 wrong usage or configuration.`;

/**
 * Takes the options every vendor command shares out of argv, wherever they stand. The file
 * option is --dotenv, not --env-file: Node 20 takes --env-file for itself even after the script
 * name, so `vendor-clients --env-file x` would never reach us.
 */
function globalOptions(argv: string[]): { rest: string[]; standIns: boolean; envFile?: string } {
  const rest: string[] = [];
  let standIns = false;
  let envFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--stand-ins") standIns = true;
    else if (arg === "--dotenv" || arg.startsWith("--dotenv=")) {
      envFile = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      if (!envFile) throw usage("--dotenv needs a file name");
    } else rest.push(arg);
  }
  return { rest, standIns, ...(envFile !== undefined ? { envFile } : {}) };
}

/** The vendor whose stand-in a command needs: nexar for nexar, else the command's <vendor>. */
function vendorOf(command: string, args: string[]): string[] {
  if (command === "nexar") return ["nexar"];
  const vendor = findVendor(args.find((a) => !a.startsWith("-")));
  return vendor ? [vendor.id] : [];
}

async function dispatch(command: string | undefined, rest: string[], io: Io): Promise<number> {
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
      if (sub === "--help" || sub === "-h") return (io.out(`${SEARCH_HELP}\n\n${BOM_HELP}`), 0);
      throw usage(`nexar takes "search" or "bom"; got "${sub ?? ""}"\n\n${SEARCH_HELP}\n\n${BOM_HELP}`);
    }
    case "stand-ins":
      return standIns(rest, io);
    case "specs":
    case "generate":
      return inCheckout(command, rest, io);
    default:
      throw usage(`unknown command "${command}"\n\n${HELP}`);
  }
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { rest: all, standIns, envFile } = globalOptions(argv);
  const [command, ...rest] = all;
  // stand-ins has a --dotenv of its own (the file it writes); specs and generate pass their
  // arguments on untouched.
  if (command === "stand-ins" || command === "specs" || command === "generate") {
    if (standIns) throw usage(`--stand-ins goes with token, call and nexar; "${command}" takes no stand-ins`);
    return dispatch(command, argv.slice(argv.indexOf(command) + 1), io);
  }
  let env = io.env;
  if (envFile !== undefined) {
    const file = resolve(io.cwd, envFile);
    if (!existsSync(file)) throw usage(`--dotenv: no such file ${envFile}`);
    env = { ...env, ...parseEnv(readFileSync(file, "utf8")) };
  }
  if (!standIns || rest.includes("--help") || rest.includes("-h")) return dispatch(command, rest, { ...io, env });
  // A bad --body is said at once, before stand-ins take seconds to start.
  const body = command === "call" ? bodyArgument(rest) : undefined;
  if (body !== undefined) readJsonBody(body, io.cwd);
  if (command !== "token" && command !== "call" && command !== "nexar")
    throw usage(`--stand-ins goes with token, call and nexar; got "${command ?? ""}"`);
  const vendors = vendorOf(command, rest);
  // Without a known vendor the command fails on its own usage check; no stand-in to start for it.
  if (vendors.length === 0) return dispatch(command, rest, io);
  const running = await startStandIns(io.cwd, vendors, io.err);
  try {
    return await dispatch(command, rest, { ...io, env: { ...env, ...running.env }, standIns: true });
  } finally {
    await running.stop();
  }
}

/** The exit code and one-line message for anything a command throws. */
export function report(error: unknown, debug: boolean, io: Io): number {
  if (debug && error instanceof Error) io.err(error.stack ?? String(error));
  if (error instanceof CliFailure) return (io.err(`error: ${error.message}`), error.exitCode);
  if (error instanceof ConfigError) return (io.err(`error: ${error.message}`), 2);
  if (error instanceof VendorClientsError) return (io.err(`error: ${error.message}`), 1);
  io.err(`error: ${error instanceof Error ? error.message : String(error)}${debug ? "" : " (--debug for details)"}`);
  return 1;
}
