import { ConfigError, NetworkError, TimeoutError } from "../errors.ts";
import { discard } from "../http/buffered-response.ts";
import type { Step } from "../http/core.ts";
import { checkOptions, optionalFunction, optionalNumber, RETRY_OPTIONS } from "../options.ts";
import { redactUrl } from "../redact.ts";
import { sanitizeError } from "../secrets.ts";
import { sleep } from "../signals.ts";
import { attemptOf } from "../http/light-request.ts";

export interface RetryOptions {
  /** Further attempts after the first (default 2): one budget per call, shared by everything the call retries. */
  retries?: number;
  /** Statuses worth another attempt (default 429, 502, 503, 504). */
  statuses?: readonly number[];
  /**
   * Methods retried after a 5xx, a timeout or a network error (default the idempotent ones: GET,
   * HEAD, OPTIONS, PUT, DELETE). A 429 is retried whatever the method: the server refused the
   * request without acting on it.
   */
  methods?: readonly string[];
  /** First backoff step (default 300 ms); doubles per attempt, with full jitter. */
  baseDelayMs?: number;
  /** Cap on one backoff (default 10 s). */
  maxDelayMs?: number;
  /** A Retry-After (or rate-limit reset) longer than this is not waited for: the response is returned (default 60 s). */
  maxRetryAfterMs?: number;
  /** Called before each wait, e.g. for logging. It gets no request object: nothing in it can carry a credential. */
  onRetry?: (info: RetryInfo) => void;
}

/** What a retry hook is told: all of it safe to log. */
export interface RetryInfo {
  /** The attempt about to be made (2 for the first retry). */
  attempt: number;
  delayMs: number;
  method: string;
  /** The request's URL with secrets redacted. */
  url: string;
  /** The status that caused the retry, or the error (scrubbed of secrets). */
  status?: number;
  error?: unknown;
}

const OWNER = "retry";

/** The retry options, checked once when the client is built. */
export function retryPolicy(options: RetryOptions = {}) {
  if (!options || typeof options !== "object")
    throw new ConfigError("retry", `${OWNER}: option "retry" must be an object of retry options, or false`);
  checkOptions(OWNER, options, RETRY_OPTIONS);
  const retries = optionalNumber(OWNER, "retries", options.retries, { min: 0, max: 20, integer: true }) ?? 2;
  const listOf = <T>(name: string, value: unknown, ok: (item: unknown) => boolean): T[] | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every(ok))
      throw new ConfigError(
        name,
        `${OWNER}: option "${name}" must be a list of ${name === "statuses" ? "HTTP statuses (100–599)" : "HTTP method names"}`,
      );
    return value as T[];
  };
  const statuses = new Set(
    listOf<number>("statuses", options.statuses, (s) => Number.isInteger(s) && (s as number) >= 100 && (s as number) <= 599) ?? [
      429, 502, 503, 504,
    ],
  );
  const methods = new Set(
    (
      listOf<string>("methods", options.methods, (m) => typeof m === "string" && /^[A-Za-z]+$/.test(m)) ?? [
        "GET",
        "HEAD",
        "OPTIONS",
        "PUT",
        "DELETE",
      ]
    ).map((m) => m.toUpperCase()),
  );
  const baseDelayMs = optionalNumber(OWNER, "baseDelayMs", options.baseDelayMs, { max: 600_000 }) ?? 300;
  const maxDelayMs = optionalNumber(OWNER, "maxDelayMs", options.maxDelayMs, { max: 600_000 }) ?? 10_000;
  const maxRetryAfterMs = optionalNumber(OWNER, "maxRetryAfterMs", options.maxRetryAfterMs, { max: 3_600_000 }) ?? 60_000;
  optionalFunction(OWNER, "onRetry", options.onRetry);
  return { retries, statuses, methods, baseDelayMs, maxDelayMs, maxRetryAfterMs, onRetry: options.onRetry };
}
export type RetryPolicy = ReturnType<typeof retryPolicy>;

/**
 * Retries throttled and failed attempts with exponential backoff and jitter, honouring
 * Retry-After. It spends the call's one retry budget, and retries only what failed on the wire
 * inside it: a failed token request (which has its own attempts) is never multiplied here.
 */
export function retry(
  options: RetryOptions | RetryPolicy = {},
  /** Requests safe to repeat although their method is not idempotent (a GraphQL query sent as POST). */
  safeToRepeat?: (request: Request) => boolean,
): Step {
  const policy = "statuses" in options && options.statuses instanceof Set ? (options as RetryPolicy) : retryPolicy(options as RetryOptions);
  const backoff = (attempt: number) => Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const tell = (info: RetryInfo) => {
    try {
      policy.onRetry?.(info);
    } catch {
      // A hook that throws must not turn a retry into a failure.
    }
  };

  return async (request, next, context) => {
    context.retriesLeft ??= policy.retries;
    // Asked only when an attempt failed: reading what a request is costs nothing on the happy path.
    let repeatable: boolean | undefined;
    const idempotent = () => (repeatable ??= policy.methods.has(request.method.toUpperCase()) || (safeToRepeat?.(request) ?? false));
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await next(attemptOf(request));
      } catch (error) {
        // Only failures of the exchange itself: a token, config or abort error is final.
        const onTheWire = error instanceof NetworkError || error instanceof TimeoutError;
        if (!onTheWire || !idempotent() || context.retriesLeft <= 0 || request.signal.aborted) throw error;
        context.retriesLeft--;
        const delayMs = backoff(attempt - 1);
        tell({
          attempt: attempt + 1,
          delayMs,
          method: request.method,
          url: context.core.scrub(redactUrl(request.url)),
          error: sanitizeError(error, context.core.secrets),
        });
        await sleep(delayMs, request.signal);
        continue;
      }
      if (!policy.statuses.has(response.status) || context.retriesLeft <= 0 || (response.status !== 429 && !idempotent())) return response;
      // Retry-After, or a 429's X-RateLimit-Reset / RateLimit reset (Ingram Micro sends only the former).
      // Read by signals.ts, loaded (import()) only when an answer is to be retried.
      let signals: typeof import("../rate-limit/signals.ts");
      try {
        signals = await import("../rate-limit/signals.ts");
      } catch (error) {
        // The answer is not handed back with its reader missing: its body is let go with the failure.
        await discard(response);
        throw error;
      }
      const retryAfter = signals.throttleDelayMs(response);
      if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return response;
      context.retriesLeft--;
      const delayMs = retryAfter ?? backoff(attempt - 1);
      await discard(response);
      tell({
        attempt: attempt + 1,
        delayMs,
        method: request.method,
        url: context.core.scrub(redactUrl(request.url)),
        status: response.status,
      });
      await sleep(delayMs, request.signal);
    }
  };
}
