// One process of the rate-limit benchmark: a rate-limited fetch on the shared Redis (or none),
// all its requests sent at once from a common start time; prints the final status of each.
import { createFetch, rateLimit, retry } from "@vendor-clients/auth";
import { redisRateLimiter } from "@vendor-clients/rate-limit-redis";

const { API_URL, REDIS_URL, LIMIT, BURST, REQUESTS, START_AT, WORKER } = process.env;
const limiter = REDIS_URL ? redisRateLimiter({ redis: REDIS_URL }) : undefined;
// The same client in both runs (retries honour X-RateLimit-Reset); only the shared limiter differs.
const steps = [retry()];
if (limiter)
  steps.push(
    rateLimit({
      limiter,
      limits: [{ limit: Number(LIMIT), windowMs: 1000 }],
      ...(BURST ? { burst: Number(BURST) } : {}),
      scope: "bench",
      maxWaitMs: 120_000,
    }),
  );
const fetch = createFetch(steps, { origins: [API_URL!] });
if (limiter) await limiter.pausedFor("warm-up"); // connect before the clock starts, as a long-running worker would be

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(START_AT) - Date.now())));
const statuses = await Promise.all(
  Array.from({ length: Number(REQUESTS) }, (_, i) =>
    fetch(`${API_URL}/resellers/v6/catalog?worker=${WORKER}&i=${i}`).then(
      async (r) => (await r.body?.cancel(), r.status),
      (error: Error) => error.name,
    ),
  ),
);
process.stdout.write(`${JSON.stringify({ statuses, finishedAt: Date.now() })}\n`);
await limiter?.close();
