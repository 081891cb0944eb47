import type { Middleware } from "../middleware/pipeline.ts";
import { graphqlThrottle } from "./signals.ts";

/**
 * GraphQL servers report throttling as HTTP 200 with an error in the body. This step turns such
 * an answer into the 429 it means (with Retry-After when the error gives a time), so the
 * rate-limit step pauses the key and the retry step retries, exactly as for an HTTP 429. Put it
 * innermost (in `middleware`), where it sees the server's answer first.
 */
export const graphqlThrottlingAs429: Middleware = async (request, next) => {
  const response = await next(request);
  if (response.status !== 200 || !/json/i.test(response.headers.get("content-type") ?? "")) return response;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON after all: handed on untouched.
  }
  const throttle = graphqlThrottle(body);
  const headers = new Headers(response.headers);
  if (throttle?.waitMs !== undefined) headers.set("retry-after", String(Math.ceil(throttle.waitMs / 1000)));
  const copy = throttle
    ? new Response(text, { status: 429, statusText: "Too Many Requests", headers })
    : new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, "url", { value: response.url || request.url });
  return copy;
};
