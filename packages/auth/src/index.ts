// @vendor-clients/auth: the one HTTP core every vendor client shares. Web standards only
// (fetch, Request, URL, crypto): Node 20+, Deno, Bun, workers and browsers. On Node, the package
// entry point adds a faster transport on undici's own API; Node-only pieces (file token store,
// loopback login) are in "@vendor-clients/auth/node".
//
// This entry is the reviewed public surface: what the README shows (its API report is
// etc/auth.api.md, checked by `pnpm api-report`). The pieces the vendor packages and the Redis
// packages build on are in "@vendor-clients/auth/internal", without that promise.

// Tokens: the grants, the cache around them, where tokens are kept.
export { AccessToken, type AccessTokenRecord } from "./token.ts";
export type { GetTokenOptions, TokenSource } from "./token-source.ts";
export { clientCredentials, type ClientCredentialsOptions } from "./sources/client-credentials.ts";
export { passwordGrant, type PasswordGrantOptions } from "./sources/password.ts";
export {
  authorizationCode,
  type AuthorizationCodeOptions,
  type AuthorizationCodeSource,
  type AuthorizationRequest,
} from "./sources/authorization-code.ts";
export { staticToken, type StaticTokenOptions } from "./sources/static-token.ts";
export type { EndpointOptions } from "./token-endpoint.ts";
export { TokenCache, type TokenCacheOptions } from "./token-cache.ts";
export { memoryTokenStore, type TokenNote, type TokenStore } from "./stores/token-store.ts";
export type { EncryptionKey } from "./stores/sealing.ts";

// The pipeline: the core, the steps, your own composition.
export { HttpCore, type CallContext, type HttpOptions, type Step, type Next } from "./http/core.ts";
export type { FetchLike, Transport, TransportResponse } from "./http/transport.ts";
export { createFetch, type CreateFetchOptions } from "./steps/pipeline.ts";
export { bearer, type BearerTokens } from "./steps/bearer.ts";
export { apiKey, type ApiKeyOptions } from "./steps/api-key.ts";
export { headers, uuid, type HeadersOptions } from "./steps/headers.ts";
export { retry, type RetryInfo, type RetryOptions } from "./steps/retry.ts";
export { logging } from "./steps/logging.ts";
export {
  byEndpoint,
  byOrigin,
  graphqlThrottlingAs429,
  memoryRateLimiter,
  rateLimit,
  RateLimitError,
  type MemoryRateLimiterOptions,
  type RateLimitEvent,
  type RateLimitOptions,
  type RateLimiter,
  type RateLimitWindow,
  type Reservation,
  type ResetReading,
} from "./rate-limit/index.ts";

// Errors, and guards that hold across copies of the package and realms.
export {
  AbortError,
  ConfigError,
  isApiError,
  isOAuthError,
  isVendorClientsError,
  NetworkError,
  OAuthError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  TokenRefusedError,
  VendorClientsError,
  type OAuthErrorDetails,
  type VendorClientsErrorCodes,
} from "./errors.ts";
export { ApiError } from "./api-error.ts";
export { consoleLogger, silentLogger, type Logger } from "./logger.ts";
export type { SecretRegistry } from "./secrets.ts";
export type { Environment } from "./environment.ts";

// A vendor's client, from its data.
export {
  createClientCore,
  type AuthenticatedClient,
  type ClientCore,
  type ClientRecipe,
  type KeyOnlyClientCore,
  type CommonClientOptions,
  type RestClientOptions,
} from "./client-core.ts";
// ExactClient (openapi-fetch types) is exported from "@vendor-clients/auth/rest": a GraphQL-only
// program (Nexar) that does not install openapi-fetch must type-check with skipLibCheck: false.
export { defineVendor, envExample, type Vendor, type VendorVariable } from "./vendor.ts";
export { vendorFactory } from "./vendor-client.ts";
export type { OptionSpec, VendorBuild, VendorClientOptions, VendorData, VendorRecipe } from "./vendor-data.ts";
export type { ExactOptions, VendorFactory } from "./options.ts";

// Issue 22, the step builder (kept apart from the list above while the surface is reviewed):
// what a client's `steps` option takes, and what a step of one's own (tracing) reads.
export type { AddedStep, Phase, PipelineKind, StepsOptions } from "./steps/pipeline.ts";
// Issue 22, auth as one strategy object per grant, built with the client it serves.
export { oauth, tokenAuth, type Auth, type AuthClient, type AuthStrategy, type GrantOptions, type TokenAuthOptions } from "./auth.ts";
export type { TokenClient } from "./token-endpoint.ts";
