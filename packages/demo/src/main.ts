import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startStandIns } from "@vendor-clients/stand-ins";
import { formatTable, runCalls } from "./run.ts";

const HELP = `Usage: pnpm demo [--live] [--json]

Runs one real typed call per vendor through the public client packages and prints a table.

  (default)  against local stand-ins on loopback: an OAuth server, a Prism mock per REST vendor
             (checking every request against the vendor's definition), a Nexar GraphQL server.
             No credentials, no internet.
  --live     against the real vendors, with credentials from .env (see .env.example);
             vendors without credentials are skipped, not failed.
  --json     print the outcomes as JSON instead of a table.

Exits 1 if any call failed.`;

const { values } = parseArgs({
  options: { live: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  strict: true,
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

let env: Record<string, string | undefined>;
let stop = async () => {};
if (values.live) {
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), ".env");
  if (existsSync(file)) process.loadEnvFile(file);
  env = process.env;
} else {
  process.stderr.write("starting local stand-ins (OAuth server, Prism mocks, Nexar GraphQL)…\n");
  const standIns = await startStandIns();
  env = standIns.env;
  stop = standIns.stop;
}

try {
  const outcomes = await runCalls(env, { skipUnconfigured: Boolean(values.live) });
  console.log(values.json ? JSON.stringify(outcomes, null, 2) : `\n${formatTable(outcomes)}\n`);
  const failed = outcomes.filter((o) => o.status === "failed").length;
  if (!values.json)
    console.log(
      failed
        ? `${failed} call(s) failed`
        : `all ${outcomes.filter((o) => o.status === "ok").length} calls OK${values.live ? "" : " (local stand-ins)"}`,
    );
  process.exitCode = failed ? 1 : 0;
} finally {
  await stop();
}
