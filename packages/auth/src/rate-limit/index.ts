// Rate limits: the signals servers send, the budgets a client keeps, and the step that joins them.
export {
  graphqlThrottle,
  parseRateLimitReset,
  parseRetryAfter,
  readThrottle,
  refusalOf,
  throttleDelayMs,
  type ResetReading,
  type ThrottleSignal,
} from "./signals.ts";
export {
  earliestSlot,
  PROBE_ARMED_MS,
  PROBE_HOLD_MS,
  PROBE_RECHECK_MS,
  memoryRateLimiter,
  type MemoryRateLimiterOptions,
  type RateLimiter,
  type RateLimitWindow,
  type Reservation,
} from "./limiter.ts";
export { byEndpoint, byOrigin, describeWindow, rateLimit, rateLimitOptionsOf, type RateLimitEvent, type RateLimitOptions } from "./step.ts";
export { RateLimitError } from "./rate-limit-error.ts";
export { graphqlThrottlingAs429 } from "./graphql.ts";
