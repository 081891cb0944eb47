import type { AccessTokenRecord } from "../token.ts";

/** A stored token cannot claim to live longer than this: ten years, as parseExpiresIn caps a lifetime. */
const LONGEST_LIFETIME_MS = 10 * 365 * 24 * 3600_000;
/** Clocks of the machines sharing a store disagree by seconds, not by a day. */
const CLOCK_SKEW_MS = 24 * 3600_000;
/** What an Authorization header can carry (RFC 6750 b64token, loosely; RFC 9110 token for the type). */
const HEADER_SAFE = /^[\x21-\x7e]+$/;
const AUTH_SCHEME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Why a record read from a store cannot be used, or undefined when it can. A store is shared and
 * outlives this program (an older version, another tool, a hand edit may have written it): a
 * record that could not go into a header, or that claims an absurd lifetime, would fail every
 * call until it expires. The reason names the field, never its value.
 */
export function recordProblem(record: unknown, now = Date.now()): string | undefined {
  if (!record || typeof record !== "object") return "it is not an object";
  const r = record as Partial<Record<keyof AccessTokenRecord, unknown>>;
  if (typeof r.value !== "string" || !r.value) return `"value" is missing or not a string`;
  if (!HEADER_SAFE.test(r.value)) return `"value" holds characters an Authorization header cannot carry`;
  if (typeof r.type !== "string" || !r.type) return `"type" is missing or not a string`;
  if (!AUTH_SCHEME.test(r.type)) return `"type" is not an authorization scheme`;
  if (typeof r.expiresAt !== "number" || !Number.isFinite(r.expiresAt)) return `"expiresAt" is missing or not a number`;
  if (typeof r.obtainedAt !== "number" || !Number.isFinite(r.obtainedAt)) return `"obtainedAt" is missing or not a number`;
  if (r.obtainedAt > now + CLOCK_SKEW_MS) return `"obtainedAt" is in the future`;
  if (r.expiresAt < r.obtainedAt) return `"expiresAt" is before "obtainedAt"`;
  if (r.expiresAt - r.obtainedAt > LONGEST_LIFETIME_MS || r.expiresAt > now + LONGEST_LIFETIME_MS)
    return `"expiresAt" is absurdly far away`;
  if (r.refreshToken !== undefined && (typeof r.refreshToken !== "string" || !r.refreshToken)) return `"refreshToken" is not a string`;
  if (r.scope !== undefined && typeof r.scope !== "string") return `"scope" is not a string`;
  return undefined;
}
