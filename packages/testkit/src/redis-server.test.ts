import { createConnection } from "node:net";
import { closedPort, startHttpServer } from "./http-server.ts";
import { describe, expect, it } from "vitest";
import { startRedis } from "./redis-server.ts";

const ping = (port: number) =>
  new Promise<string>((resolve, reject) => {
    const socket = createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
    socket.once("data", (data) => (socket.end(), resolve(data.toString())));
    socket.once("error", reject);
  });

describe("redis-server for the tests", () => {
  it("starts again on another port when its port was taken between picking and binding", async () => {
    const squatter = await startHttpServer((_, res) => res.end("not redis"));
    const taken = Number(new URL(squatter.url).port);
    const ports = [taken];
    const redis = await startRedis({
      pickPort: async () => (ports.length === 1 ? (ports.push(await closedPort()), taken) : ports.at(-1)!),
    });
    try {
      expect(ports).toHaveLength(2);
      expect(redis.url).toBe(`redis://127.0.0.1:${ports[1]}`);
      expect(await ping(ports[1]!)).toBe("+PONG\r\n");
    } finally {
      await Promise.all([redis.stop(), squatter.close()]);
    }
  });
});
