import { json, startHttpServer } from "@vendor-clients/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createFetch } from "../steps/pipeline.ts";
import { memoryRateLimiter } from "./limiter.ts";
import { rateLimit, type RateLimitEvent, type RateLimitOptions } from "./step.ts";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that refuses its first request with `headers` (429) and answers the rest, slowly enough to see who waits for whom. */
async function throttlingOnce(headers: Record<string, string>, answerMs = 0) {
  const answered: { arrivedAt: number; answeredAt: number }[] = [];
  const server = await startHttpServer(async (_req, res, index) => {
    if (index === 0) return json(res, 429, { errors: [{ field: null, message: "too many requests" }] }, headers);
    const arrivedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, answerMs));
    answered.push({ arrivedAt, answeredAt: Date.now() });
    json(res, 200, {});
  });
  servers.push(server);
  return { url: server.url, answered };
}

const clientFor = (url: string, options: RateLimitOptions) => {
  const warnings: string[] = [];
  const events: RateLimitEvent[] = [];
  const fetch = createFetch(
    [rateLimit({ limiter: memoryRateLimiter(), limits: [], ...options, onRateLimit: (e) => void events.push(e) })],
    {
      origins: [url],
      logger: { warn: (m) => void warnings.push(m) },
    },
  );
  return { fetch, warnings, events };
};

const TEN_YEARS_S = 10 * 365 * 86_400;

describe("pauses with sense", () => {
  it.each([
    ["a Retry-After of ten years", { "retry-after": String(TEN_YEARS_S) }, "retry-after"],
    ["a Retry-After date in year 9999", { "retry-after": "Fri, 31 Dec 9999 23:59:59 GMT" }, "retry-after"],
    ["an X-RateLimit-Reset of 60 000 (ms, read as seconds: 16.7 h)", { "x-ratelimit-reset": "60000" }, "x-ratelimit-reset"],
  ])("clamps %s to the vendor's longest window (default 1 h) and says so", async (_, headers, source) => {
    const { url } = await throttlingOnce(headers);
    const { fetch, warnings, events } = clientFor(url, {});
    expect((await fetch(`${url}/items`)).status).toBe(429);
    const throttled = events.find((e) => e.type === "throttled") as Extract<RateLimitEvent, { type: "throttled" }>;
    expect(throttled.pauseMs).toBe(3_600_000);
    expect(throttled.askedMs).toBeGreaterThan(16 * 3_600_000);
    expect(throttled.source).toBe(source);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^GET ${url}/items: the server asked for a pause of .+ \\(${source}\\), longer than this vendor's longest window; pausing "${url}" for 1 h instead \\(option rateLimit.maxPauseMs\\)$`,
      ),
    );
  });

  it("reads X-RateLimit-Reset as milliseconds for a vendor that says so", async () => {
    const { url } = await throttlingOnce({ "x-ratelimit-reset": "60000" });
    const { fetch, warnings, events } = clientFor(url, { resetReading: "delay-ms" });
    await fetch(`${url}/items`);
    expect(events.find((e) => e.type === "throttled")).toMatchObject({ pauseMs: 60_000 });
    expect(warnings).toEqual([]);
  });

  it("after the clamped pause one probe goes out alone; the others follow once it is answered", async () => {
    const { url, answered } = await throttlingOnce({ "retry-after": String(TEN_YEARS_S) }, 300);
    const { fetch, events } = clientFor(url, { maxPauseMs: 1000, maxWaitMs: 10_000 });
    await fetch(`${url}/items`);
    expect(events.find((e) => e.type === "throttled")).toMatchObject({ pauseMs: 1000 });
    const statuses = await Promise.all(Array.from({ length: 4 }, () => fetch(`${url}/items`).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200]);
    const [probe, ...rest] = answered.sort((a, b) => a.arrivedAt - b.arrivedAt);
    // Nobody reached the server while the probe was out.
    for (const other of rest) expect(other.arrivedAt).toBeGreaterThanOrEqual(probe!.answeredAt);
  });
});
