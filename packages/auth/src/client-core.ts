import { ConfigError } from "./errors.ts";
import { HttpCore, type HttpOptions, type Step } from "./http/core.ts";
import { clientRequest } from "./http/light-request.ts";
import { apiKey, apiKeyValues, type ApiKeyOptions } from "./steps/api-key.ts";
import { headers, type HeadersOptions } from "./steps/headers.ts";
import { logging } from "./steps/logging.ts";
import { assembleSteps, BUILT_IN_STEPS, type StepsOptions } from "./steps/pipeline.ts";
import { retry, retryPolicy, type RetryOptions } from "./steps/retry.ts";
import { rateLimit, rateLimitOptionsOf, type RateLimitOptions } from "./rate-limit/step.ts";
import type { SecretRegistry } from "./secrets.ts";
import type { TokenStore } from "./stores/token-store.ts";
import { tokenSteps } from "./token-endpoint.ts";
import type { TokenCache } from "./token-cache.ts";
import type { AuthStrategy } from "./auth.ts";

/**
 * openapi-fetch's own client-level options, which the REST clients pass to it as they are:
 * headers on every call, the serializers, and `requestInitExt` (options for the fetch underneath,
 * such as Next.js's `next`). The credentials and vendor headers go on the wire over these.
 */
export interface RestClientOptions {
  headers?: HeadersInit | Record<string, string | number | boolean | (string | number | boolean)[] | null | undefined>;
  querySerializer?:
    | ((query: Record<string, unknown>) => string)
    | {
        array?: { style: "form" | "spaceDelimited" | "pipeDelimited"; explode: boolean };
        object?: { style: "form" | "deepObject"; explode: boolean };
        allowReserved?: boolean;
      };
  bodySerializer?: (body: any, headers?: Headers | Record<string, string>) => any;
  pathSerializer?: (pathname: string, pathParams: Record<string, unknown>) => string;
  requestInitExt?: Record<string, unknown>;
}
const REST_OPTIONS = {
  headers: "an object",
  querySerializer: "a function or object",
  bodySerializer: "a function",
  pathSerializer: "a function",
  requestInitExt: "an object",
} as const;

/** The options every vendor client takes besides its credentials. */
export interface CommonClientOptions extends HttpOptions, RestClientOptions {
  /** Where tokens are kept: memory by default; a file store for command-line programs, Redis for many processes. */
  store?: TokenStore;
  /** Retries of throttled and failed calls (and the backoff of token requests), or false for none. */
  retry?: RetryOptions | false;
  /**
   * Rate limits: on by default with the vendor's documented limits. Options given here replace
   * the vendor's one by one (`{ limiter: redisRateLimiter(…) }` shares them across processes,
   * `{ onRateLimit }` shows waits); false turns the step off, for API and token requests alike.
   */
  rateLimit?: Partial<RateLimitOptions> | false;
  /**
   * Your own steps (tracing, metrics, a signer) added by phase or next to a named step, and
   * built-in steps replaced or removed by name: `{ add: [{ name, step, after: "retry" }], remove: ["logging"] }`.
   * The names are in STEP_ORDER; added steps go to API calls unless they list `pipelines: ["api", "token"]`.
   */
  steps?: StepsOptions;
}

/** What a vendor's client is built from: its facts, and the options the user gave. */
export interface ClientRecipe {
  /** The factory's name, for messages: "createIngramMicroClient". */
  owner: string;
  options: CommonClientOptions;
  /** The API's base URL (checked: https unless loopback or allowed by name; no user info). */
  baseUrl: unknown;
  /** How the client authenticates (`oauth(grant, options)`), built once on the client's own core and token pipeline. */
  auth?: AuthStrategy;
  /** An API or subscription key on every call. */
  apiKey?: ApiKeyOptions;
  /** The vendor's own headers: tenant, customer number, a fresh correlation id per call. */
  headers?: HeadersOptions;
  /** Requests the retry step may repeat after a 5xx or a broken connection although sent as POST (Nexar: GraphQL queries, not mutations). */
  safeToRepeat?: (request: Request) => boolean;
  /** The vendor's quirks, run innermost (Nexar: GraphQL auth errors read as 401s). */
  vendorSteps?: readonly Step[];
  /** The vendor's documented limits for API calls (the user's `rateLimit` option adjusts or turns them off). */
  rateLimit?: RateLimitOptions;
  /** The vendor's documented limits for token requests (Nexar's token quota); the user's limiter and hook apply too. */
  tokenRateLimit?: RateLimitOptions;
}

/** What every vendor client adds to its generated API: its tokens, its authenticated fetch, where it points. */
export interface AuthenticatedClient {
  /** The token cache: `tokens.getToken()`, `tokens.invalidate()`. */
  readonly tokens: TokenCache;
  /** The authenticated fetch itself, for calls outside the definition (to the base URL's origin only). */
  readonly fetch: typeof globalThis.fetch;
  readonly baseUrl: string;
}

