// Every way a server says "slow down", read into one shape. Pure functions of the headers (or
// a GraphQL body) and a clock, so they are tested with a fixed `now`.

/** What a response says about the caller's budget. Times are ms from `now`; absent = not said. */
export interface ThrottleSignal {
  /** How long until the server takes requests again (Retry-After, or the reset of an exhausted budget). */
  waitMs?: number;
  /** Requests left in the current window, when the server says. */
  remaining?: number;
  /** The window's size in requests, when the server says. */
  limit?: number;
  /** ms until the current window resets, whether or not it is exhausted. */
  resetMs?: number;
  /** Which header gave `waitMs`, for hooks and logs. */
  source?: "retry-after" | "x-ratelimit-reset" | "ratelimit" | "ratelimit-reset" | "graphql";
}

/**
 * How a vendor's bare `X-RateLimit-Reset` number reads: a point in time (epoch seconds, or ms
 * when that large) or, when small, a delay in seconds; or a delay in milliseconds.
 */
export type ResetReading = "epoch-or-delay-seconds" | "delay-ms";

const INTEGER = /^\d+$/;
const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Retry-After (RFC 9110 §10.2.3) in ms: delay-seconds or an HTTP-date. Undefined when absent or
 * unreadable; a date in the past means 0.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (INTEGER.test(trimmed)) return Number(trimmed) * 1000;
  return parseHttpDate(trimmed, now);
}

function parseHttpDate(value: string, now: number): number | undefined {
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * X-RateLimit-Reset in ms from now. Servers disagree on its unit: Ingram Micro and GitHub send
 * epoch seconds, others a delta in seconds, a few epoch milliseconds or an HTTP-date. A number
 * that large can only be a point in time (1e9 s is 2001; no window lasts 31 years), so the size
 * tells the unit apart.
 */
export function parseRateLimitReset(
  value: string | null | undefined,
  now = Date.now(),
  reading: ResetReading = "epoch-or-delay-seconds",
): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (!NUMBER.test(trimmed)) return parseHttpDate(trimmed, now);
  const n = Number(trimmed);
  if (reading === "delay-ms") return Math.ceil(n);
  if (n >= 1e12) return Math.max(0, Math.ceil(n - now));
  if (n >= 1e9) return Math.max(0, Math.ceil(n * 1000 - now));
  return Math.ceil(n * 1000);
}

const count = (value: string | null | undefined): number | undefined => {
  const trimmed = value?.trim();
  return trimmed && INTEGER.test(trimmed) ? Number(trimmed) : undefined;
};

/** One item of a structured-field list (`"name";r=0;t=30` or `limit=10, remaining=0`), parameters by name. */
interface Item {
  name: string;
  params: Map<string, string>;
}

/** Reads an RFC 8941 list of items with parameters, leniently (no inner lists, no escapes needed here). */
function parseItems(value: string): Item[] {
  return value
    .split(",")
    .map((part) => {
      const [head = "", ...rest] = part.split(";").map((s) => s.trim());
      const params = new Map<string, string>();
      for (const p of rest) {
        const eq = p.indexOf("=");
        if (eq > 0)
          params.set(
            p.slice(0, eq).trim().toLowerCase(),
            p
              .slice(eq + 1)
              .trim()
              .replace(/^"|"$/g, ""),
          );
      }
      return { name: head.replace(/^"|"$/g, ""), params };
    })
    .filter((item) => item.name || item.params.size);
}

/**
 * The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers), in the forms servers send:
 * - current drafts: `RateLimit: "default";r=0;t=30` (r remaining, t seconds to reset), one item
 *   per policy, with `RateLimit-Policy: "default";q=100;w=60` describing them;
 * - drafts 03–06: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (delta seconds),
 *   or their one-header form `RateLimit: limit=100, remaining=0, reset=30`.
 * Of several policies, the exhausted one that resets last decides.
 */
function readIetf(headers: Headers, now: number): Pick<ThrottleSignal, "remaining" | "limit" | "resetMs"> | undefined {
  const combined = headers.get("ratelimit");
  if (combined) {
    const items = parseItems(combined);
    // Draft 06's `limit=…, remaining=…, reset=…`: each member is a bare key=value.
    const legacy = new Map<string, string>();
    for (const item of items) {
      const eq = item.name.indexOf("=");
      if (eq > 0) legacy.set(item.name.slice(0, eq).trim().toLowerCase(), item.name.slice(eq + 1).trim());
    }
    if (legacy.size) {
      const reset = count(legacy.get("reset"));
      return {
        remaining: count(legacy.get("remaining")),
        limit: count(legacy.get("limit")),
        resetMs: reset === undefined ? undefined : reset * 1000,
      };
    }
    const policies = new Map(parseItems(headers.get("ratelimit-policy") ?? "").map((p) => [p.name, count(p.params.get("q"))]));
    let chosen: { remaining?: number; resetMs?: number; limit?: number } | undefined;
    for (const item of items) {
      const remaining = count(item.params.get("r"));
      const t = count(item.params.get("t"));
      const candidate = { remaining, resetMs: t === undefined ? undefined : t * 1000, limit: policies.get(item.name) };
      const exhausted = remaining === 0;
      const chosenExhausted = chosen?.remaining === 0;
      if (!chosen || (exhausted && !chosenExhausted) || (exhausted === chosenExhausted && (candidate.resetMs ?? 0) > (chosen.resetMs ?? 0)))
        chosen = candidate;
    }
    if (chosen) return chosen;
  }
  const remaining = count(headers.get("ratelimit-remaining"));
  const reset = headers.get("ratelimit-reset");
  const limit = count(headers.get("ratelimit-limit"));
  if (remaining === undefined && reset === null && limit === undefined) return undefined;
  // Draft 03+ defines RateLimit-Reset as delta seconds; some servers send an epoch anyway.
  return { remaining, limit, resetMs: parseRateLimitReset(reset, now) };
}

