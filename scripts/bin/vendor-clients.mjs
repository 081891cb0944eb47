#!/usr/bin/env node
// `pnpm vendor-clients …` and `pnpm stand-ins` in a checkout: builds the CLI and the packages it
// imports when they changed (Turbo, cached: under a second when nothing did), then runs the
// built CLI in the folder pnpm was started from, as `npx vendor-clients` would in a project.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const turbo = createRequire(join(root, "package.json")).resolve("turbo/bin/turbo");
const build = spawnSync(
  process.execPath,
  [turbo, "run", "build", "--filter=@vendor-clients/cli...", "--output-logs=errors-only", "--log-prefix=none"],
  {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}error: building the CLI failed (exit ${build.status ?? build.signal}); see above\n`);
  process.exit(1);
}
// pnpm runs root scripts in the root; INIT_CWD is where the user typed the command.
process.chdir(process.env.INIT_CWD ?? process.cwd());
await import(pathToFileURL(join(root, "packages", "cli", "dist", "main.js")).href);
