import { resolve } from "node:path";
import { runTsx, startRateLimitedServer, startRedis } from "@vendor-clients/testkit";

export interface RateLimitRow {
  scenario: string;
  processes: number;
  requests: number;
  limitPerSecond: number;
  seconds: number;
  status429: number;
  failed: number;
}

const worker = resolve(import.meta.dirname, "ratelimit-worker.ts");

/**
 * Several processes against one loopback API that allows `limitPerSecond` requests in any
 * second (a sliding window, the strictest a gateway can be; beyond it 429 with X-RateLimit-Reset
 * in epoch seconds, as Ingram Micro sends): once with the limiter shared through Redis (slots
 * handed out `burst` at a time, so the four processes do not all wake at one instant), once
 * without (each process retrying on its own, honouring the reset).
 */
export async function rateLimitBench({ processes = 4, requests = 240, limitPerSecond = 20, burst = 4 } = {}): Promise<RateLimitRow[]> {
  const redis = await startRedis();
  const rows: RateLimitRow[] = [];
  try {
    for (const [scenario, shared] of [
      ["shared limiter (Redis)", true],
      ["no limiter (retries only)", false],
    ] as const) {
      const api = await startRateLimitedServer({ limit: limitPerSecond, windowMs: 1000, mode: "sliding" });
      try {
        const perProcess = Math.ceil(requests / processes);
        const startAt = Date.now() + 5000;
        const results = await Promise.all(
          Array.from({ length: processes }, async (_, i) => {
            const env = {
              ...process.env,
              API_URL: api.url,
              LIMIT: String(limitPerSecond),
              REQUESTS: String(perProcess),
              BURST: String(burst),
              START_AT: String(startAt),
              WORKER: String(i),
              ...(shared ? { REDIS_URL: `${redis.url}/${rows.length + 1}` } : {}),
            };
            const { code, stdout, stderr } = await runTsx(worker, [], { env });
            if (code !== 0) throw new Error(`rate-limit worker exited ${code}: ${stderr}`);
            return JSON.parse(stdout) as { statuses: (number | string)[]; finishedAt: number };
          }),
        );
        const statuses = results.flatMap((r) => r.statuses);
        rows.push({
          scenario,
          processes,
          requests: statuses.length,
          limitPerSecond,
          seconds: Math.round((Math.max(...results.map((r) => r.finishedAt)) - startAt) / 10) / 100,
          status429: api.count(429),
          failed: statuses.filter((s) => s !== 200).length,
        });
      } finally {
        await api.close();
      }
    }
  } finally {
    await redis.stop();
  }
  return rows;
}
