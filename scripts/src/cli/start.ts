import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { parseCommandLine, runMain, userCwd } from "../lib/cli.ts";
import { CliError } from "../lib/errors.ts";
import { resolveRoot } from "../lib/workspace.ts";
import { pullDefinitions } from "../specs/pull.ts";

const HELP = `Usage: pnpm start

The README's first command, in three steps with one line each, then the demo's table:
  1. pull the vendors' published definitions (sha256 checked; VENDOR_CLIENTS_SPECS_MIRROR
     pulls from a mirror laid out like specs/)
  2. generate and build every package (Turbo, cached): each task named as it starts, the
     output shown only if it fails
  3. the demo: local stand-ins of all five vendors and one typed call per vendor

The steps one by one: pnpm specs pull, pnpm build, pnpm demo.`;

interface Captured {
  code: number | null;
  output: string;
}

/** Runs a command with its output kept aside (shown only when it fails), each line also handed to `onLine`. */
function capture(command: string, args: string[], cwd: string, onLine: (line: string) => void = () => {}): Promise<Captured> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } });
    let output = "";
    let partial = "";
    child.stdout.on("data", (d) => {
      output += d;
      const lines = (partial + d).split("\n");
      partial = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    child.stderr.on("data", (d) => (output += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, output }));
  });
}

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
  // Turbo names each task as it starts it ("<package>:<task>: cache miss, executing …"): shown as
  // it goes, so minutes of building are not minutes of silence.
  const tty = process.stdout.isTTY;
  let begun = 0;
  let worked = 0;
  const progress = (line: string) => {
    const task = /^@vendor-clients\/([\w-]+):(\w+): cache (miss|hit|bypass)/.exec(line);
    if (!task) return;
    begun++;
    const what = `${task[1]} ${task[2]}${task[3] === "hit" ? " (cached)" : ""}`;
    if (tty) say(`\r\x1b[K2/3 generate and build… ${begun} tasks, now ${what}`);
    // In a log, only the tasks that do work: a cached one takes no time worth a line.
    else if (task[3] !== "hit") say(`\n    ${what}`), worked++;
  };
  const build = await capture(process.execPath, [turbo, "run", "build", "--log-prefix=task", "--output-logs=new-only"], root, progress);
  if (tty) say("\r\x1b[K2/3 generate and build… ");
  else if (worked) say("\n    ");
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
