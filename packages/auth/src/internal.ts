// @vendor-clients/auth/internal: what the vendor packages, the Redis packages and this
// repository's test suites build on beyond the public surface. Not covered by the API report or
// by semantic versioning: a user program imports "@vendor-clients/auth". Each name here has a
// user outside the auth package; one without is not exported at all.

/** A token endpoint's answer, parsed as the token sources parse it (the reliability properties). */
export { parseTokenResponse } from "./token-response.ts";
/** The form of a token store's notes and sealed records (token-store-redis). */
export { asTokenNote } from "./stores/token-store.ts";
export { encryptionKeysOf, recordSealer, type RecordSealer } from "./stores/sealing.ts";
/** The fetch transport, to compare transports side by side (conformance). */
export { fetchTransport } from "./http/transport.ts";
/** A response under another status, and the light Request (Nexar's GraphQL auth errors read as 401s). */
export { restatus, type Restatement } from "./http/buffered-response.ts";
export { LightRequest } from "./http/light-request.ts";
/** An error scrubbed of a client's secrets (Nexar's GraphQL errors). */
export { sanitizeError } from "./secrets.ts";
/** The probe timings the Redis limiter shares with the memory one. */
export { PROBE_ARMED_MS, PROBE_HOLD_MS, PROBE_RECHECK_MS } from "./rate-limit/limiter.ts";
/** The one options check, for the options objects of the Redis store and limiter. */
export { checkOptions, type OptionNames } from "./options.ts";
/** Retry-After, read as the retry step reads it (the reliability properties). */
export { parseRetryAfter } from "./rate-limit/signals.ts";
/** The path template a request matches, as the rate limit's byEndpoint matches it (otel's url.template). */
export { matchTemplate } from "./rate-limit/step.ts";
/** The vendors among a package's dependencies (the CLI's and the stand-ins' vendor lists). */
export { vendorsDependedOn } from "./vendor.ts";
