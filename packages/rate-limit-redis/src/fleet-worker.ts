// One process of the "many processes, one budget" drill (tests and the benchmark): it builds a
// rate-limited fetch on the shared Redis (or none), waits for the common start time (and, if
// asked, for a signal from the server), sends its requests at once and prints what it got.
import { createFetch, rateLimit, retry, type RateLimitEvent } from "@vendor-clients/auth";
import { redisRateLimiter } from "./index.ts";

const { API_URL, REDIS_URL, LIMIT, WINDOW_MS, REQUESTS, START_AT, WAIT_FOR, ANNOUNCE_THROTTLE, WORKER, RETRIES } = process.env;
const limiter = REDIS_URL ? redisRateLimiter({ redis: REDIS_URL }) : undefined;
const events: RateLimitEvent[] = [];
// The same retries in every drill; only the shared limiter differs.
const steps = [retry({ retries: Number(RETRIES ?? 2), maxRetryAfterMs: 120_000 })];
if (limiter)
  steps.push(
    rateLimit({
      limiter,
      limits: [{ limit: Number(LIMIT), windowMs: Number(WINDOW_MS ?? 1000) }],
      scope: "fleet",
      maxWaitMs: 120_000,
      onRateLimit: (e: RateLimitEvent) => (
        events.push(e),
        e.type === "throttled" && ANNOUNCE_THROTTLE && void globalThis.fetch(`${API_URL}${ANNOUNCE_THROTTLE}`, { method: "POST" })
      ),
    }),
  );
const fetch = createFetch(steps, { origins: [API_URL!] });

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(START_AT) - Date.now())));
// Some drills hold this worker back until the server says so (e.g. after it refused someone else).
if (WAIT_FOR)
  while ((await (await globalThis.fetch(`${API_URL}${WAIT_FOR}`)).text()) !== "yes") await new Promise((r) => setTimeout(r, 20));
const statuses = await Promise.all(
  Array.from({ length: Number(REQUESTS) }, (_, i) =>
    fetch(`${API_URL}/items?worker=${WORKER}&i=${i}`).then(
      (r: Response) => r.status,
      (error: Error) => error.name,
    ),
  ),
);
process.stdout.write(
  `${JSON.stringify({ statuses, finishedAt: Date.now(), waitedMs: events.filter((e) => e.type === "wait").reduce((sum, e) => sum + (e as { waitMs: number }).waitMs, 0), throttled: events.filter((e) => e.type === "throttled").length })}\n`,
);
await limiter?.close();