export interface ClientCore extends AuthenticatedClient {
  readonly http: HttpCore;
  /**
   * What openapi-fetch's `createClient` takes: the base URL, this fetch, the user's own
   * openapi-fetch options, and `clientRequest`: platform Requests wherever user code may see
   * them (middleware, a per-call fetch), so it gets what it would get from openapi-fetch alone.
   */
  readonly clientOptions: { baseUrl: string; fetch: typeof globalThis.fetch; Request: typeof Request } & RestClientOptions;
  /** Every secret of this client (credentials and issued tokens), for scrubbing text that leaves it. */
  readonly secrets: SecretRegistry;
  /** The same client (its core, auth, tokens and steps) at another base URL, the only origin its fetch then sends credentials to. */
  at(baseUrl: string): this;
}

/** The core of a client without OAuth (an API key alone): no token cache. */
export type KeyOnlyClientCore = Omit<ClientCore, "tokens"> & { readonly tokens?: undefined };

/** The built-in steps' names, outermost first (see BUILT_IN_STEPS for why this order). */
export const STEP_ORDER = BUILT_IN_STEPS.map((step) => step.name);

/**
 * Builds what a vendor client stands on: one core (every option checked here, once), the token
 * cache on it, and the pipeline assembled in STEP_ORDER. Token requests and API calls share the
 * core: the same transport, deadline, retry policy, logger and secret registry.
 */
export function createClientCore(recipe: ClientRecipe & { auth: AuthStrategy }): ClientCore;
export function createClientCore(recipe: ClientRecipe & { auth?: undefined; apiKey: ApiKeyOptions }): KeyOnlyClientCore;
export function createClientCore(recipe: ClientRecipe): ClientCore | KeyOnlyClientCore {
  const { owner } = recipe;
  // Checked by the vendor's factory (checkOptions): names, then values below and in the core.
  const options = recipe.options;
  const http = new HttpCore(options, owner);
  const store = options.store;
  if (
    store !== undefined &&
    !(store && ["get", "set", "delete"].every((method) => typeof (store as unknown as Record<string, unknown>)[method] === "function"))
  )
    throw new ConfigError(
      "store",
      `${owner}: option "store" must be a token store (get, set and delete), such as fileTokenStore() or redisTokenStore()`,
    );
  // Checked before anything is built on it, so that its error is the first one.
  const baseUrl = http.url(owner, "baseUrl", recipe.baseUrl);
  const policy = options.retry === false ? undefined : retryPolicy(options.retry ?? {});
  // A vendor without a documented budget still pauses on what its servers say (and honours the user's limiter).
  const apiLimits = rateLimitOptionsOf(recipe.rateLimit ?? { limits: [] }, options.rateLimit);
  // Token requests keep the vendor's token quota; only the user's shared limiter, hook and off switch reach them.
  const { limiter, onRateLimit } = options.rateLimit || {};
  const tokenLimits =
    recipe.tokenRateLimit && options.rateLimit !== false
      ? { ...recipe.tokenRateLimit, ...(limiter ? { limiter } : {}), ...(onRateLimit ? { onRateLimit } : {}) }
      : undefined;
  const auth = recipe.auth?.build({
    http,
    steps: assembleSteps(
      "token",
      tokenSteps(owner, {
        ...(options.retry !== undefined ? { retry: options.retry } : {}),
        ...(tokenLimits ? { rateLimit: tokenLimits } : {}),
      }),
      options.steps,
      owner,
    ),
    store,
  });
  if (!auth && !recipe.apiKey) throw new ConfigError("auth", `${owner}: a client needs an auth strategy or an API key`);
  if (recipe.apiKey) http.secrets.add(...apiKeyValues(recipe.apiKey));
  const secretParams = recipe.apiKey?.in === "query" ? [recipe.apiKey.name] : [];

  const steps = assembleSteps(
    "api",
    {
      headers: recipe.headers && headers(recipe.headers),
      bearer: auth?.step,
      retry: policy && retry(policy, recipe.safeToRepeat),
      rateLimit: apiLimits ? rateLimit({ secretParams, ...apiLimits }) : undefined,
      apiKey: recipe.apiKey && apiKey(recipe.apiKey),
      logging: http.logger.debug ? logging({ secretParams }) : undefined,
      vendor: recipe.vendorSteps,
    },
    options.steps,
    owner,
  );
  const rest: RestClientOptions = {};
  for (const [name, kind] of Object.entries(REST_OPTIONS)) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (!(kind.includes(typeof value) && value !== null))
      throw new ConfigError(name, `${owner}: option "${name}" must be ${kind}, as openapi-fetch takes it`);
    (rest as Record<string, unknown>)[name] = value;
  }
  const at = (url: unknown): ClientCore => {
    const baseUrl = http.url(owner, "baseUrl", url).href.replace(/\/+$/, "");
    const fetch = http.fetch({ steps, origins: [baseUrl] });
    return {
      http,
      secrets: http.secrets,
      ...(auth ? { tokens: auth.tokens } : {}),
      fetch,
      baseUrl,
      clientOptions: { ...rest, baseUrl, fetch, Request: clientRequest as unknown as typeof Request },
      at: at as ClientCore["at"],
    } as ClientCore;
  };
  return at(baseUrl);
}
