import { captureError, json, SECRETS, startHttpServer, startRateLimitedServer } from "@vendor-clients/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { AbortError, ConfigError } from "../errors.ts";
import { staticToken } from "../sources/static-token.ts";
import { TokenCache } from "../token-cache.ts";
import type { Step } from "../http/core.ts";
import type { FetchLike } from "../http/transport.ts";
import { apiKey } from "../steps/api-key.ts";
import { bearer } from "../steps/bearer.ts";
import { createFetch } from "../steps/pipeline.ts";
import { retry, type RetryOptions } from "../steps/retry.ts";
import { graphqlThrottlingAs429 } from "./graphql.ts";
import { RateLimitError } from "./rate-limit-error.ts";
import { byEndpoint, rateLimit, rateLimitOptionsOf, type RateLimitEvent, type RateLimitOptions } from "./step.ts";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const track = <T extends { close(): Promise<void> }>(server: T) => (servers.push(server), server);

/**
 * A client as a vendor's would be: bearer token, key in the query (a secret on the wire), retries,
 * the step where the vendor clients put it. Each test server's origin gets its own pipeline over
 * the same steps (so the same budgets).
 */
const client = (
  options: { rateLimit?: RateLimitOptions; retry?: RetryOptions | false; fetch?: FetchLike; steps?: Step[] } = {},
): typeof globalThis.fetch => {
  const steps: Step[] = [bearer(new TokenCache(staticToken({ token: SECRETS.staticToken })))];
  if (options.retry !== false) steps.push(retry({ baseDelayMs: 10, maxDelayMs: 50, ...options.retry }));
  if (options.rateLimit) steps.push(rateLimit({ secretParams: ["subscription-key"], ...options.rateLimit }));
  steps.push(apiKey({ in: "query", name: "subscription-key", keys: [SECRETS.primaryKey] }), ...(options.steps ?? []));
  const byOrigin = new Map<string, typeof globalThis.fetch>();
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    const origin = new URL(input instanceof Request ? input.url : String(input)).origin;
    let fetch = byOrigin.get(origin);
    if (!fetch)
      byOrigin.set(origin, (fetch = createFetch(steps, { origins: [origin], ...(options.fetch ? { fetch: options.fetch } : {}) })));
    return fetch(input, init);
  }) as typeof globalThis.fetch;
};

const maxInAnySpan = (times: number[], windowMs: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
};

