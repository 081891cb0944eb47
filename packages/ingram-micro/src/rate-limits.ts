import { byEndpoint, type RateLimitOptions } from "@vendor-clients/auth";

/**
 * The GET endpoints of the Resellers API definition, as templates: Ingram Micro counts its limit
 * per endpoint, so `/quotes/Q-1` and `/quotes/Q-2` share one budget. Paths outside the list are
 * budgets of their own.
 */
export const INGRAM_MICRO_GET_ENDPOINTS = [
  "/resellers/v6/catalog",
  "/resellers/v6/catalog/details",
  "/resellers/v6/catalog/details/{ingramPartNumber}",
  "/resellers/v6.1/orders/{ordernumber}",
  "/resellers/v6/orders/search",
  "/resellers/v6/quotes/search",
  "/resellers/v6/quotes/{quoteNumber}",
  "/resellers/v6/q2o/validatequote",
  "/resellers/v6/invoices",
  "/resellers/v6.1/invoices/{invoiceNumber}",
  "/resellers/v6/renewals/{renewalId}",
  "/resellers/v6/deals/search",
  "/resellers/v6/deals/{dealId}",
  "/resellers/v6/returns/search",
  "/resellers/v6/returns/{caseRequestNumber}",
] as const;

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
