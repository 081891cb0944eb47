import { ConfigError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { apiKey, type ApiKeyOptions } from "./middleware/api-key.ts";
import { bearer, type BearerTokens } from "./middleware/bearer.ts";
import { headers, type HeadersOptions } from "./middleware/headers.ts";
import { logging } from "./middleware/logging.ts";
import { createFetch, type Middleware } from "./middleware/pipeline.ts";
import { retry, type RetryOptions } from "./middleware/retry.ts";
import { timeout } from "./middleware/timeout.ts";
import { rateLimit, type RateLimitOptions } from "./rate-limit/step.ts";
import type { FetchLike } from "./token-endpoint.ts";

export interface VendorFetchOptions {
  /** Tokens for `Authorization: Bearer` (a TokenCache); omit for APIs without OAuth. */
  tokens?: BearerTokens;
  /** Requests that need no token. */
  skipAuth?: (request: Request) => boolean;
  /** API or subscription key. */
  apiKey?: ApiKeyOptions;
  /** Vendor headers: static and per request. */
  headers?: HeadersOptions;
  /** Retry options, or false for none. */
  retry?: RetryOptions | false;
  /** Per-attempt time limit in ms (default 30 000), or false for none. */
  timeoutMs?: number | false;
  /** Rate limits (budgets per key, pauses on 429), or false/absent for none. */
  rateLimit?: RateLimitOptions | false;
  /** Debug log of every attempt (credentials redacted). */
  logger?: Logger;
  /** Extra middleware, run innermost (just before the network). */
  middleware?: readonly Middleware[];
  fetch?: FetchLike;
}

/**
 * The pipeline every vendor client uses, in the one order that works: vendor headers (so a
 * correlation id is the same on every retry) → retry → logging → API key (fails over on the
 * gateway's key refusal before the token is blamed) → bearer (one refresh on a 401) → rate limit
 * (a slot per request sent; pauses on 429) → timeout per attempt → the network.
 */
export function vendorFetch(options: VendorFetchOptions): typeof globalThis.fetch {
  if (options.timeoutMs !== undefined && options.timeoutMs !== false && !(typeof options.timeoutMs === "number" && options.timeoutMs > 0))
    throw new ConfigError("timeoutMs", `option "timeoutMs" must be a positive number of milliseconds or false; got ${JSON.stringify(options.timeoutMs)}`);
  const secretParams = options.apiKey?.in === "query" ? [options.apiKey.name] : [];
  const secretHeaders = options.apiKey?.in !== "query" && options.apiKey ? [options.apiKey.name] : [];
  const steps: Middleware[] = [];
  if (options.headers) steps.push(headers(options.headers));
  if (options.retry !== false) steps.push(retry(options.retry ?? {}));
  if (options.logger?.debug) steps.push(logging(options.logger, { secretParams, secretHeaders }));
  if (options.tokens) steps.push(bearer(options.tokens, options.skipAuth ? { skip: options.skipAuth } : {}));
  if (options.apiKey) steps.push(apiKey(options.apiKey));
  // Inside retry, bearer and API key: every request that reaches the network takes a slot (each
  // retry, each re-send after a 401); outside the timeout: waiting for a slot is not the attempt's time.
  if (options.rateLimit) steps.push(rateLimit({ secretParams, ...options.rateLimit }));
  if (options.timeoutMs !== false) steps.push(timeout(options.timeoutMs ?? 30_000, { secretParams }));
  steps.push(...(options.middleware ?? []));
  return createFetch(steps, { ...(options.fetch ? { fetch: options.fetch } : {}), secretParams });
}
