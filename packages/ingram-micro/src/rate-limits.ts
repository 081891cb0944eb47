import { byEndpoint, type RateLimitOptions } from "@vendor-clients/auth";
import { GET_PATH_TEMPLATES } from "./generated/resellers.endpoints.ts";

/**
 * The GET endpoints of the Resellers API definition, as templates (generated from it): Ingram
 * Micro counts its limit per endpoint, so `/quotes/Q-1` and `/quotes/Q-2` share one budget. Paths
 * outside the list are budgets of their own.
 */
export const INGRAM_MICRO_GET_ENDPOINTS = GET_PATH_TEMPLATES;

/**
 * Ingram Micro's documented limit (developer.ingrammicro.com/reseller/getting-started/rate-limits,
 * recorded in ../shared/facts/ingram-micro-nexar.md): 60 GET calls per minute per endpoint; the
 * limit differs per endpoint in the page's own examples, so the headers are what counts. A 429
 * carries `X-RateLimit-Reset` (epoch seconds, or a delay in seconds when small), not Retry-After: the step and the
 * retry step both read it. No limit is documented for other methods; their 429s still pause them.
 */
export const INGRAM_MICRO_RATE_LIMIT = {
  limits: [{ limit: 60, windowMs: 60_000 }],
  methods: ["GET"],
  key: byEndpoint(INGRAM_MICRO_GET_ENDPOINTS),
  // The longest documented window is a minute (shared/facts/ingram-micro-nexar.md): a server's
  // longer pause is clamped to it (and logged), then one probe reopens the endpoint.
  maxPauseMs: 60_000,
  // Epoch seconds per the example (1392815263); the page's prose also calls it seconds to wait:
  // a small number reads as a delay in seconds.
  resetReading: "epoch-or-delay-seconds",
} as const satisfies RateLimitOptions;
