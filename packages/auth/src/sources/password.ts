import { ConfigError, OAuthError } from "../errors.ts";
import { optionalEnum, optionalNumber, optionalStringList, requireString, requireUrl } from "../options.ts";
import { basicAuthorization, requestToken, revokeToken, type EndpointOptions } from "../token-endpoint.ts";
import { cacheKeyOf, type GetTokenOptions, type TokenSource } from "../token-source.ts";
import { AccessToken } from "../token.ts";

export interface PasswordGrantOptions extends EndpointOptions {
  tokenUrl: string | URL;
  /** Sent as `Authorization: Basic base64(clientId + ":" + clientSecret)` (DSI: the secret is empty). */
  clientId: string;
  clientSecret?: string;
  username: string;
  password: string;
  scopes?: readonly string[] | string;
  /**
   * Where grant_type, username, password (and refresh_token) go: the form body (default,
   * RFC 6749), HTTP headers (as DSI's guide words it), or both for a server of unknown taste.
   */
  credentialsIn?: "body" | "headers" | "both";
  /** RFC 7009 revocation endpoint; DSI: `/oauth2/revoke` on the token host. */
  revokeUrl?: string | URL;
  /** Form field that carries the token to revoke: `token` (RFC 7009, default) or `access_token` (DSI). */
  revokeTokenField?: "token" | "access_token";
  /** Lifetime assumed when the response has no `expires_in` (DSI sends none). Default 3600 s. */
  defaultLifetimeSeconds?: number;
}

const OWNER = "passwordGrant";

/**
 * OAuth 2.0 resource owner password grant (RFC 6749 §4.3) with refresh (§6) and revocation
 * (RFC 7009). Given the previous token, it refreshes with its refresh token and keeps the new
 * refresh token each refresh returns; a refused refresh falls back to the password.
 */
export function passwordGrant(options: PasswordGrantOptions): TokenSource & { revoke(token: AccessToken, options?: { signal?: AbortSignal }): Promise<void> } {
  const tokenUrl = requireUrl(OWNER, "tokenUrl", options?.tokenUrl);
  const clientId = requireString(OWNER, "clientId", options.clientId);
  const clientSecret = options.clientSecret === undefined || options.clientSecret === "" ? "" : requireString(OWNER, "clientSecret", options.clientSecret, { secret: true });
  const username = requireString(OWNER, "username", options.username);
  const password = requireString(OWNER, "password", options.password, { secret: true });
  const scopes = optionalStringList(OWNER, "scopes", options.scopes);
  const credentialsIn = optionalEnum(OWNER, "credentialsIn", options.credentialsIn, ["body", "headers", "both"] as const) ?? "body";
  const revokeUrl = options.revokeUrl === undefined ? undefined : requireUrl(OWNER, "revokeUrl", options.revokeUrl);
  const revokeTokenField = optionalEnum(OWNER, "revokeTokenField", options.revokeTokenField, ["token", "access_token"] as const) ?? "token";
  const defaultLifetimeSeconds = optionalNumber(OWNER, "defaultLifetimeSeconds", options.defaultLifetimeSeconds, { min: 1 }) ?? 3600;
  optionalNumber(OWNER, "timeoutMs", options.timeoutMs, { min: 1 });
  const authorization = basicAuthorization(clientId, clientSecret);

  const send = (operation: string, fields: Record<string, string>, signal: AbortSignal | undefined, extraSecrets: (string | undefined)[] = []) => {
    const form = new URLSearchParams();
    const headers: Record<string, string> = { authorization };
    for (const [name, value] of Object.entries(fields)) {
      if (credentialsIn !== "headers") form.set(name, value);
      if (credentialsIn !== "body") headers[name] = value;
    }
    return requestToken({ operation, url: tokenUrl, headers, form, secrets: [password, clientSecret, ...extraSecrets], signal, options, defaultLifetimeSeconds });
  };

  const login = (signal: AbortSignal | undefined) =>
    send("password token request", { grant_type: "password", username, password, ...(scopes?.length ? { scope: scopes.join(" ") } : {}) }, signal);

  return {
    grant: "password",
    cacheKey: cacheKeyOf({ tokenUrl, clientId, scopes, user: username }),
    async getToken({ signal, previous }: GetTokenOptions = {}) {
      const refreshToken = previous?.refreshToken;
      if (!refreshToken) return login(signal);
      try {
        const token = await send("refresh_token request", { grant_type: "refresh_token", refresh_token: refreshToken }, signal, [refreshToken]);
        // A server that rotates refresh tokens returns a new one; one that does not keeps the old valid.
        return token.refreshToken ? token : new AccessToken({ ...token.toRecord(), refreshToken });
      } catch (error) {
        // A refresh token that was revoked or expired: the password still works.
        if (error instanceof OAuthError && (error.error === "invalid_grant" || error.status === 400 || error.status === 401)) return login(signal);
        throw error;
      }
    },
    async revoke(token: AccessToken, { signal }: { signal?: AbortSignal } = {}) {
      if (!revokeUrl) throw new ConfigError("revokeUrl", `${OWNER}: cannot revoke a token without option "revokeUrl"`);
      const form = new URLSearchParams({ [revokeTokenField]: token.value });
      if (revokeTokenField === "token") form.set("token_type_hint", "access_token");
      await revokeToken({ operation: "token revocation", url: revokeUrl, headers: { authorization }, form, secrets: [token.value, token.refreshToken, password, clientSecret], signal, options });
    },
  };
}
