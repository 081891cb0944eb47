import { byOrigin, type RateLimitOptions } from "@vendor-clients/auth";

/**
 * Avnet's gateway is Azure API Management: limits are per subscription key and per policy, and
 * Avnet publishes no numbers for them (the 500 calls per 5 minutes a third-party client cites for
 * the price API is unverified). An exhausted policy answers 429 with `Retry-After` (APIM's
 * rate-limit policy docs): the step pauses the whole client for that long, in every process
 * sharing the limiter.
 */
export const AVNET_RATE_LIMIT = {
  limits: [],
  key: byOrigin,
  // No window documented: a pause is clamped to an hour (and logged).
  maxPauseMs: 3_600_000,
} as const satisfies RateLimitOptions;
