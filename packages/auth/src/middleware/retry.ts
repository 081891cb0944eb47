import { NetworkError, TimeoutError, describeCause } from "../errors.ts";
import { redactUrl } from "../redact.ts";
import { optionalNumber } from "../options.ts";
import { parseRetryAfter, throttleDelayMs } from "../rate-limit/signals.ts";
import { sleep } from "../signals.ts";
import { attemptOf, type Middleware } from "./pipeline.ts";

// Kept here too: it was exported from this module before the rate-limit signals had their own.
export { parseRetryAfter };

export interface RetryOptions {
  /** Further attempts after the first (default 2). */
  retries?: number;
  /** Statuses worth another attempt (default 429, 502, 503, 504). */
  statuses?: readonly number[];
  /**
   * Methods retried after a 5xx or a network error (default the idempotent ones: GET, HEAD,
   * OPTIONS, PUT, DELETE). A 429 is retried whatever the method: the server refused the request
   * without acting on it.
   */
  methods?: readonly string[];
  /** First backoff step (default 300 ms); doubles per attempt, with full jitter. */
  baseDelayMs?: number;
  /** Cap on one backoff (default 10 s). */
  maxDelayMs?: number;
  /** A Retry-After (or rate-limit reset) longer than this is not waited for: the response is returned (default 60 s). */
  maxRetryAfterMs?: number;
  /**
   * Read the whole body inside the attempt (default true): a connection that breaks mid-body is
   * then retried (idempotent methods) like one that breaks before the headers, and otherwise
   * fails as a NetworkError rather than a bare stream error. Turn off to stream large downloads.
   */
  bufferResponses?: boolean;
  /** Called before each wait, e.g. for logging. */
  onRetry?: (info: { attempt: number; delayMs: number; status?: number; error?: unknown; request: Request }) => void;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The same response with its body read into memory: a broken connection surfaces here, inside the attempt. */
async function buffered(response: Response): Promise<Response> {
  if (!response.body) return response;
  let body: ArrayBuffer;
  try {
    body = await response.arrayBuffer();
  } catch (error) {
    throw new NetworkError(`reading the response body of ${redactUrl(response.url)} failed: ${describeCause(error)}`, redactUrl(response.url), { cause: error });
  }
  const copy = new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

/** Retries throttled and failed requests with exponential backoff and jitter, honouring Retry-After and rate-limit resets. */
export function retry(options: RetryOptions = {}): Middleware {
  const retries = optionalNumber("retry", "retries", options.retries, { min: 0, max: 20, integer: true }) ?? 2;
  const statuses = new Set(options.statuses ?? [429, 502, 503, 504]);
  const methods = new Set((options.methods ?? ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]).map((m) => m.toUpperCase()));
  const baseDelayMs = optionalNumber("retry", "baseDelayMs", options.baseDelayMs) ?? 300;
  const maxDelayMs = optionalNumber("retry", "maxDelayMs", options.maxDelayMs) ?? 10_000;
  const maxRetryAfterMs = optionalNumber("retry", "maxRetryAfterMs", options.maxRetryAfterMs) ?? 60_000;
  const backoff = (attempt: number) => Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  const bufferResponses = options.bufferResponses ?? true;

  return async (request, next) => {
    const idempotent = methods.has(request.method.toUpperCase());
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await next(attemptOf(request));
        if (bufferResponses && !statuses.has(response.status)) response = await buffered(response);
      } catch (error) {
        const transient = error instanceof NetworkError || error instanceof TimeoutError;
        if (!transient || !idempotent || attempt >= retries || request.signal.aborted) throw error;
        const delayMs = backoff(attempt);
        options.onRetry?.({ attempt: attempt + 1, delayMs, error, request });
        await sleep(delayMs, request.signal);
        continue;
      }
      if (!statuses.has(response.status) || attempt >= retries || (!idempotent && response.status !== 429)) return response;
      // Retry-After, or a 429's X-RateLimit-Reset / RateLimit reset (Ingram Micro sends only the former).
      const retryAfter = throttleDelayMs(response);
      if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) return response;
      const delayMs = retryAfter ?? backoff(attempt);
      await response.body?.cancel();
      options.onRetry?.({ attempt: attempt + 1, delayMs, status: response.status, request });
      await sleep(delayMs, request.signal);
    }
  };
}
