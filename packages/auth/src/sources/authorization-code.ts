import { ConfigError, OAuthError } from "../errors.ts";
import {
  optionalFunction,
  optionalHeaders,
  optionalNumber,
  optionalString,
  optionalStringList,
  requireString,
  requireUrl,
  checkOptions,
  AUTHORIZATION_CODE_OPTIONS,
} from "../options.ts";
import { basicAuthorization, OAuthEndpoint, type EndpointOptions } from "../token-endpoint.ts";
import { cacheKeyOf, type GetTokenOptions, type TokenSource } from "../token-source.ts";
import { AccessToken } from "../token.ts";

export interface AuthorizationCodeOptions extends EndpointOptions {
  authorizeUrl: string | URL;
  tokenUrl: string | URL;
  clientId: string;
  /** Confidential clients only; public clients (command-line programs) rely on PKCE alone. */
  clientSecret?: string;
  /** Must match one registered with the vendor, e.g. `http://localhost:3000/login`. */
  redirectUri?: string | URL;
  scopes?: readonly string[] | string;
  /** Extra query parameters on the authorize URL (prompt, audience…). */
  authorizeParams?: Record<string, string>;
  revokeUrl?: string | URL;
  defaultLifetimeSeconds?: number;
  /**
   * Called when there is no token to refresh: run the interactive login here (for example
   * `loopbackLogin` from `@vendor-clients/auth/node`) and return its token.
   */
  login?: (source: AuthorizationCodeSource, options: { signal?: AbortSignal }) => Promise<AccessToken>;
}

export interface AuthorizationRequest {
  /** Send the user's browser here. */
  url: URL;
  /** Compare with the `state` the redirect brings back. */
  state: string;
  /** Keep for the code exchange; never leaves this process before it. */
  codeVerifier: string;
  redirectUri: string;
}

export interface AuthorizationCodeSource extends TokenSource {
  /** A fresh authorize URL with `state` and an S256 code challenge (RFC 7636). */
  createAuthorizationRequest(options?: { redirectUri?: string | URL; state?: string }): Promise<AuthorizationRequest>;
  /** Exchanges the code the redirect brought for a token. */
  exchangeCode(params: { code: string; codeVerifier: string; redirectUri: string; signal?: AbortSignal }): Promise<AccessToken>;
}

const OWNER = "authorizationCode";

/** OAuth 2.0 authorization code grant with PKCE S256 (RFC 6749 §4.1, RFC 7636) and refresh. */
export function authorizationCode(options: AuthorizationCodeOptions): AuthorizationCodeSource {
  checkOptions(OWNER, options, AUTHORIZATION_CODE_OPTIONS);
  const endpoint = new OAuthEndpoint(OWNER, "tokenUrl", options.tokenUrl, options);
  const tokenUrl = endpoint.url;
  // The authorize URL is opened by the user's browser, never fetched here: only its form is checked.
  const authorizeUrl = endpoint.http.url(OWNER, "authorizeUrl", options.authorizeUrl);
  const clientId = requireString(OWNER, "clientId", options.clientId);
  const clientSecret = optionalString(OWNER, "clientSecret", options.clientSecret, { secret: true });
  const defaultRedirect = options.redirectUri === undefined ? undefined : requireUrl(OWNER, "redirectUri", options.redirectUri).href;
  const scopes = optionalStringList(OWNER, "scopes", options.scopes);
  const authorizeParams = optionalHeaders(OWNER, "authorizeParams", options.authorizeParams) ?? {};
  const revoker =
    options.revokeUrl === undefined
      ? undefined
      : new OAuthEndpoint(OWNER, "revokeUrl", options.revokeUrl, { ...options, client: endpoint.client });
  const defaultLifetimeSeconds = optionalNumber(OWNER, "defaultLifetimeSeconds", options.defaultLifetimeSeconds, { min: 1 }) ?? 3600;
  optionalFunction(OWNER, "login", options.login);

  const basic = clientSecret ? basicAuthorization(clientId, clientSecret) : undefined;
  endpoint.http.secrets.add(clientSecret, basic?.slice("Basic ".length));
  // Public clients identify themselves in the body; confidential ones authenticate with Basic.
  const clientAuth = (form: URLSearchParams, headers: Record<string, string>) => {
    if (basic) headers.authorization = basic;
    else form.set("client_id", clientId);
  };

  const source: AuthorizationCodeSource = {
    grant: "authorization_code",
    cacheKey: cacheKeyOf({ tokenUrl, clientId, scopes }),

    async createAuthorizationRequest({ redirectUri, state } = {}) {
      const redirect = redirectUri === undefined ? defaultRedirect : requireUrl(OWNER, "redirectUri", redirectUri).href;
      if (!redirect) throw new ConfigError("redirectUri", `${OWNER}: option "redirectUri" is required to build an authorize URL`);
      // PKCE and state (oauth4webapi) load with the first login: a program that holds this grant
      // but finds its token stored or refreshable (or a client-credentials Nexar client) never loads them.
      const { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } = await import("./pkce.ts");
      const codeVerifier = generateRandomCodeVerifier();
      const chosenState = state ?? generateRandomState();
      const url = new URL(authorizeUrl);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", clientId);
      url.searchParams.set("redirect_uri", redirect);
      if (scopes?.length) url.searchParams.set("scope", scopes.join(" "));
      url.searchParams.set("state", chosenState);
      url.searchParams.set("code_challenge", await calculatePKCECodeChallenge(codeVerifier));
      url.searchParams.set("code_challenge_method", "S256");
      for (const [name, value] of Object.entries(authorizeParams)) url.searchParams.set(name, value);
      return { url, state: chosenState, codeVerifier, redirectUri: redirect };
    },

    async exchangeCode({ code, codeVerifier, redirectUri, signal }) {
      const form = new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: redirectUri });
      const headers: Record<string, string> = {};
      clientAuth(form, headers);
      endpoint.http.secrets.addIssued(code, codeVerifier);
      return endpoint.requestToken("authorization_code token request", form, headers, signal, defaultLifetimeSeconds);
    },

    async getToken({ signal, previous }: GetTokenOptions = {}) {
      const refreshToken = previous?.refreshToken;
      if (refreshToken) {
        const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken });
        const headers: Record<string, string> = {};
        clientAuth(form, headers);
        try {
          const token = await endpoint.requestToken("refresh_token request", form, headers, signal, defaultLifetimeSeconds);
          return token.refreshToken ? token : new AccessToken({ ...token.toRecord(), refreshToken });
        } catch (error) {
          if (!(error instanceof OAuthError && error.error === "invalid_grant") || !options.login) throw error;
        }
      }
      if (!options.login)
        throw new OAuthError(
          `${OWNER}: no token to refresh and no "login" option: log in first (for example with loopbackLogin from @vendor-clients/auth/node), ${scopes?.includes("offline_access") ? "" : 'ask for scope "offline_access" to get a refresh token, '}and keep tokens in a file store`,
          { operation: "authorization_code", endpoint: tokenUrl.href },
        );
      return options.login(source, signal ? { signal } : {});
    },

    async revoke(token: AccessToken, { signal }: { signal?: AbortSignal } = {}) {
      if (!revoker) throw new ConfigError("revokeUrl", `${OWNER}: cannot revoke a token without option "revokeUrl"`);
      const form = new URLSearchParams({
        token: token.refreshToken ?? token.value,
        token_type_hint: token.refreshToken ? "refresh_token" : "access_token",
      });
      const headers: Record<string, string> = {};
      clientAuth(form, headers);
      await revoker.revoke(form, headers, signal);
    },
  };
  return source;
}
