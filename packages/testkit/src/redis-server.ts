import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { closedPort } from "./http-server.ts";

/** A real redis-server (Debian's package) on a free loopback port, without persistence. */
export async function startRedis() {
  const port = await closedPort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const exited = new Promise<never>((_, reject) => {
    child.once("error", (error) => reject(new Error(`cannot start redis-server (is Debian's redis-server installed? .ci/run installs it): ${error.message}`)));
    child.once("exit", (code) => reject(new Error(`redis-server exited with code ${code}`)));
  });
  const ready = (async () => {
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ port, host: "127.0.0.1" }, () => (socket.end(), resolve(true)));
        socket.once("error", () => resolve(false));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("redis-server did not accept connections within 5 s");
  })();
  await Promise.race([ready, exited]);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
