import { setWireHeader, type Step } from "../http/core.ts";
import { checkOptions, HEADERS_OPTIONS, optionalHeaders } from "../options.ts";

export interface HeadersOptions {
  /** Sent with every request unless the request sets them itself: tenant, customer number… */
  static?: Record<string, string>;
  /**
   * Computed once per call, unless the request sets them: correlation / request ids. This step
   * runs before retries, so every attempt of one call carries the same value.
   */
  perRequest?: Record<string, (request: Request) => string>;
}

/**
 * Adds the vendor's headers (never credentials: those go through the credential steps). A value
 * the caller set on the request wins.
 */
export function headers(options: HeadersOptions): Step {
  checkOptions("headers", options, HEADERS_OPTIONS);
  const fixed = Object.entries(optionalHeaders("headers", "static", options.static) ?? {});
  const computed = Object.entries(options.perRequest ?? {});
  return (request, next, context) => {
    const own = request.headers;
    for (const [name, value] of fixed) if (!own.has(name)) setWireHeader(context, name, value);
    for (const [name, make] of computed) if (!own.has(name)) setWireHeader(context, name, make(request));
    return next(request);
  };
}

/** A fresh UUID (v4) per request, for `IM-CorrelationID`, Avionté's `RequestId` and the like. */
export const uuid = () => crypto.randomUUID();
