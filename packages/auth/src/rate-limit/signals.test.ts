import { describe, expect, it } from "vitest";
import { graphqlThrottle, parseRateLimitReset, parseRetryAfter, readThrottle, throttleDelayMs } from "./signals.ts";

// One fixed clock: every time below is relative to it.
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const h = (init: Record<string, string>) => new Headers(init);

describe("Retry-After", () => {
  it("reads delay-seconds and HTTP-dates; a past date is 0; junk is undefined", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
    for (const junk of ["-1", "1.5", "soon", "", "1e3"]) expect(parseRetryAfter(junk, NOW), junk).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe("X-RateLimit-Reset", () => {
  it("tells epoch seconds (Ingram Micro, GitHub), epoch ms, delta seconds and dates apart", () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 42), NOW)).toBe(42_000);
    expect(parseRateLimitReset(String(NOW + 1500), NOW)).toBe(1500);
    expect(parseRateLimitReset("30", NOW)).toBe(30_000);
    expect(parseRateLimitReset("0.5", NOW)).toBe(500);
    expect(parseRateLimitReset(String(NOW / 1000 - 10), NOW)).toBe(0);
    expect(parseRateLimitReset(new Date(NOW + 7000).toUTCString(), NOW)).toBe(7000);
    expect(parseRateLimitReset("tomorrow-ish", NOW)).toBeUndefined();
  });

  it("a 429 with only X-RateLimit-Reset (Ingram Micro) waits until the reset", () => {
    expect(throttleDelayMs({ status: 429, headers: h({ "x-ratelimit-reset": String(NOW / 1000 + 3) }) }, NOW)).toBe(3000);
  });

  it("a 200 with Remaining 0 signals a wait until the reset; Remaining > 0 none", () => {
    expect(readThrottle(h({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "12", "x-ratelimit-limit": "60" }), NOW)).toEqual({
      waitMs: 12_000,
      remaining: 0,
      limit: 60,
      resetMs: 12_000,
      source: "x-ratelimit-reset",
    });
    const some = readThrottle(h({ "x-ratelimit-remaining": "5", "x-ratelimit-reset": "12" }), NOW);
    expect(some.waitMs).toBeUndefined();
    expect(some.remaining).toBe(5);
    expect(throttleDelayMs({ status: 200, headers: h({ "x-ratelimit-remaining": "5", "x-ratelimit-reset": "12" }) }, NOW)).toBeUndefined();
  });

  it("Retry-After wins over the reset headers when both are sent", () => {
    expect(
      throttleDelayMs({ status: 429, headers: h({ "retry-after": "2", "x-ratelimit-reset": "50", "x-ratelimit-remaining": "0" }) }, NOW),
    ).toBe(2000);
  });

  it("a 429 with no time at all gives undefined (the caller backs off on its own)", () => {
    expect(throttleDelayMs({ status: 429, headers: h({}) }, NOW)).toBeUndefined();
    expect(throttleDelayMs({ status: 503, headers: h({ "x-ratelimit-reset": "5" }) }, NOW)).toBeUndefined();
  });
});

describe("IETF RateLimit headers", () => {
  it("current drafts: of several policies the exhausted one decides", () => {
    const headers = h({ ratelimit: '"burst";r=3;t=1, "daily";r=0;t=3600', "ratelimit-policy": '"burst";q=10;w=1, "daily";q=1000;w=86400' });
    expect(readThrottle(headers, NOW)).toEqual({ waitMs: 3_600_000, remaining: 0, limit: 1000, resetMs: 3_600_000, source: "ratelimit" });
  });

  it("current drafts: nothing exhausted, no wait", () => {
    const signal = readThrottle(h({ ratelimit: '"default";r=50;t=30' }), NOW);
    expect(signal).toMatchObject({ remaining: 50, resetMs: 30_000 });
    expect(signal.waitMs).toBeUndefined();
  });

  it("draft 06's one-header form and drafts 03–05's three headers", () => {
    expect(readThrottle(h({ ratelimit: "limit=100, remaining=0, reset=30" }), NOW)).toMatchObject({
      waitMs: 30_000,
      limit: 100,
      remaining: 0,
    });
    expect(readThrottle(h({ "ratelimit-limit": "10", "ratelimit-remaining": "0", "ratelimit-reset": "4" }), NOW)).toMatchObject({
      waitMs: 4000,
      limit: 10,
      source: "ratelimit-reset",
    });
    expect(throttleDelayMs({ status: 429, headers: h({ "ratelimit-reset": "4" }) }, NOW)).toBe(4000);
  });

  it("garbage in these headers is ignored, never thrown", () => {
    for (const value of [";;;", "r=x;t=y", '"a";r=-1;t=1e9', "=,=,", ""]) {
      expect(() => readThrottle(h({ ratelimit: value, "ratelimit-policy": value }), NOW)).not.toThrow();
      expect(readThrottle(h({ ratelimit: value }), NOW).waitMs).toBeUndefined();
    }
  });
});

describe("GraphQL throttling", () => {
  it("finds throttling among errors by code or message, with a time when the error gives one", () => {
    expect(graphqlThrottle({ errors: [{ message: "Too many requests", extensions: { code: "RATE_LIMITED", retryAfter: 2 } }] })).toEqual({
      waitMs: 2000,
      source: "graphql",
    });
    expect(graphqlThrottle({ errors: [{ message: "x" }, { message: "Throttled", extensions: { code: "THROTTLED" } }] })).toEqual({
      source: "graphql",
    });
    expect(graphqlThrottle({ errors: [{ message: "Rate limit exceeded for this plan" }] })).toEqual({ source: "graphql" });
  });

  it("auth and other errors, missing errors and non-objects are not throttling", () => {
    for (const body of [
      { errors: [{ message: "The token expired", extensions: { code: "AUTH_NOT_AUTHENTICATED" } }] },
      { data: {} },
      null,
      "text",
      { errors: "nope" },
      { errors: [null] },
    ])
      expect(graphqlThrottle(body), JSON.stringify(body)).toBeUndefined();
  });
});