/** Reads every throttling header of a response into one signal. */
export function readThrottle(headers: Headers, now = Date.now(), reading?: ResetReading): ThrottleSignal {
  const signal: ThrottleSignal = {};
  const xRemaining = count(headers.get("x-ratelimit-remaining"));
  const xLimit = count(headers.get("x-ratelimit-limit"));
  const xReset = parseRateLimitReset(headers.get("x-ratelimit-reset"), now, reading);
  const ietf = readIetf(headers, now);
  signal.remaining = xRemaining ?? ietf?.remaining;
  signal.limit = xLimit ?? ietf?.limit;
  signal.resetMs = xReset ?? ietf?.resetMs;
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  if (retryAfter !== undefined) {
    signal.waitMs = retryAfter;
    signal.source = "retry-after";
  } else if (xReset !== undefined && xRemaining !== undefined && xRemaining === 0) {
    signal.waitMs = xReset;
    signal.source = "x-ratelimit-reset";
  } else if (ietf?.resetMs !== undefined && ietf.remaining === 0) {
    signal.waitMs = ietf.resetMs;
    signal.source = headers.has("ratelimit") ? "ratelimit" : "ratelimit-reset";
  }
  return signal;
}

/**
 * How long to wait after a refusal (429, or a 503 with Retry-After) before trying again. A 429
 * means the budget is spent even when the server leaves out `Remaining: 0`, so a bare reset
 * (Ingram Micro sends only `X-RateLimit-Reset`) counts too. Undefined when the server gives no time.
 */
export function throttleDelayMs(response: { status: number; headers: Headers }, now = Date.now()): number | undefined {
  return refusalOf(response, now).waitMs;
}

/** Like throttleDelayMs, with the header that said so. */
export function refusalOf(
  response: { status: number; headers: Headers },
  now = Date.now(),
  reading?: ResetReading,
): Pick<ThrottleSignal, "waitMs" | "source"> {
  const signal = readThrottle(response.headers, now, reading);
  if (signal.waitMs !== undefined) return { waitMs: signal.waitMs, source: signal.source! };
  if (response.status !== 429 || signal.resetMs === undefined) return {};
  const headers = response.headers;
  return {
    waitMs: signal.resetMs,
    source: headers.has("x-ratelimit-reset") ? "x-ratelimit-reset" : headers.has("ratelimit") ? "ratelimit" : "ratelimit-reset",
  };
}

/**
 * Codes (GraphQL `extensions.code`) and messages that mean "throttled" in a 200 answer. Nexar
 * documents no code for it; these are the ones GraphQL servers use (Apollo, Hot Chocolate,
 * Shopify's THROTTLED, GitHub's RATE_LIMITED) and the wording of their messages.
 */
const GRAPHQL_THROTTLE_CODE = /^(RATE_?LIMIT(ED)?|THROTTLED|TOO_MANY_REQUESTS|QUOTA_EXCEEDED|MAX_COST_EXCEEDED|HC0048)$/i;
const GRAPHQL_THROTTLE_MESSAGE = /rate.?limit|too many requests|throttl|quota (exceeded|reached)/i;

interface GraphqlErrorLike {
  message?: unknown;
  extensions?: { code?: unknown; retryAfter?: unknown; retryAfterMs?: unknown; [k: string]: unknown } | null;
}

/**
 * A GraphQL body (already parsed) that reports throttling, as a signal: `waitMs` from an
 * `extensions.retryAfter` (seconds) or `retryAfterMs` when given. Undefined when no error in it
 * is a throttling one.
 */
export function graphqlThrottle(body: unknown): ThrottleSignal | undefined {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  for (const error of errors as GraphqlErrorLike[]) {
    const code = typeof error?.extensions?.code === "string" ? error.extensions.code : "";
    const message = typeof error?.message === "string" ? error.message : "";
    if (!GRAPHQL_THROTTLE_CODE.test(code) && !GRAPHQL_THROTTLE_MESSAGE.test(message)) continue;
    const seconds = Number(error.extensions?.retryAfter);
    const ms = Number(error.extensions?.retryAfterMs);
    const waitMs = Number.isFinite(ms) && ms >= 0 ? ms : Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
    return waitMs === undefined ? { source: "graphql" } : { waitMs, source: "graphql" };
  }
  return undefined;
}
