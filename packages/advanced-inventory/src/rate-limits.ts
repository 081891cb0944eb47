import { byOrigin, type RateLimitOptions } from "@vendor-clients/auth";

/**
 * DSI's Web API guide documents no rate limit (it runs on the customer's own server), so no
 * budget: a 429 or 503 with Retry-After from a busy server pauses the client for that long.
 */
export const ADVANCED_INVENTORY_RATE_LIMIT = {
  limits: [],
  key: byOrigin,
  // No window documented: a pause is clamped to an hour (and logged).
  maxPauseMs: 3_600_000,
} as const satisfies RateLimitOptions;