describe("rateLimit step against a server that enforces its limit", () => {
  // The server allows 5 per 300 ms in any span; the client keeps 5 per 500 ms (+ its 100 ms margin).
  // The 300 ms between them absorb a busy machine's delays, so the counts below do not depend on timing luck.
  const burst = async (fetch: typeof globalThis.fetch, url: string, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => fetch(`${url}/items?i=${i}`).then((r) => r.status)));

  it("20 concurrent calls: no 429, none lost, and never more than the limit in a window", async () => {
    const api = track(await startRateLimitedServer({ limit: 5, windowMs: 300, mode: "sliding" }));
    const started = Date.now();
    const statuses = await burst(client({ rateLimit: { limits: [{ limit: 5, windowMs: 500 }] } }), api.url, 20);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(api.count(429)).toBe(0);
    expect(api.arrivals.length).toBe(20);
    expect(
      maxInAnySpan(
        api.arrivals.map((a) => a.at),
        300,
      ),
      JSON.stringify(api.arrivals.map((a) => a.at - started)),
    ).toBeLessThanOrEqual(5);
    // 20 at 5 per 600 ms: the last group cannot start before 1 800 ms (timers never fire early).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
  });

  it("the same burst without the step gets 429s (the server above is strict enough to tell)", async () => {
    const api = track(await startRateLimitedServer({ limit: 5, windowMs: 300, mode: "sliding" }));
    await burst(client({ retry: false }), api.url, 20);
    // 20 sent in one go: 15 refused, unless the machine stalls for 300 ms mid-burst; even then most are.
    expect(api.count(429)).toBeGreaterThanOrEqual(10);
  });

  it("a 429 with X-RateLimit-Reset (epoch seconds) pauses the key for every request until the reset; the retry waits for it too", async () => {
    let resetAt = 0;
    const arrivals: number[] = [];
    const api = track(
      await startHttpServer((_req, res, index) => {
        arrivals.push(Date.now());
        if (index === 0) {
          resetAt = (Math.floor(Date.now() / 1000) + 2) * 1000;
          return json(res, 429, { error: "slow down" }, { "x-ratelimit-reset": String(resetAt / 1000) });
        }
        return json(res, 200, { ok: true });
      }),
    );
    const events: RateLimitEvent[] = [];
    const fetch = client({ rateLimit: { onRateLimit: (e) => events.push(e) } });
    const first = fetch(`${api.url}/a`);
    // Wait until the 429 is in before sending the others, so they meet the pause.
    while (!events.some((e) => e.type === "throttled")) await new Promise((r) => setTimeout(r, 5));
    const others = await Promise.all([1, 2, 3].map((i) => fetch(`${api.url}/b?i=${i}`)));
    expect((await first).status).toBe(200);
    expect(others.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(api.requests.length).toBe(5);
    // No request reached the server during the pause: the retry and the three others came after the reset.
    for (const at of arrivals.slice(1)) expect(at).toBeGreaterThanOrEqual(resetAt);
    expect(events.filter((e) => e.type === "throttled")).toMatchObject([{ status: 429, source: "x-ratelimit-reset" }]);
    expect(events.filter((e) => e.type === "wait" && e.reason === "paused").length).toBeGreaterThanOrEqual(3);
    expect(Date.now()).toBeGreaterThanOrEqual(resetAt);
  });

  it("a wait longer than maxWaitMs fails at once with a RateLimitError naming limit, key and wait, and nothing is sent", async () => {
    const api = track(await startRateLimitedServer({ limit: 100 }));
    const events: RateLimitEvent[] = [];
    const fetch = client({
      rateLimit: {
        limits: [{ limit: 1, windowMs: 10_000 }],
        maxWaitMs: 1000,
        scope: "test-vendor",
        key: byEndpoint(["/items/{id}"]),
        onRateLimit: (e) => events.push(e),
      },
    });
    expect((await fetch(`${api.url}/items/1`)).status).toBe(200);
    const started = Date.now();
    const error = await captureError<RateLimitError>(fetch(`${api.url}/items/2`));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ key: "test-vendor|GET /items/{id}", limit: "1 per 10 s", maxWaitMs: 1000 });
    expect(error.waitMs).toBeGreaterThan(1000);
    expect(error.message).toContain('rate limit "1 per 10 s" for key "test-vendor|GET /items/{id}"');
    // The step sits before the API key: a key in the query never reaches its messages at all.
    expect(error.message).not.toContain("subscription-key");
    expect(api.arrivals.length).toBe(1);
    // Events: no secret anywhere in them, the URL redacted.
    const text = JSON.stringify(events);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(events.map((e) => e.type)).toEqual(["refused"]);
  });

  it("every step's rate-limit listener hears the call's events: one that throws, or stops listening as it hears, costs the others nothing", async () => {
    const api = track(await startRateLimitedServer({ limit: 100 }));
    const heard: string[] = [];
    // User steps outside the rate-limit step listen to their call. "once" takes its listener out as it
    // hears and fails doing so; the listener after it must still hear that event.
    const listening =
      (name: string): Step =>
      async (request, next, context) => {
        const listeners = (context.rateLimitListeners ??= []);
        const hear = (event: RateLimitEvent) => {
          heard.push(`${name} ${event.type}`);
          if (name !== "once") return;
          listeners.splice(listeners.indexOf(hear), 1);
          throw new Error("a listener that fails");
        };
        listeners.push(hear);
        try {
          return await next(request);
        } finally {
          if (listeners.includes(hear)) listeners.splice(listeners.indexOf(hear), 1);
        }
      };
    const limited = rateLimit({
      limits: [{ limit: 1, windowMs: 10_000 }],
      maxWaitMs: 10,
      onRateLimit: (e) => heard.push(`hook ${e.type}`),
    });
    const fetch = createFetch([listening("once"), listening("always"), limited], { origins: [api.url] });
    expect((await fetch(`${api.url}/items/1`)).status).toBe(200);
    expect(heard).toEqual([]);
    expect(await captureError(fetch(`${api.url}/items/2`))).toBeInstanceOf(RateLimitError);
    expect(heard).toEqual(["hook refused", "once refused", "always refused"]);
    expect(api.arrivals.length).toBe(1);
  });

  it("the caller's AbortSignal ends a wait at once with an AbortError, and the slot goes back", async () => {
    const api = track(await startRateLimitedServer({ limit: 100 }));
    const events: RateLimitEvent[] = [];
    const fetch = client({ rateLimit: { limits: [{ limit: 1, windowMs: 30_000 }], onRateLimit: (e) => events.push(e) } });
    await fetch(`${api.url}/x`);
    const controller = new AbortController();
    const pending = captureError(fetch(`${api.url}/x`, { signal: controller.signal }));
    while (!events.some((e) => e.type === "wait")) await new Promise((r) => setTimeout(r, 5));
    expect(events[0]).toMatchObject({ type: "wait", reason: "limit", limit: "1 per 30 s" });
    expect((events[0] as { waitMs: number }).waitMs).toBeGreaterThan(20_000);
    const started = Date.now();
    controller.abort(new Error("user gave up"));
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(api.arrivals.length).toBe(1);
  });

  it("every attempt takes a slot: retries of a 503 wait for the window like any request", async () => {
    const api = track(await startHttpServer((_req, res, index) => (index < 2 ? json(res, 503, {}) : json(res, 200, { ok: true }))));
    const times: number[] = [];
    const fetch = client({
      rateLimit: { limits: [{ limit: 2, windowMs: 1000 }] },
      fetch: (input, init) => (times.push(Date.now()), globalThis.fetch(input, init)),
    });
    expect((await fetch(`${api.url}/r`)).status).toBe(200);
    expect(times.length).toBe(3);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(1000);
  });

  it("burst spreads a window's slots evenly: 4 per 400 ms one at a time go 100 ms apart", async () => {
    const api = track(await startRateLimitedServer({ limit: 100 }));
    const events: RateLimitEvent[] = [];
    const fetch = client({
      rateLimit: { limits: [{ limit: 4, windowMs: 400 }], burst: 1, marginMs: 0, onRateLimit: (e) => events.push(e) },
    });
    await Promise.all([0, 1, 2, 3].map((i) => fetch(`${api.url}/spread?i=${i}`)));
    // (A timer may fire a millisecond before the wall clock says: confirming then adds a "late" wait of a ms or two.)
    const waits = events.filter((e) => e.type === "wait" && e.reason !== "late").map((e) => (e as { waitMs: number }).waitMs);
    expect(waits.length).toBe(3);
    // Reserved together, so each wait is its slot (100, 200, 300 ms) less the few ms the reservations took.
    for (const [i, w] of waits.sort((a, b) => a - b).entries()) expect(w).toBeGreaterThan((i + 1) * 100 - 50);
    expect(events[0]).toMatchObject({ limit: "4 per 400 ms, 1 at a time" });
    expect(() => rateLimit({ burst: 0 })).toThrow(/burst/);
  });

  it("per endpoint: each path template has its own budget; methods outside `methods` take no slot", async () => {
    const api = track(await startRateLimitedServer({ limit: 100 }));
    const fetch = client({
      rateLimit: {
        limits: [{ limit: 1, windowMs: 60_000 }],
        methods: ["GET"],
        maxWaitMs: 0,
        key: byEndpoint(["/orders/{id}", "/orders/search"]),
      },
    });
    expect((await fetch(`${api.url}/orders/1`)).status).toBe(200);
    expect((await fetch(`${api.url}/orders/search`)).status).toBe(200);
    expect((await fetch(`${api.url}/catalog`)).status).toBe(200);
    await expect(fetch(`${api.url}/orders/2`)).rejects.toBeInstanceOf(RateLimitError);
    for (let i = 0; i < 3; i++) expect((await fetch(`${api.url}/orders/1`, { method: "POST", body: "{}" })).status).toBe(200);
  });

  it("GraphQL throttling in a 200 becomes a 429 (graphqlThrottlingAs429): the key is paused and the retry step retries after the given time", async () => {
    const api = track(
      await startHttpServer((_req, res, index) =>
        index === 0
          ? json(res, 200, {
              data: null,
              errors: [{ message: "Rate limit exceeded", extensions: { code: "RATE_LIMITED", retryAfter: 1 } }],
            })
          : json(res, 200, { data: { ok: true } }),
      ),
    );
    const events: RateLimitEvent[] = [];
    const times: number[] = [];
    const fetch = client({
      rateLimit: { onRateLimit: (e) => events.push(e) },
      steps: [graphqlThrottlingAs429],
      fetch: (input, init) => (times.push(Date.now()), globalThis.fetch(input, init)),
    });
    const response = await fetch(`${api.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(await response.json()).toEqual({ data: { ok: true } });
    expect(times.length).toBe(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
    expect(events.find((e) => e.type === "throttled")).toMatchObject({ status: 429, pauseMs: 1000, source: "retry-after" });
  });
});

describe("options", () => {
  it("bad limits and times are ConfigErrors naming the option", () => {
    expect(() => rateLimit({ limits: [{ limit: 0, windowMs: 1000 }] })).toThrow(ConfigError);
    expect(() => rateLimit({ limits: [{ limit: 1, windowMs: -1 }] })).toThrow(/limits\[0\]/);
    expect(() => rateLimit({ maxWaitMs: Number.NaN })).toThrow(/maxWaitMs/);
    expect(() => rateLimit({ limits: "10/s" as never })).toThrow(/limits/);
  });

  it("a client's options replace the vendor's one by one; false turns the step off", () => {
    const vendor = { limits: [{ limit: 60, windowMs: 60_000 }], scope: "v" };
    expect(rateLimitOptionsOf(vendor, { maxWaitMs: 5 })).toEqual({ ...vendor, maxWaitMs: 5 });
    expect(rateLimitOptionsOf(vendor, undefined)).toEqual(vendor);
    expect(rateLimitOptionsOf(vendor, false)).toBe(false);
    expect(() => rateLimitOptionsOf(vendor, 3 as never)).toThrow(ConfigError);
  });

  it("byEndpoint matches templates at the end of the path (base paths do not matter), the most literal first", () => {
    const key = byEndpoint(["/resellers/v6/quotes/{quoteNumber}", "/resellers/v6/quotes/search"]);
    expect(key(new Request("https://api.example/sandbox/resellers/v6/quotes/Q-1?x=1"))).toBe("GET /resellers/v6/quotes/{quoteNumber}");
    expect(key(new Request("https://api.example/resellers/v6/quotes/search"))).toBe("GET /resellers/v6/quotes/search");
    expect(key(new Request("https://api.example/resellers/v6/other/1", { method: "post" }))).toBe("POST /resellers/v6/other/1");
  });
});
