#!/usr/bin/env node
import { existsSync } from "node:fs";
import { join } from "node:path";
import { report, run, type Io } from "./run.ts";

const argv = process.argv.slice(2);
const debug = argv.includes("--debug");
const io: Io = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith("\n") || text.startsWith("\r") ? text : `${text}\n`),
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
};
// `… | head` closes the pipe early: the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});
// Credentials in a .env beside the user's work, the same file `pnpm demo --live` reads; the
// environment wins over it, and --dotenv wins over both.
const envFile = join(io.cwd, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

try {
  process.exitCode = await run(
    argv.filter((a) => a !== "--debug"),
    io,
  );
} catch (error) {
  process.exitCode = report(error, debug, io);
}
