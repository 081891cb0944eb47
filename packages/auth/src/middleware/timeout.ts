import { optionalNumber } from "../options.ts";
import { redactUrl } from "../redact.ts";
import { withTimeout } from "../signals.ts";
import { attemptSignals, type Middleware } from "./pipeline.ts";

/**
 * A time limit per attempt, until the response headers arrive; put it inside `retry` so each
 * attempt gets the full time. The caller's own AbortSignal still works alongside.
 */
export function timeout(ms: number, options: { secretParams?: readonly string[] } = {}): Middleware {
  const limit = optionalNumber("timeout", "ms", ms, { min: 1 });
  return (request, next) =>
    withTimeout(() => `${request.method} ${redactUrl(request.url, options.secretParams)}`, limit, request.signal, (signal) => {
      if (signal) attemptSignals.set(request, signal);
      return next(request);
    });
}
