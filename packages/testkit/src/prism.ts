import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { closedPort } from "./http-server.ts";

export interface PrismServer {
  url: string;
  /** Prism's own log lines: request validation failures show up here. */
  logs: string[];
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const prismBin = () => {
  const manifest = require.resolve("@stoplight/prism-cli/package.json");
  const { bin } = require(manifest) as { bin: Record<string, string> };
  return join(dirname(manifest), bin.prism!);
};

/**
 * A spec-driven mock API (Prism) on a free loopback port. With `errors` (default) every request
 * is checked against the definition: a missing required header, a wrong parameter or a body that
 * does not fit gets a 422 (or 401 for missing credentials) instead of an example.
 */
export async function startPrism(specPath: string, options: { errors?: boolean; dynamic?: boolean; timeoutMs?: number } = {}): Promise<PrismServer> {
  const port = await closedPort();
  const args = [prismBin(), "mock", "-h", "127.0.0.1", "-p", String(port), ...(options.errors === false ? [] : ["--errors"]), ...(options.dynamic ? ["--dynamic"] : []), specPath];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  const logs: string[] = [];
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`Prism did not start within ${options.timeoutMs ?? 60_000} ms for ${specPath}:\n${logs.join("\n")}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        logs.push(line);
        if (line.includes("Prism is listening")) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code} for ${specPath}:\n${logs.join("\n")}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    logs,
    stop: async () => {
      process.off("exit", killOnExit);
      await stop();
    },
  };
}
