import { ConfigError, OAuthError } from "../errors.ts";
import {
  optionalEnum,
  optionalHeaders,
  optionalNumber,
  optionalStringList,
  requireHeaderValue,
  requireString,
  checkOptions,
  CLIENT_CREDENTIALS_OPTIONS,
} from "../options.ts";
import { basicAuthorization, OAuthEndpoint, type EndpointOptions } from "../token-endpoint.ts";
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
  /**
   * Where the client credentials go: the form body (default; what Ingram Micro, Avnet, Avionté and
   * Nexar use) or HTTP Basic (as DSI sends its Client ID: ../shared/facts/dsi.md).
   */
  clientAuthentication?: "body" | "basic";
  /** Extra headers on the token request, e.g. Avionté's `x-api-key` (treated as secrets). */
  headers?: Record<string, string>;
  /** Extra form fields on the token request, e.g. `resource` or `audience`. */
  extraParams?: Record<string, string>;
  /** Lifetime assumed when the response carries no usable `expires_in` (default 3600 s). */
  defaultLifetimeSeconds?: number;
}

const OWNER = "clientCredentials";

/** OAuth 2.0 client credentials grant (RFC 6749 §4.4). */
export function clientCredentials(options: ClientCredentialsOptions): TokenSource {
  checkOptions(OWNER, options, CLIENT_CREDENTIALS_OPTIONS);
  const endpoint = new OAuthEndpoint(OWNER, "tokenUrl", options.tokenUrl, options);
  const clientId = requireString(OWNER, "clientId", options.clientId);
  const secrets = typeof options.clientSecret === "string" ? [options.clientSecret] : options.clientSecret;
  if (!Array.isArray(secrets) || secrets.length === 0)
    throw new ConfigError("clientSecret", `${OWNER}: option "clientSecret" must be a non-empty string or a list of them`);
  for (const [i, secret] of secrets.entries())
    requireString(OWNER, secrets.length > 1 ? `clientSecret[${i}]` : "clientSecret", secret, { secret: true });
  const scopes = optionalStringList(OWNER, "scopes", options.scopes);
  const clientAuthentication =
    optionalEnum(OWNER, "clientAuthentication", options.clientAuthentication, ["body", "basic"] as const) ?? "body";
  const headers = optionalHeaders(OWNER, "headers", options.headers) ?? {};
  for (const [name, value] of Object.entries(headers)) requireHeaderValue(OWNER, `headers.${name}`, value, { secret: true });
  const extraParams = optionalHeaders(OWNER, "extraParams", options.extraParams) ?? {};
  const defaultLifetimeSeconds = optionalNumber(OWNER, "defaultLifetimeSeconds", options.defaultLifetimeSeconds, { min: 1 }) ?? 3600;
  const basic = clientAuthentication === "basic" ? secrets.map((secret) => basicAuthorization(clientId, secret)) : [];
  endpoint.http.secrets.add(...secrets, ...Object.values(headers), ...basic.map((value) => value.slice("Basic ".length)));
  let current = 0;

  const attempt = (index: number, signal: AbortSignal | undefined) => {
    const form = new URLSearchParams({ grant_type: "client_credentials", ...extraParams });
    if (scopes?.length) form.set("scope", scopes.join(" "));
    const requestHeaders = { ...headers };
    if (clientAuthentication === "basic") requestHeaders.authorization = basic[index]!;
    else {
      form.set("client_id", clientId);
      form.set("client_secret", secrets[index]!);
    }
    return endpoint.requestToken("client_credentials token request", form, requestHeaders, signal, defaultLifetimeSeconds);
  };

  return {
    grant: "client_credentials",
    cacheKey: cacheKeyOf({ tokenUrl: endpoint.url, clientId, scopes }),
    async getToken({ signal }: GetTokenOptions = {}): Promise<AccessToken> {
      for (let tried = 0; ; tried++) {
        try {
          return await attempt(current, signal);
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
