import type { RateLimitOptions } from "@vendor-clients/auth";

/** Avionté's bulk endpoints: id pages (`/talents/ids/{page}/{pageSize}`) and multi-queries. */
const isBulk = (request: Request) => /\/(multi-query|ids\/\d+\/\d+)\/?$/i.test(new URL(request.url).pathname);

/**
 * Avionté's developer FAQ: limits differ per API; bulk APIs are throttled harder, around 3–5
 * requests a second (the lower bound is kept), and a page holds at most 100 records. Other
 * limits are not published: those calls take no budget, and a 429 pauses them (Avionté sends no
 * Retry-After, so the pause is the step's default).
 */
export const AVIONTE_RATE_LIMIT = {
  limits: (request: Request) => (isBulk(request) ? [{ limit: 3, windowMs: 1000 }] : []),
  key: (request: Request) => (isBulk(request) ? "bulk" : "api"),
  // No longer window documented: a pause is clamped to an hour (and logged).
  maxPauseMs: 3_600_000,
} as const satisfies RateLimitOptions;
