import { restatus } from "../http/buffered-response.ts";
import type { Step } from "../steps/pipeline.ts";
import { graphqlThrottle } from "./signals.ts";

/**
 * GraphQL servers report throttling as HTTP 200 with an error in the body. This step turns such
 * an answer into the 429 it means (with Retry-After when the error gives a time), so the
 * rate-limit step pauses the key and the retry step retries, exactly as for an HTTP 429. Put it
 * innermost (the "vendor" step, or `phase: "wire"`), where it sees the server's answer first.
 */
export const graphqlThrottlingAs429: Step = async (request, next) =>
  restatus(await next(request), (body) => {
    const throttle = graphqlThrottle(body);
    if (!throttle) return undefined;
    return {
      status: 429,
      statusText: "Too Many Requests",
      ...(throttle.waitMs !== undefined ? { headers: { "retry-after": String(Math.ceil(throttle.waitMs / 1000)) } } : {}),
    };
  });
