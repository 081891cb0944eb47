// @vendor-clients/auth: the one HTTP core every vendor client shares. Web standards only
// (fetch, Request, URL, crypto): Node 20+, Deno, Bun, workers and browsers. On Node, the package
// entry point adds a faster transport on undici's own API; Node-only pieces (file token store,
// loopback login) are in "@vendor-clients/auth/node".

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
export { parseTokenResponse, parseExpiresIn } from "./token-response.ts";
export { basicAuthorization, OAuthEndpoint, type EndpointOptions } from "./token-endpoint.ts";
export { TokenCache, createTokenCache, type TokenCacheOptions } from "./token-cache.ts";
export { asTokenNote, memoryTokenStore, type TokenNote, type TokenStore } from "./stores/token-store.ts";
export { recordProblem } from "./stores/record-check.ts";
export { encryptionKeysOf, recordSealer, TOKEN_KEY_VARIABLE, type EncryptionKey, type RecordSealer } from "./stores/sealing.ts";
export {
  HttpCore,
  isLoopback,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type CallContext,
  type HttpOptions,
  type Step,
  type Next,
} from "./http/core.ts";
export { fetchTransport, type FetchLike, type Transport, type TransportResponse } from "./http/transport.ts";
export { BufferedResponse, restatus, type Restatement } from "./http/buffered-response.ts";
export { LightRequest } from "./http/light-request.ts";
export { createFetch, type CreateFetchOptions } from "./steps/pipeline.ts";
export { bearer, type BearerTokens } from "./steps/bearer.ts";
export { apiKey, isApiKeyRejection, type ApiKeyOptions } from "./steps/api-key.ts";
export { headers, uuid, type HeadersOptions } from "./steps/headers.ts";
export { retry, parseRetryAfter, type RetryInfo, type RetryOptions } from "./steps/retry.ts";
export {
  byEndpoint,
  byOrigin,
  describeWindow,
  earliestSlot,
  PROBE_ARMED_MS,
  PROBE_HOLD_MS,
  PROBE_RECHECK_MS,
  graphqlThrottle,
  graphqlThrottlingAs429,
  memoryRateLimiter,
  parseRateLimitReset,
  rateLimit,
  rateLimitOptionsOf,
  readThrottle,
  throttleDelayMs,
  RateLimitError,
} from "./rate-limit/index.ts";
export type {
  MemoryRateLimiterOptions,
  RateLimitEvent,
  RateLimitOptions,
  RateLimiter,
  RateLimitWindow,
  Reservation,
  ResetReading,
  ThrottleSignal,
} from "./rate-limit/index.ts";
export { logging } from "./steps/logging.ts";
export {
  AbortError,
  ConfigError,
  NetworkError,
  OAuthError,
  TokenRefusedError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  VendorClientsError,
  type OAuthErrorDetails,
} from "./errors.ts";
export { consoleLogger, silentLogger, type Logger } from "./logger.ts";
export { REDACTED, redactUrl, redactHeaders, scrub } from "./redact.ts";
export { SecretRegistry, sanitizeError } from "./secrets.ts";
export { ApiError, describeErrorBody } from "./api-error.ts";
export { processEnvironment, type Environment } from "./environment.ts";
export {
  createClientCore,
  STEP_ORDER,
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

// Issue 22, the step builder (kept apart from the list above while the surface is reviewed):
// what a client's `steps` option takes, and what a step of one's own (tracing) reads.
export type { AddedStep, Phase, PipelineKind, StepsOptions } from "./steps/pipeline.ts";
// Issue 22, auth as one strategy object per grant, built with the client it serves.
export { oauth, type Auth, type AuthClient, type AuthStrategy, type GrantOptions } from "./auth.ts";
export type { TokenClient } from "./token-endpoint.ts";
