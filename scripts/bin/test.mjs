#!/usr/bin/env node
// `pnpm test`: the machine checked first (a missing redis-server or Chromium said once, with its
// install command), then every package's type check and tests through Turbo with --continue (one
// failure neither stops nor marks the others), then one line naming only the packages that failed.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { missingRequirements } from "../src/test-run/preflight.js";
import { failedTasks } from "../src/test-run/summary.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const missing = missingRequirements();
if (missing.length) {
  process.stderr.write(`${missing.map((m) => `error: ${m}`).join("\n")}\nThe tests need these; nothing was run.\n`);
  process.exit(2);
}
const turbo = createRequire(join(root, "package.json")).resolve("turbo/bin/turbo");
const child = spawn(process.execPath, [turbo, "run", "typecheck", "test", "--concurrency=3", "--continue", ...process.argv.slice(2)], {
  cwd: root,
  stdio: ["inherit", "pipe", "inherit"],
});
let output = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  // Only the tail holds Turbo's summary; keep memory flat on a long run.
  output = (output + chunk).slice(-65536);
});
child.on("close", (code, signal) => {
  const failed = failedTasks(output);
  if (failed.length) process.stdout.write(`\nfailed: ${failed.join(", ")} (every other package passed)\n`);
  else if (code === 0) process.stdout.write("\nall packages passed\n");
  process.exit(code ?? (signal ? 1 : 0));
});
