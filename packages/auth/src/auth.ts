import type { Step } from "./http/core.ts";
import { optionalFunction, TOKEN_AUTH_OPTIONS } from "./options.ts";
import { staticSource, type StaticTokenOptions } from "./sources/static-token.ts";
import { bearer } from "./steps/bearer.ts";
import type { TokenStore } from "./stores/token-store.ts";
import { TokenCache, type TokenCacheOptions } from "./token-cache.ts";
import type { EndpointOptions, TokenClient } from "./token-endpoint.ts";
import type { TokenSource } from "./token-source.ts";

/** What an auth strategy is built on: the client's own core and token pipeline, and where its tokens are kept. */
export interface AuthClient extends TokenClient {
  readonly store?: TokenStore | undefined;
}

/**
 * What a client authenticates with, built once per client: the token source with its cache,
 * and the step that puts the token on each call (as octokit's `auth` and `hook`).
 */
export interface Auth {
  readonly tokens: TokenCache;
  readonly step: Step;
}

/** One way to authenticate, the same shape for every grant (as octokit's `createXAuth`): built with the client it serves. */
export interface AuthStrategy {
  build(client: AuthClient): Auth;
}

/** Options of a grant, less how it reaches its endpoint (the client gives that). */
export type GrantOptions<Options> = Omit<Options, keyof EndpointOptions>;

/**
 * OAuth 2.0 by one grant (clientCredentials, passwordGrant, authorizationCode): its token
 * requests go through the client's own token pipeline, its tokens through one cache (with the
 * client's store, logger and secret registry), and the bearer step sends them (`skip`: requests
 * that need none).
 */
export function oauth<Options extends EndpointOptions>(
  grant: (options: Options) => TokenSource,
  options: GrantOptions<Options>,
  settings: { cache?: Pick<TokenCacheOptions, "maxLifetimeMs" | "refreshMarginMs" | "key">; skip?: (request: Request) => boolean } = {},
): AuthStrategy {
  return {
    build({ http, steps, store }) {
      const tokens = new TokenCache(grant({ ...options, client: { http, steps } } as Options), {
        ...settings.cache,
        ...(store ? { store } : {}),
        logger: http.logger,
        secrets: http.secrets,
      });
      return { tokens, step: bearer(tokens, settings.skip ? { skip: settings.skip } : {}) };
    },
  };
}

/** A token the user brings (and when it expires, if known), and the requests that go without it. */
export interface TokenAuthOptions extends StaticTokenOptions {
  /** Requests that need no token. */
  skip?: (request: Request) => boolean;
}

/**
 * A token the user brings (a personal access token from the vendor's portal), sent as
 * `Authorization: Bearer <token>`. It cannot be renewed, so a 401 is the API's answer, returned
 * as it is, with no second try. The token is one of the client's secrets from the start, before
 * any call. It stays in memory: the client's store (a file, Redis) is not given a copy, since
 * another process cannot renew it either and has it from where this one did.
 */
export function tokenAuth(options: TokenAuthOptions): AuthStrategy {
  // Checked now, where the client is made: a bad token fails the factory, not the first call.
  const source = staticSource("tokenAuth", options, TOKEN_AUTH_OPTIONS);
  const { token, skip } = options;
  optionalFunction("tokenAuth", "skip", skip);
  return {
    build({ http }) {
      http.secrets.add(token);
      const tokens = new TokenCache(source, { logger: http.logger, secrets: http.secrets });
      return { tokens, step: bearer(tokens, skip ? { skip } : {}) };
    },
  };
}
