import { spawn } from "node:child_process";
import { closedPort } from "./http-server.ts";

class PortTaken extends Error {}

/**
 * A real redis-server (Debian's package) on a free loopback port, without persistence. The port
 * is picked free first (redis-server cannot be asked for port 0); another process may take it
 * before redis binds it, and redis then exits: it is started again on another port. Ready means
 * redis itself said so on its log, not that something answered on the port.
 */
export async function startRedis(options: { pickPort?: () => Promise<number> } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedisOnce(await (options.pickPort ?? closedPort)());
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 5) throw error;
    }
  }
}

async function startRedisOnce(port: number) {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk;
      if (log.includes("Ready to accept connections")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (error) =>
      reject(new Error(`cannot start redis-server (is Debian's redis-server installed? .ci/run installs it): ${error.message}`)),
    );
    child.once("exit", (code) => {
      const message = `redis-server exited with code ${code}:\n${log}`;
      reject(/Address already in use/i.test(log) ? new PortTaken(message) : new Error(message));
    });
  });
  // Keep draining its log, so a full pipe never blocks it.
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
