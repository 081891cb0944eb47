import type { Logger } from "./logger.ts";
import type { RetryOptions } from "./middleware/retry.ts";
import type { RateLimitOptions } from "./rate-limit/step.ts";
import type { TokenStore } from "./stores/token-store.ts";
import type { EndpointOptions, FetchLike } from "./token-endpoint.ts";
import type { TokenCacheOptions } from "./token-cache.ts";
import type { VendorFetchOptions } from "./vendor-fetch.ts";

/** The options every vendor client takes besides its credentials, and where each one goes. */
export interface CommonClientOptions {
  /** Where tokens are kept: memory by default; a file store for command-line programs, Redis for many processes. */
  store?: TokenStore;
  retry?: RetryOptions | false;
  /**
   * Rate limits: on by default with the vendor's documented limits. Options given here replace
   * the vendor's one by one (`{ limiter: redisRateLimiter(…) }` shares them across processes,
   * `{ onRateLimit }` shows waits); false turns the step off.
   */
  rateLimit?: Partial<RateLimitOptions> | false;
  /** Per-attempt time limit in ms (default 30 000), or false for none. */
  timeoutMs?: number | false;
  logger?: Logger;
  /** The fetch at the end of the pipeline (default: globalThis.fetch); token requests use it too. */
  fetch?: FetchLike;
}

/** For the token source: the same fetch and time limit as the API calls. */
export const endpointOptionsOf = (options: CommonClientOptions): EndpointOptions => ({
  ...(options.fetch ? { fetch: options.fetch } : {}),
  ...(typeof options.timeoutMs === "number" ? { timeoutMs: options.timeoutMs } : {}),
});

/** For the token cache: the store and the logger. */
export const cacheOptionsOf = (options: CommonClientOptions): TokenCacheOptions => ({
  ...(options.store ? { store: options.store } : {}),
  ...(options.logger ? { logger: options.logger } : {}),
});

/** For the request pipeline: retries, time limit, logger and fetch, as given. */
export const fetchOptionsOf = (options: CommonClientOptions): Pick<VendorFetchOptions, "retry" | "timeoutMs" | "logger" | "fetch"> => ({
  ...(options.retry !== undefined ? { retry: options.retry } : {}),
  ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  ...(options.logger ? { logger: options.logger } : {}),
  ...(options.fetch ? { fetch: options.fetch } : {}),
});

/** What every vendor client adds to its generated API: its tokens, its authenticated fetch, where it points. */
export interface AuthenticatedClient {
  /** The token cache: `tokens.getToken()`, `tokens.invalidate()`. */
  readonly tokens: import("./token-cache.ts").TokenCache;
  /** The authenticated fetch itself, for calls outside the definition. */
  readonly fetch: typeof globalThis.fetch;
  readonly baseUrl: string;
}
