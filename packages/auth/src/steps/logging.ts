import type { Step } from "../http/core.ts";
import { redactHeaders, redactUrl } from "../redact.ts";

/**
 * A debug line per attempt: method, URL and headers with credentials redacted (credential headers
 * are named but never shown), status, time. Every line is scrubbed of the client's secrets too.
 */
export function logging(options: { secretParams?: readonly string[]; secretHeaders?: readonly string[] } = {}): Step {
  return async (request, next, context) => {
    const { logger } = context.core;
    if (!logger.debug) return next(request);
    const started = performance.now();
    const url = redactUrl(request.url, options.secretParams);
    const what = context.operation ? `${context.operation}: ${request.method} ${url}` : `${request.method} ${url}`;
    const fields = () => {
      const all = new Headers(request.headers);
      for (const [name, value] of Object.entries(context.wireHeaders ?? {})) all.set(name, value);
      const shown = redactHeaders(all, options.secretHeaders);
      for (const name in shown) shown[name] = context.core.scrub(shown[name]!);
      return { headers: shown };
    };
    try {
      const response = await next(request);
      logger.debug(context.core.scrub(`${what} → ${response.status} (${Math.round(performance.now() - started)} ms)`), fields());
      return response;
    } catch (error) {
      logger.debug(
        context.core.scrub(`${what} failed after ${Math.round(performance.now() - started)} ms: ${(error as Error)?.message}`),
        fields(),
      );
      throw error;
    }
  };
}
