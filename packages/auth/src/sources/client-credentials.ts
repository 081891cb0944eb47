import { ConfigError, OAuthError } from "../errors.ts";
import { optionalEnum, optionalHeaders, optionalNumber, optionalStringList, requireString, requireUrl } from "../options.ts";
import { basicAuthorization, requestToken, type EndpointOptions } from "../token-endpoint.ts";
import { cacheKeyOf, type GetTokenOptions, type TokenSource } from "../token-source.ts";
import type { AccessToken } from "../token.ts";

export interface ClientCredentialsOptions extends EndpointOptions {
  tokenUrl: string | URL;
  clientId: string;
  /**
   * The client secret, or several during a rotation (Avnet allows two at once): they are tried
   * in order, moving on only when the server answers `invalid_client`, and the one that worked is kept.
   */
  clientSecret: string | readonly string[];
  scopes?: readonly string[] | string;
  /** Where the client credentials go: the form body (default; what all five vendors use) or HTTP Basic. */
  clientAuthentication?: "body" | "basic";
  /** Extra headers on the token request, e.g. Avionté's `x-api-key`. */
  headers?: Record<string, string>;
  /** Extra form fields on the token request, e.g. `resource` or `audience`. */
  extraParams?: Record<string, string>;
  /** Lifetime assumed when the response carries no usable `expires_in` (default 3600 s). */
  defaultLifetimeSeconds?: number;
}

const OWNER = "clientCredentials";

/** OAuth 2.0 client credentials grant (RFC 6749 §4.4). */
export function clientCredentials(options: ClientCredentialsOptions): TokenSource {
  const tokenUrl = requireUrl(OWNER, "tokenUrl", options?.tokenUrl);
  const clientId = requireString(OWNER, "clientId", options.clientId);
  const secrets = typeof options.clientSecret === "string" ? [options.clientSecret] : options.clientSecret;
  if (!Array.isArray(secrets) || secrets.length === 0) throw new ConfigError("clientSecret", `${OWNER}: option "clientSecret" must be a non-empty string or a list of them`);
  secrets.forEach((secret, i) => requireString(OWNER, secrets.length > 1 ? `clientSecret[${i}]` : "clientSecret", secret, { secret: true }));
  const scopes = optionalStringList(OWNER, "scopes", options.scopes);
  const clientAuthentication = optionalEnum(OWNER, "clientAuthentication", options.clientAuthentication, ["body", "basic"] as const) ?? "body";
  const headers = optionalHeaders(OWNER, "headers", options.headers) ?? {};
  const extraParams = optionalHeaders(OWNER, "extraParams", options.extraParams) ?? {};
  const defaultLifetimeSeconds = optionalNumber(OWNER, "defaultLifetimeSeconds", options.defaultLifetimeSeconds, { min: 1 }) ?? 3600;
  optionalNumber(OWNER, "timeoutMs", options.timeoutMs, { min: 1 });
  const headerSecrets = Object.values(headers);
  let current = 0;

  const attempt = (secret: string, signal: AbortSignal | undefined) => {
    const form = new URLSearchParams({ grant_type: "client_credentials", ...extraParams });
    if (scopes?.length) form.set("scope", scopes.join(" "));
    const requestHeaders = { ...headers };
    if (clientAuthentication === "basic") requestHeaders.authorization = basicAuthorization(clientId, secret);
    else {
      form.set("client_id", clientId);
      form.set("client_secret", secret);
    }
    return requestToken({
      operation: "client_credentials token request",
      url: tokenUrl,
      headers: requestHeaders,
      form,
      secrets: [...secrets, ...headerSecrets],
      signal,
      options,
      defaultLifetimeSeconds,
    });
  };

  return {
    grant: "client_credentials",
    cacheKey: cacheKeyOf({ tokenUrl, clientId, scopes }),
    async getToken({ signal }: GetTokenOptions = {}): Promise<AccessToken> {
      for (let tried = 0; ; tried++) {
        try {
          return await attempt(secrets[current]!, signal);
        } catch (error) {
          // A rejected secret during a rotation: the next one may be the new one.
          if (error instanceof OAuthError && error.error === "invalid_client" && tried + 1 < secrets.length) {
            current = (current + 1) % secrets.length;
            continue;
          }
          throw error;
        }
      }
    },
  };
}
