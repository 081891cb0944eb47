import type { Step } from "./http/core.ts";
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
