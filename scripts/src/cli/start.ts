import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { parseCommandLine, runMain, userCwd } from "../lib/cli.ts";
import { CliError } from "../lib/errors.ts";
import { resolveRoot } from "../lib/workspace.ts";
import { pullDefinitions } from "../specs/pull.ts";
import { buildProgress, capture } from "../start/progress.ts";

const HELP = `Usage: pnpm start

The README's first command, in three steps with one line each, then the demo's table:
  1. pull the vendors' published definitions (sha256 checked; VENDOR_CLIENTS_SPECS_MIRROR
     pulls from a mirror laid out like specs/)
  2. generate and build every package (Turbo, cached): each task named as it starts, the
     output shown only if it fails
  3. the demo: local stand-ins of all five vendors and one typed call per vendor

The steps one by one: pnpm specs pull, pnpm build, pnpm demo.`;

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

await runMain(async () => {
  const { values } = parseCommandLine(process.argv.slice(2), {}, HELP);
  if (values.help) return (process.stdout.write(`${HELP}\n`), 0);
  const root = resolveRoot();
  const say = (text: string) => process.stdout.write(text);

  let started = performance.now();
  const pullLog: string[] = [];
  const mirror = process.env.VENDOR_CLIENTS_SPECS_MIRROR || undefined;
  say("1/3 API definitions… ");
  const outcomes = await pullDefinitions({
    root,
    ...(mirror ? { mirror: resolve(userCwd(), mirror) } : {}),
    log: (line) => pullLog.push(line),
  });
  const failed = outcomes.filter((o) => o.status === "failed");
  if (failed.length) {
    say(`failed\n${pullLog.join("\n")}\n`);
    throw new CliError(
      `${failed.length} of ${outcomes.length} definitions could not be pulled${mirror ? "" : " (without internet: VENDOR_CLIENTS_SPECS_MIRROR=<dir> pnpm start)"}`,
    );
  }
  const fresh = outcomes.filter((o) => o.status !== "up-to-date").length;
  say(
    `${fresh ? `${fresh} pulled, sha256 verified${outcomes.length > fresh ? `, ${outcomes.length - fresh} up to date` : ""}` : `${outcomes.length} up to date`} (${seconds(started)})\n`,
  );

  started = performance.now();
  say("2/3 generate and build… ");
  const turbo = createRequire(join(root, "package.json")).resolve("turbo/bin/turbo");
  const progress = buildProgress({ tty: Boolean(process.stdout.isTTY), say, label: "2/3 generate and build…" });
  const build = await capture(
    process.execPath,
    [turbo, "run", "build", "--log-prefix=task", "--output-logs=new-only"],
    root,
    progress.line,
  );
  progress.finish();
  if (build.code !== 0) {
    say(`failed\n${build.output}`);
    throw new CliError("the build failed (output above); run pnpm build to see it again");
  }
  const tasks = /Tasks:\s+(\d+) successful/.exec(build.output)?.[1];
  const cached = /Cached:\s+(\d+) cached/.exec(build.output)?.[1];
  say(`${tasks ?? "all"} tasks${cached && cached !== "0" ? `, ${cached} from cache` : ""} (${seconds(started)})\n`);

  say("3/3 demo: ");
  const demo = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: join(root, "packages", "demo"), stdio: "inherit" });
  const code = await new Promise<number | null>((done) => demo.on("close", done));
  return code ?? 1;
});
