import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { usage } from "./errors.ts";

/** The vendor-clients checkout around `from` (a folder with specs/sources.schema.json and scripts/), or undefined. */
export function findCheckout(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "specs", "sources.schema.json")) && existsSync(join(dir, "scripts"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function requireCheckout(from: string, what: string): string {
  const dir = findCheckout(from);
  if (!dir)
    throw usage(`${what} works inside a vendor-clients checkout (a folder with specs/sources.schema.json); none found above ${from}`);
  return dir;
}

/**
 * How to start the pnpm that runs us: under `pnpm …` npm_execpath names pnpm's own script, so a
 * child never picks up another pnpm that happens to be first on the PATH.
 */
export function pnpmCommand(env: NodeJS.ProcessEnv = process.env): { command: string; args: string[] } {
  const execpath = env.npm_execpath;
  if (execpath && /pnpm(\.c?js)?$/.test(execpath))
    return /\.c?js$/.test(execpath) ? { command: process.execPath, args: [execpath] } : { command: execpath, args: [] };
  return { command: "pnpm", args: [] };
}
