import { byOrigin, type RateLimitOptions } from "@vendor-clients/auth";

/**
 * Nexar's token endpoint quota (Nexar support, "Rate limits" and "Access tokens"): 2 requests a
 * second, 200 per 15 minutes, 3 000 per 12 hours, 40 000 per week, all at once. Tokens live 24 h
 * and are cached, so a client that stays within this is one that does not lose its cache.
 */
export const NEXAR_TOKEN_RATE_LIMIT = {
  limits: [
    { limit: 2, windowMs: 1000 },
    { limit: 200, windowMs: 15 * 60_000 },
    { limit: 3000, windowMs: 12 * 3_600_000 },
    { limit: 40_000, windowMs: 7 * 86_400_000 },
  ],
  key: () => "token",
  // The longest documented window is a week: a pause up to it can be real.
  maxPauseMs: 7 * 86_400_000,
} as const satisfies RateLimitOptions;

/**
 * Nexar's GraphQL API documents no request rate (its plans meter matched parts instead), so no
 * budget: the step pauses on a 429, and on GraphQL throttling errors in a 200, which the client's
 * graphqlThrottlingAs429 step turns into a 429.
 */
export const NEXAR_RATE_LIMIT = {
  limits: [],
  key: byOrigin,
  // No window documented for API calls: a pause is clamped to an hour (and logged).
  maxPauseMs: 3_600_000,
} as const satisfies RateLimitOptions;
