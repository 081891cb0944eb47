// @vendor-clients/auth: the request pipeline every vendor client shares. Web standards only
// (fetch, Request, URL, crypto): Node 20+, Deno, Bun, workers and browsers. Node-only pieces
// (file token store, loopback login) are in "@vendor-clients/auth/node".

export { AccessToken, type AccessTokenRecord } from "./token.ts";
export type { GetTokenOptions, TokenSource } from "./token-source.ts";
export { clientCredentials, type ClientCredentialsOptions } from "./sources/client-credentials.ts";
export { passwordGrant, type PasswordGrantOptions } from "./sources/password.ts";
export { authorizationCode, type AuthorizationCodeOptions, type AuthorizationCodeSource, type AuthorizationRequest } from "./sources/authorization-code.ts";
export { staticToken, type StaticTokenOptions } from "./sources/static-token.ts";
export { parseTokenResponse, parseExpiresIn } from "./token-response.ts";
export { basicAuthorization, type FetchLike, type EndpointOptions } from "./token-endpoint.ts";
export { TokenCache, createTokenCache, type TokenCacheOptions } from "./token-cache.ts";
export { memoryTokenStore, type TokenStore } from "./stores/token-store.ts";
export { createFetch, type CreateFetchOptions, type Middleware, type Next } from "./middleware/pipeline.ts";
export { bearer, type BearerTokens } from "./middleware/bearer.ts";
export { apiKey, isApiKeyRejection, type ApiKeyOptions } from "./middleware/api-key.ts";
export { headers, uuid, type HeadersOptions } from "./middleware/headers.ts";
export { retry, parseRetryAfter, type RetryOptions } from "./middleware/retry.ts";
export { timeout } from "./middleware/timeout.ts";
export { byEndpoint, byOrigin, describeWindow, earliestSlot, graphqlThrottle, graphqlThrottlingAs429, memoryRateLimiter, parseRateLimitReset, rateLimit, rateLimitOptionsOf, readThrottle, throttleDelayMs, RateLimitError } from "./rate-limit/index.ts";
export type { MemoryRateLimiterOptions, RateLimitEvent, RateLimitOptions, RateLimiter, RateLimitWindow, Reservation, ThrottleSignal } from "./rate-limit/index.ts";
export { logging } from "./middleware/logging.ts";
export { AbortError, ConfigError, NetworkError, OAuthError, TimeoutError, VendorClientsError, type OAuthErrorDetails } from "./errors.ts";
export { consoleLogger, silentLogger, type Logger } from "./logger.ts";
export { REDACTED, redactUrl, redactHeaders, scrub } from "./redact.ts";
export { ApiError, describeErrorBody } from "./api-error.ts";
export { readEnvironment, processEnvironment, type Environment } from "./environment.ts";
export { vendorFetch, type VendorFetchOptions } from "./vendor-fetch.ts";
export { cacheOptionsOf, endpointOptionsOf, fetchOptionsOf, type AuthenticatedClient, type CommonClientOptions } from "./client-options.ts";
