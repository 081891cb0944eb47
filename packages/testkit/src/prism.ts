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

export interface PrismOptions {
  /** Check requests against the definition and answer a violation with an error (default true). */
  errors?: boolean;
  /** Answer from the schemas (json-schema-faker) rather than the definition's examples. */
  dynamic?: boolean;
  /** With `dynamic`: the same request gets the same answer, run after run. */
  seed?: string;
  /** How long Prism may take to listen (default 2 min: a loaded machine takes one); only how late a hung start fails. */
  timeoutMs?: number;
  /** Where the port to try comes from (default: a free one); tests use it to provoke a taken port. */
  pickPort?: () => Promise<number>;
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
 *
 * Prism cannot listen on port 0, so the port is picked free first; another process may take it
 * before Prism binds it (test packages run in parallel). Prism then dies with EADDRINUSE, and
 * it is started again on another free port.
 */
export async function startPrism(specPath: string, options: PrismOptions = {}): Promise<PrismServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPrismOnce(specPath, await (options.pickPort ?? closedPort)(), options);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 5) throw error;
    }
  }
}

class PortTaken extends Error {}

async function startPrismOnce(specPath: string, port: number, options: PrismOptions): Promise<PrismServer> {
  const args = [
    prismBin(),
    "mock",
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    ...(options.errors === false ? [] : ["--errors"]),
    ...(options.dynamic ? ["--dynamic"] : []),
    ...(options.seed ? ["--seed", options.seed] : []),
    specPath,
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const logs: string[] = [];
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        void stop();
        reject(new Error(`Prism did not start within ${options.timeoutMs ?? 120_000} ms for ${specPath}:\n${logs.join("\n")}`));
      }, options.timeoutMs ?? 120_000);
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
        const message = `Prism exited with code ${code} for ${specPath}:\n${logs.join("\n")}`;
        reject(logs.some((line) => line.includes("EADDRINUSE")) ? new PortTaken(message) : new Error(message));
      });
    });
  } catch (error) {
    process.off("exit", killOnExit);
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    logs,
    stop: async () => {
      process.off("exit", killOnExit);
      await stop();
    },
  };
}
