import { spawnSync } from "node:child_process";
import { CliFailure } from "../errors.ts";
import { pnpmCommand, requireCheckout } from "../checkout.ts";
import type { Io } from "../io.ts";

/** Runs a monorepo script (specs, generate) in the vendor-clients checkout around the current folder. */
export function inCheckout(script: string, args: string[], io: Io): number {
  const dir = requireCheckout(io.cwd, `"${script}"`);
  const pnpm = pnpmCommand();
  const result = spawnSync(pnpm.command, [...pnpm.args, "-s", script, ...args], {
    cwd: dir,
    stdio: "inherit",
    env: { ...process.env, INIT_CWD: io.cwd },
  });
  if (result.error) throw new CliFailure(`could not run pnpm in ${dir}: ${result.error.message}`);
  return result.status ?? 1;
}
