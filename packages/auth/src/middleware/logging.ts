import type { Logger } from "../logger.ts";
import { redactHeaders, redactUrl } from "../redact.ts";
import type { Middleware } from "./pipeline.ts";

/** Debug log of every attempt: method, URL and headers with credentials redacted, status, time. */
export function logging(logger: Logger, options: { secretParams?: readonly string[]; secretHeaders?: readonly string[] } = {}): Middleware {
  return async (request, next) => {
    const started = performance.now();
    const url = redactUrl(request.url, options.secretParams);
    try {
      const response = await next(request);
      logger.debug?.(`${request.method} ${url} → ${response.status} (${Math.round(performance.now() - started)} ms)`, { headers: redactHeaders(request.headers, options.secretHeaders) });
      return response;
    } catch (error) {
      logger.debug?.(`${request.method} ${url} failed after ${Math.round(performance.now() - started)} ms: ${(error as Error).message}`);
      throw error;
    }
  };
}
