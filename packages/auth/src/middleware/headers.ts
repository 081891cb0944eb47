import { optionalHeaders } from "../options.ts";
import type { Middleware } from "./pipeline.ts";

export interface HeadersOptions {
  /** Sent with every request unless the request sets them itself: tenant, customer number… */
  static?: Record<string, string>;
  /**
   * Computed once per request, unless the request sets them: correlation / request ids. Put this
   * middleware outside `retry` so every attempt of one request carries the same value.
   */
  perRequest?: Record<string, (request: Request) => string>;
}

/** Adds vendor headers. A value the caller set on the request wins. */
export function headers(options: HeadersOptions): Middleware {
  const fixed = optionalHeaders("headers", "static", options.static) ?? {};
  const computed = Object.entries(options.perRequest ?? {});
  return (request, next) => {
    for (const [name, value] of Object.entries(fixed)) if (!request.headers.has(name)) request.headers.set(name, value);
    for (const [name, make] of computed) if (!request.headers.has(name)) request.headers.set(name, make(request));
    return next(request);
  };
}

/** A fresh UUID (v4) per request, for `IM-CorrelationID`, Avionté's `RequestId` and the like. */
export const uuid = () => crypto.randomUUID();
