import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** The tsx loader by absolute URL: a child started in another folder cannot resolve "tsx" by name. */
export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point as a separate node process, as a user (or a worker) would, and collects its output. */
export function runTsx(
  script: string,
  args: string[] = [],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", tsxLoader, script, ...args], {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Heap in MB after full collections (twice, a turn of the event loop between, so sockets and streams just released are gone too). Needs --expose-gc for exact figures. */
export async function heapAfterGcMb(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
}
