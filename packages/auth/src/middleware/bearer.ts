import type { TokenSource } from "../token-source.ts";
import type { AccessToken } from "../token.ts";
import { attemptOf, type Middleware } from "./pipeline.ts";

/** What the bearer middleware needs: a token cache (or any source with invalidate). */
export interface BearerTokens {
  getToken: TokenSource["getToken"];
  invalidate?(token: AccessToken): Promise<void>;
  /** False for a token that cannot be renewed: a 401 is then final. */
  readonly renewable?: boolean;
}

/**
 * Sets `Authorization: Bearer <token>`. On a 401 it drops that token (only that one) and sends
 * the request once more with a fresh token; the body is replayed from a copy. `skip` exempts
 * requests that need no token.
 */
export function bearer(tokens: BearerTokens, options: { skip?: (request: Request) => boolean } = {}): Middleware {
  return async (request, next) => {
    // Public calls (DSI's PingUTC) go out without asking for a token at all.
    if (options.skip?.(request)) return next(request);
    const send = async () => {
      const token = await tokens.getToken({ signal: request.signal });
      const attempt = attemptOf(request);
      attempt.headers.set("authorization", token.authorization);
      return { token, response: await next(attempt) };
    };
    const first = await send();
    if (first.response.status !== 401 || !tokens.invalidate || tokens.renewable === false) return first.response;
    await first.response.body?.cancel();
    await tokens.invalidate(first.token);
    return (await send()).response;
  };
}
