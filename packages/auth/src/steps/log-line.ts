// The debug line per attempt, loaded by the logging step (import()) only for a logger that has
// `debug`: a program that logs no debug lines does not carry it.
import type { CallContext, Next } from "../http/core.ts";
import { redactHeaders, redactUrl } from "../redact.ts";

export interface LoggingOptions {
  secretParams?: readonly string[];
  secretHeaders?: readonly string[];
}

/** Sends `request` on and writes its line: method, URL and headers redacted, status or failure, time; scrubbed of the client's secrets. */
export async function loggedAttempt(options: LoggingOptions, request: Request, next: Next, context: CallContext): Promise<Response> {
  const { logger } = context.core;
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
    logger.debug!(context.core.scrub(`${what} → ${response.status} (${Math.round(performance.now() - started)} ms)`), fields());
    return response;
  } catch (error) {
    logger.debug!(
      context.core.scrub(`${what} failed after ${Math.round(performance.now() - started)} ms: ${(error as Error)?.message}`),
      fields(),
    );
    throw error;
  }
}
