import { ConfigError, OAuthError } from "../errors.ts";
import {
  optionalEnum,
  optionalNumber,
  optionalStringList,
  requireHeaderValue,
  requireString,
  checkOptions,
  PASSWORD_GRANT_OPTIONS,
} from "../options.ts";
import { basicAuthorization, OAuthEndpoint, type EndpointOptions } from "../token-endpoint.ts";
import { cacheKeyOf, type GetTokenOptions, type TokenSource } from "../token-source.ts";
import { AccessToken } from "../token.ts";

export interface PasswordGrantOptions extends EndpointOptions {
  tokenUrl: string | URL;
  /** Sent as `Authorization: Basic base64(clientId + ":" + clientSecret)` (DSI: the secret is empty). */
  clientId: string;
  clientSecret?: string;
  /**
   * How the Basic credentials are encoded before base64: "rfc6749" (default) form-encodes the
   * id and secret first (RFC 6749 §2.3.1); "raw" uses them as they are, as DSI documents
   * (`base64(ClientID + ":")`), which differs for ids with a space, `+`, `/`, `:` or `%`.
   */
  basicEncoding?: "rfc6749" | "raw";
  username: string;
  password: string;
  scopes?: readonly string[] | string;
  /**
   * Where grant_type, username, password, refresh_token and the revoked token go: the form body
   * (default, RFC 6749), HTTP headers (as DSI's guide words it), or both for a server of unknown taste.
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
export function passwordGrant(
  options: PasswordGrantOptions,
): TokenSource & { revoke(token: AccessToken, options?: { signal?: AbortSignal }): Promise<void> } {
  checkOptions(OWNER, options, PASSWORD_GRANT_OPTIONS);
  const endpoint = new OAuthEndpoint(OWNER, "tokenUrl", options.tokenUrl, options);
  const clientId = requireString(OWNER, "clientId", options.clientId);
  const clientSecret =
    options.clientSecret === undefined || options.clientSecret === ""
      ? ""
      : requireString(OWNER, "clientSecret", options.clientSecret, { secret: true });
  const credentialsIn = optionalEnum(OWNER, "credentialsIn", options.credentialsIn, ["body", "headers", "both"] as const) ?? "body";
  // Values that may travel in headers must be fit for one.
  const check = credentialsIn === "body" ? requireString : requireHeaderValue;
  const username = check(OWNER, "username", options.username);
  const password = check(OWNER, "password", options.password, { secret: true });
  const scopes = optionalStringList(OWNER, "scopes", options.scopes);
  const revoker =
    options.revokeUrl === undefined
      ? undefined
      : new OAuthEndpoint(OWNER, "revokeUrl", options.revokeUrl, { ...options, client: endpoint.client });
  const revokeTokenField = optionalEnum(OWNER, "revokeTokenField", options.revokeTokenField, ["token", "access_token"] as const) ?? "token";
  const basicEncoding = optionalEnum(OWNER, "basicEncoding", options.basicEncoding, ["rfc6749", "raw"] as const) ?? "rfc6749";
  const defaultLifetimeSeconds = optionalNumber(OWNER, "defaultLifetimeSeconds", options.defaultLifetimeSeconds, { min: 1 }) ?? 3600;
  const authorization = basicAuthorization(clientId, clientSecret, { encode: basicEncoding === "rfc6749" });
  endpoint.http.secrets.add(password, clientSecret, clientSecret ? authorization.slice("Basic ".length) : undefined);

  /** The fields go where `credentialsIn` says; the client id always as Basic. */
  const place = (fields: Record<string, string>) => {
    const form = new URLSearchParams();
    const headers: Record<string, string> = { authorization };
    for (const [name, value] of Object.entries(fields)) {
      if (credentialsIn !== "headers") form.set(name, value);
      if (credentialsIn !== "body") headers[name] = value;
    }
    return { form, headers };
  };
  const send = (operation: string, fields: Record<string, string>, signal: AbortSignal | undefined) => {
    const { form, headers } = place(fields);
    return endpoint.requestToken(operation, form, headers, signal, defaultLifetimeSeconds);
  };
  const login = (signal: AbortSignal | undefined) =>
    send(
      "password token request",
      { grant_type: "password", username, password, ...(scopes?.length ? { scope: scopes.join(" ") } : {}) },
      signal,
    );

  return {
    grant: "password",
    cacheKey: cacheKeyOf({ tokenUrl: endpoint.url, clientId, scopes, user: username }),
    async getToken({ signal, previous }: GetTokenOptions = {}) {
      const refreshToken = previous?.refreshToken;
      if (!refreshToken) return login(signal);
      try {
        const token = await send("refresh_token request", { grant_type: "refresh_token", refresh_token: refreshToken }, signal);
        // A server that rotates refresh tokens returns a new one; one that does not keeps the old valid.
        return token.refreshToken ? token : new AccessToken({ ...token.toRecord(), refreshToken });
      } catch (error) {
        // A refresh token that was revoked or expired: the password still works.
        if (error instanceof OAuthError && (error.error === "invalid_grant" || error.status === 400 || error.status === 401))
          return login(signal);
        throw error;
      }
    },
    async revoke(token: AccessToken, { signal }: { signal?: AbortSignal } = {}) {
      if (!revoker) throw new ConfigError("revokeUrl", `${OWNER}: cannot revoke a token without option "revokeUrl"`);
      const { form, headers } = place(
        revokeTokenField === "token" ? { token: token.value, token_type_hint: "access_token" } : { access_token: token.value },
      );
      await revoker.revoke(form, headers, signal);
    },
  };
}
