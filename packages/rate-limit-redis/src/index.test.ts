import { closedPort, json, startHttpServer, startRedis } from "@vendor-clients/testkit";
import { createFetch, memoryRateLimiter, rateLimit, type RateLimiter, type RateLimitWindow } from "@vendor-clients/auth";
import { PROBE_RECHECK_MS } from "@vendor-clients/auth/internal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisRateLimiter } from "./index.ts";

let redis: Awaited<ReturnType<typeof startRedis>>;
const limiters: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(limiters.map((l) => l.close()));
  await redis?.stop();
});
let db = 0;
/** Two limiters on one Redis database, as two processes would have: each test gets a fresh database. */
const pair = () => {
  const url = `${redis.url}/${++db}`;
  const made = [redisRateLimiter({ redis: url }), redisRateLimiter({ redis: url })] as const;
  limiters.push(...made);
  return made;
};

const granted = async (limiter: RateLimiter, key: string, windows: RateLimitWindow[], maxWaitMs = 60_000) => {
  const r = await limiter.reserve(key, windows, maxWaitMs);
  if (!r.granted) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r;
};

describe("redisRateLimiter: one budget for every client of a Redis", () => {
  it("two clients taking turns get the slots one client alone would get: 5 per 10 s, 12 requests", async () => {
    const [a, b] = pair();
    const windows = [{ limit: 5, windowMs: 10_000 }];
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) waits.push((await granted(i % 2 ? b : a, "k", windows)).waitMs);
    // Redis's clock runs while the test does: the groups are 10 s apart, give or take the test's own time.
    expect(waits.slice(0, 5).every((w) => w === 0 || w < 50)).toBe(true);
    for (const w of waits.slice(5, 10)) expect(w).toBeGreaterThan(9_000);
    for (const w of waits.slice(10)) expect(w).toBeGreaterThan(19_000);
    expect(Math.max(...waits.slice(5, 10)) - Math.min(...waits.slice(5, 10))).toBeLessThan(1000);
  });

  it("matches the memory limiter's schedule for several windows at once (same algorithm, Redis-side)", async () => {
    const [a] = pair();
    const windows = [
      { limit: 2, windowMs: 1000 },
      { limit: 5, windowMs: 60_000 },
      { limit: 7, windowMs: 3_600_000 },
    ];
    const clock = 0;
    const memory = memoryRateLimiter({ now: () => clock });
    const fromRedis: number[] = [];
    const fromMemory: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 9; i++) {
      fromRedis.push((await granted(a, "multi", windows, Number.MAX_SAFE_INTEGER)).waitMs + (Date.now() - started));
      fromMemory.push((await granted(memory, "multi", windows, Number.MAX_SAFE_INTEGER)).waitMs);
    }
    // The real clock moved a little while asking; each Redis slot is the memory slot, within that drift.
    for (const [i, at] of fromRedis.entries())
      expect(Math.abs(at - fromMemory[i]!), `slot ${i}: ${fromRedis} vs ${fromMemory}`).toBeLessThan(1000);
    expect(fromMemory).toEqual([0, 0, 1000, 1000, 2000, 60_000, 60_000, 3_600_000, 3_600_000]);
  });

  it("refuses without reserving when the wait is beyond maxWaitMs, naming the binding window", async () => {
    const [a, b] = pair();
    const windows = [
      { limit: 1, windowMs: 1000 },
      { limit: 2, windowMs: 600_000 },
    ];
    await granted(a, "k", windows);
    await granted(b, "k", windows);
    const refused = await a.reserve("k", windows, 5000);
    expect(refused).toMatchObject({ granted: false, window: 1 });
    expect(refused.waitMs).toBeGreaterThan(590_000);
    // Nothing was reserved: asking again gives the same answer.
    expect((await b.reserve("k", windows, 5000)).waitMs).toBeLessThanOrEqual(refused.waitMs);
  });

  it("a pause set by one client holds back the other; a shorter pause does not shorten it", async () => {
    const [a, b] = pair();
    await a.pause("k", 5000);
    await a.pause("k", 100);
    const left = await b.pausedFor("k");
    expect(left).toBeGreaterThan(4000);
    expect(left).toBeLessThanOrEqual(5000);
    expect(await b.reserve("k", [], 1000)).toMatchObject({ granted: false, window: -1 });
    expect(await b.pausedFor("other")).toBe(0);
  });

  it("confirm moves a late request to its real instant, and the next one waits until the window holds at real instants", async () => {
    const [a, b] = pair();
    const windows = [{ limit: 1, windowMs: 1000 }];
    const first = await granted(a, "late", windows);
    const second = await granted(b, "late", windows);
    // The first goes out 600 ms after its slot (a stalled process).
    await new Promise((r) => setTimeout(r, 600));
    expect(await a.confirm("late", first.id, windows)).toBe(0);
    await new Promise((r) => setTimeout(r, second.waitMs - 600));
    let extra: number;
    while ((extra = await b.confirm("late", second.id, windows)) > 0) await new Promise((r) => setTimeout(r, extra));
    // Whatever the timing, the two real instants (on Redis's clock) are a whole window apart.
    const [firstAt, secondAt] = await Promise.all([
      a.redis.zscore("vendor-clients:ratelimit:{late}:log", first.id),
      a.redis.zscore("vendor-clients:ratelimit:{late}:log", second.id),
    ]);
    expect(Number(secondAt) - Number(firstAt)).toBeGreaterThanOrEqual(1000);
  });

  it("a cancelled slot is free for those who come later", async () => {
    const [a, b] = pair();
    const windows = [{ limit: 1, windowMs: 60_000 }];
    const first = await granted(a, "k", windows);
    await a.cancel("k", first.id);
    expect((await granted(b, "k", windows)).waitMs).toBeLessThan(100);
  });

  it("refuses a misspelled option before it connects, naming the one meant", () => {
    expect(() => redisRateLimiter({ redis: redis.url, prefx: "x" } as never)).toThrow(
      'redisRateLimiter: unknown option "prefx"; did you mean "prefix"?',
    );
  });

  it("with Redis unreachable, calls go on with per-process budgets and one warning", async () => {
    const warnings: string[] = [];
    const limiter = redisRateLimiter({ redis: `redis://127.0.0.1:${await closedPort()}`, logger: { warn: (m) => void warnings.push(m) } });
    limiters.push(limiter);
    const windows = [{ limit: 1, windowMs: 60_000 }];
    const first = await granted(limiter, "k", windows);
    expect(first.waitMs).toBe(0);
    expect(await limiter.reserve("k", windows, 1000)).toMatchObject({ granted: false });
    await limiter.pause("p", 2000);
    expect(await limiter.pausedFor("p")).toBeGreaterThan(1000);
    await limiter.cancel("k", first.id);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/^rate limiter: Redis failed .*limits are kept per process/);
  });

  it("after a pause one client probes alone (half-open) until it settles; the pause record expires with the pause", async () => {
    const [a, b] = pair();
    await a.pause("k", 300);
    const ttl = await a.redis.pttl("vendor-clients:ratelimit:{k}:pause");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    const probe = await granted(a, "k", [], 5000);
    expect(probe.probe).toBe(true);
    const other = await granted(b, "k", [], 5000);
    expect(other.probe).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, probe.waitMs + 20));
    // The probe is still out: look again shortly (Redis's instant, turned into this process's clock).
    const again = await b.confirm("k", other.id, []);
    expect(again).toBeGreaterThan(0);
    expect(again).toBeLessThanOrEqual(PROBE_RECHECK_MS + 50);
    await a.settleProbe!("k", probe.id, false); // no answer: the next one probes
    const second = await granted(b, "k", [], 5000);
    expect(second.probe).toBe(true);
    await b.settleProbe!("k", second.id, true);
    expect(await a.confirm("k", other.id, [])).toBe(0);
    expect(await granted(a, "k", [], 0)).toMatchObject({ waitMs: 0 });
    expect(await a.redis.exists("vendor-clients:ratelimit:{k}:probe")).toBe(0);
  });

  it("a Retry-After of ten years through the step pauses the fleet for the clamped hour, and the record in Redis expires with it", async () => {
    const [a] = pair();
    const api = await startHttpServer((_req, res) => json(res, 429, {}, { "retry-after": String(10 * 365 * 86_400) }));
    try {
      const warnings: string[] = [];
      const fetch = createFetch([rateLimit({ limiter: a, limits: [], scope: "clamp" })], {
        origins: [api.url],
        logger: { warn: (m) => void warnings.push(m) },
      });
      expect((await fetch(`${api.url}/x`)).status).toBe(429);
      const ttl = await a.redis.pttl(`vendor-clients:ratelimit:{clamp|${api.url}}:pause`);
      expect(ttl).toBeGreaterThan(3_590_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
      expect(warnings[0]).toContain("pausing");
    } finally {
      await api.close();
    }
  });
});
