import type { Step } from "../http/core.ts";

/**
 * A debug line per attempt: method, URL and headers with credentials redacted (credential headers
 * are named but never shown), status, time. Every line is scrubbed of the client's secrets too.
 * The line itself is written by log-line.ts, loaded the first time a logger with `debug` is met.
 */
export function logging(options: { secretParams?: readonly string[]; secretHeaders?: readonly string[] } = {}): Step {
  return async (request, next, context) => {
    if (!context.core.logger.debug) return next(request);
    let module: typeof import("./log-line.ts");
    try {
      // The runtime keeps a loaded module: every call after the first gets it at once.
      module = await import("./log-line.ts");
    } catch {
      // Debug lines must never fail a request: without the code that writes them, the call goes on unlogged.
      return next(request);
    }
    return module.loggedAttempt(options, request, next, context);
  };
}
