import { resolve } from "node:path";
import { runTsx, startHttpServer, startRateLimitedServer, startRedis } from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const worker = resolve(import.meta.dirname, "fleet-worker.ts");
const PROCESSES = 4;

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});

interface WorkerResult {
  statuses: (number | string)[];
  finishedAt: number;
  waitedMs: number;
  throttled: number;
}

/** Starts the workers together (they all wait for one start time after loading) and collects their answers. */
async function fleet(env: Record<string, string>, perWorker: (i: number) => Record<string, string> = () => ({})): Promise<WorkerResult[]> {
  const startAt = Date.now() + 4000;
  return Promise.all(
    Array.from({ length: PROCESSES }, async (_, i) => {
      const { code, stdout, stderr } = await runTsx(worker, [], {
        env: { ...process.env, ...env, WORKER: String(i), START_AT: String(startAt), ...perWorker(i) },
      });
      if (code !== 0) throw new Error(`worker exited ${code}: ${stderr}`);
      return JSON.parse(stdout) as WorkerResult;
    }),
  );
}

describe("many processes, one budget through Redis", () => {
  it(`${PROCESSES} processes × 10 requests at once stay within the server's limit: no 429`, async () => {
    // Server: 5 in any 700 ms; the fleet keeps 5 per 1 000 ms (+ the step's 100 ms margin). The gap absorbs a busy machine's delays.
    const api = await startRateLimitedServer({ limit: 5, windowMs: 700, mode: "sliding" });
    try {
      const results = await fleet({ API_URL: api.url, REDIS_URL: `${redis.url}/1`, LIMIT: "5", REQUESTS: "10" });
      expect(results.flatMap((r) => r.statuses).every((s) => s === 200)).toBe(true);
      expect(api.arrivals.length).toBe(40);
      expect(api.count(429)).toBe(0);
      // 40 at 5 per 1 100 ms: the last group is scheduled 7.7 s after the first (7 s allows for the first one arriving late).
      const times = api.arrivals.map((a) => a.at);
      const spreadMs = Math.max(...times) - Math.min(...times);
      console.log(
        `${PROCESSES} processes, one Redis: ${api.arrivals.length} requests, ${api.count(429)} × 429, first to last ${spreadMs} ms`,
      );
      expect(spreadMs).toBeGreaterThanOrEqual(7000);
    } finally {
      await api.close();
    }
  }, 90_000);

  it("the same fleet without the shared limiter gets 429s from the same server", async () => {
    const api = await startRateLimitedServer({ limit: 5, windowMs: 700, mode: "sliding" });
    try {
      await fleet({ API_URL: api.url, LIMIT: "5", REQUESTS: "10", RETRIES: "0" });
      // 35 of 40 when the four start together; even if each started 700 ms after the other, 20.
      expect(api.count(429)).toBeGreaterThanOrEqual(20);
    } finally {
      await api.close();
    }
  }, 90_000);

  it("a 429 seen by one process pauses all of them until its X-RateLimit-Reset", async () => {
    let resetAt = 0;
    let paused = false;
    const arrivals: { at: number; status: number }[] = [];
    const api = await startHttpServer((req, res) => {
      if (req.url === "/paused") return ((paused = true), res.end());
      if (req.url === "/refused") return res.end(paused ? "yes" : "no");
      const now = Date.now();
      // The first request is refused until three epoch seconds on; the rest wait for the server's word.
      if (!resetAt) {
        resetAt = (Math.floor(now / 1000) + 3) * 1000;
        arrivals.push({ at: now, status: 429 });
        return res.writeHead(429, { "x-ratelimit-reset": String(resetAt / 1000) }).end();
      }
      arrivals.push({ at: now, status: 200 });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    try {
      // Worker 0 goes first; the others start only once it has written the pause to Redis (it tells the server so).
      const results = await fleet(
        { API_URL: api.url, REDIS_URL: `${redis.url}/2`, LIMIT: "100", REQUESTS: "3" },
        (i): Record<string, string> => (i === 0 ? { REQUESTS: "1", ANNOUNCE_THROTTLE: "/paused" } : { WAIT_FOR: "/refused" }),
      );
      expect(results.flatMap((r) => r.statuses).every((s) => s === 200)).toBe(true);
      expect(arrivals.filter((a) => a.status === 429).length).toBe(1);
      expect(arrivals.length).toBe(1 + 1 + 3 * (PROCESSES - 1));
      for (const a of arrivals.slice(1)) expect(a.at).toBeGreaterThanOrEqual(resetAt);
      // Every other process waited on the pause it never saw itself.
      for (const r of results.slice(1)) {
        expect(r.throttled).toBe(0);
        expect(r.waitedMs).toBeGreaterThan(0);
      }
    } finally {
      await api.close();
    }
  }, 90_000);
});
