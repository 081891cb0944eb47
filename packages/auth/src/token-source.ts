import type { AccessToken } from "./token.ts";

export interface GetTokenOptions {
  signal?: AbortSignal;
  /** Skip any cached token and ask the server (a token cache's notion; sources always ask). */
  forceRefresh?: boolean;
  /**
   * The token this one replaces. A source with a refresh grant uses its refresh token; the
   * cache passes it, so rotating refresh tokens live where tokens live (memory, file, Redis).
   */
  previous?: AccessToken;
}

/**
 * Anything that produces access tokens. Every grant has this one shape, and so does the token
 * cache wrapped around one, so a client never cares which it holds.
 */
export interface TokenSource {
  /** The grant, for messages and logs: "client_credentials", "password", "authorization_code", "static". */
  readonly grant: string;
  /** Identifies the tokens this source issues (token URL + client id + scopes [+ user]); never contains a secret. */
  readonly cacheKey: string;
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Revokes a token at the server (RFC 7009), where the grant supports it. */
  revoke?(token: AccessToken, options?: { signal?: AbortSignal }): Promise<void>;
}

/** Token URL + client id + scopes (+ user): what makes two sources' tokens interchangeable. */
export const cacheKeyOf = (parts: {
  tokenUrl: URL;
  clientId?: string | undefined;
  scopes?: readonly string[] | undefined;
  user?: string | undefined;
}) => [parts.tokenUrl.href, parts.clientId ?? "", [...(parts.scopes ?? [])].sort().join(" "), parts.user ?? ""].join("|");
