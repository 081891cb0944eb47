import { discard } from "../http/buffered-response.ts";
import { setWireHeader, type Step } from "../http/core.ts";
import { attemptOf } from "../http/light-request.ts";
import type { SecretRegistry } from "../secrets.ts";
import type { TokenSource } from "../token-source.ts";
import type { AccessToken } from "../token.ts";

/** What the bearer step needs: a token cache (or any source with invalidate). */
export interface BearerTokens {
  getToken: TokenSource["getToken"];
  invalidate?(token: AccessToken): Promise<void>;
  /** The API answered a request carrying `token` with something other than 401 (a token cache counts only refusals of tokens never accepted). */
  accepted?(token: AccessToken): void;
  /** False for a token that cannot be renewed: a 401 is then final. */
  readonly renewable?: boolean;
  /** The registry the tokens join where they enter (a client's token cache: its core's). */
  readonly secrets?: SecretRegistry | undefined;
}

/**
 * Sends `Authorization: Bearer <token>`. On a 401 it drops that token (only that one) and sends
 * the request once more with a fresh token; the body is replayed. `skip` exempts requests that
 * need no token. It sits outside the retry step: a token that cannot be had fails the call at
 * once, instead of being asked for again by every retry.
 */
export function bearer(tokens: BearerTokens, options: { skip?: (request: Request) => boolean } = {}): Step {
  return async (request, next, context) => {
    // Public calls (DSI's PingUTC) go out without asking for a token at all.
    if (options.skip?.(request)) return next(request);
    const send = async (replay: boolean) => {
      const token = await tokens.getToken({ signal: request.signal });
      // A pipeline composed by hand runs on a core of its own, which the cache did not tell.
      if (tokens.secrets !== context.core.secrets) context.core.secrets.addIssued(token.value, token.refreshToken);
      setWireHeader(context, "authorization", token.authorization);
      return { token, response: await next(replay ? attemptOf(request) : request) };
    };
    // Keep the body for a second sending after a 401.
    const renewable = tokens.invalidate !== undefined && tokens.renewable !== false;
    const first = await send(renewable);
    if (first.response.status !== 401) tokens.accepted?.(first.token);
    if (first.response.status !== 401 || !renewable) return first.response;
    await discard(first.response);
    await tokens.invalidate!(first.token);
    const second = await send(false);
    if (second.response.status !== 401) tokens.accepted?.(second.token);
    return second.response;
  };
}
