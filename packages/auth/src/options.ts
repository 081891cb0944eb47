import type { TokenAuthOptions } from "./auth.ts";
import type { CommonClientOptions } from "./client-core.ts";
import { ConfigError } from "./errors.ts";
import type { HttpOptions } from "./http/core.ts";
import type { LoopbackLoginOptions } from "./loopback-login.ts";
import type { ApiKeyOptions } from "./steps/api-key.ts";
import type { HeadersOptions } from "./steps/headers.ts";
import type { CreateFetchOptions } from "./steps/pipeline.ts";
import type { RetryOptions } from "./steps/retry.ts";
import type { MemoryRateLimiterOptions } from "./rate-limit/limiter.ts";
import type { RateLimitOptions } from "./rate-limit/step.ts";
import type { AuthorizationCodeOptions } from "./sources/authorization-code.ts";
import type { ClientCredentialsOptions } from "./sources/client-credentials.ts";
import type { PasswordGrantOptions } from "./sources/password.ts";
import type { StaticTokenOptions } from "./sources/static-token.ts";
import type { FileTokenStoreOptions } from "./stores/file-store.ts";
import type { TokenCacheOptions } from "./token-cache.ts";
import type { EndpointOptions } from "./token-endpoint.ts";

/**
 * The names an options object takes: `true` for a value checked where it is used, or the names of
 * a nested options object (`retry`, `rateLimit`) whose own names are checked the same way.
 */
export type OptionNames = { readonly [name: string]: true | OptionNames };

/** `Given` with every name `Shape` lacks typed `never`. */
type NoOtherNames<Shape, Given> = Given & { [K in Exclude<keyof Given, keyof Shape>]: never };

/**
 * The options a caller gives, held to `Shape` exactly: a name the options do not have (a
 * misspelling, a `clientSecrt` beside `clientSecret`) is a type error, in an object literal as in
 * a variable, and so it is inside the nested `retry` and `rateLimit` options.
 */
export type ExactOptions<Shape, Given> = NoOtherNames<Shape, Given> & {
  [K in keyof Given as K extends keyof Shape & ("retry" | "rateLimit") ? K : never]: Given[K] extends object
    ? NoOtherNames<Extract<NonNullable<Shape[K & keyof Shape]>, object>, Given[K]>
    : Given[K];
};

/** A vendor client's factory: it takes the vendor's options, exactly (see ExactOptions). */
export type VendorFactory<Options, Client> = <Given extends Options>(options: ExactOptions<Options, Given>) => Client;

/** Every name of `Options`, no more and no fewer: the type checker keeps each list below equal to its interface. */
type NamesOf<Options> = { readonly [K in keyof Required<Options>]: true | OptionNames };

export const RETRY_OPTIONS = {
  retries: true,
  statuses: true,
  methods: true,
  baseDelayMs: true,
  maxDelayMs: true,
  maxRetryAfterMs: true,
  onRetry: true,
} as const satisfies NamesOf<RetryOptions>;

export const RATE_LIMIT_OPTIONS = {
  limits: true,
  key: true,
  scope: true,
  methods: true,
  limiter: true,
  marginMs: true,
  burst: true,
  maxWaitMs: true,
  defaultPauseMs: true,
  maxPauseMs: true,
  resetReading: true,
  onRateLimit: true,
  secretParams: true,
} as const satisfies NamesOf<RateLimitOptions>;

const HTTP_OPTIONS = {
  fetch: true,
  transport: true,
  timeoutMs: true,
  maxResponseBytes: true,
  maxRedirects: true,
  responseBody: true,
  allowInsecureRequests: true,
  logger: true,
} as const satisfies NamesOf<HttpOptions>;

// Each list below is its own value, joined to the ones it extends by a call marked pure, so a
// bundle keeps only the lists of what it uses (a client-credentials client has no password grant's).

/**
 * What every vendor client takes besides its vendor's own options. `steps` (add, replace or
 * remove pipeline steps by name) is checked by the pipeline that reads it.
 */
export const CLIENT_OPTIONS: OptionNames = /* @__PURE__ */ Object.assign(
  {
    headers: true,
    querySerializer: true,
    bodySerializer: true,
    pathSerializer: true,
    requestInitExt: true,
    store: true,
    retry: RETRY_OPTIONS,
    rateLimit: RATE_LIMIT_OPTIONS,
    steps: true,
  } satisfies NamesOf<Omit<CommonClientOptions, keyof HttpOptions>> & { steps: true },
  HTTP_OPTIONS,
);

const ENDPOINT_OPTIONS: OptionNames = /* @__PURE__ */ Object.assign(
  { client: true, retries: true, retry: RETRY_OPTIONS, rateLimit: RATE_LIMIT_OPTIONS, steps: true } satisfies NamesOf<
    Omit<EndpointOptions, keyof HttpOptions>
  >,
  HTTP_OPTIONS,
);

/** What every OAuth grant takes, whichever it is. */
const GRANT_OPTIONS = { tokenUrl: true, clientId: true, clientSecret: true, scopes: true, defaultLifetimeSeconds: true } as const;

export const CLIENT_CREDENTIALS_OPTIONS: OptionNames = /* @__PURE__ */ Object.assign(
  {
    ...GRANT_OPTIONS,
    clientAuthentication: true,
    headers: true,
    extraParams: true,
  } satisfies NamesOf<Omit<ClientCredentialsOptions, keyof EndpointOptions>>,
  ENDPOINT_OPTIONS,
);

export const PASSWORD_GRANT_OPTIONS: OptionNames = /* @__PURE__ */ Object.assign(
  {
    ...GRANT_OPTIONS,
    basicEncoding: true,
    username: true,
    password: true,
    credentialsIn: true,
    revokeUrl: true,
    revokeTokenField: true,
  } satisfies NamesOf<Omit<PasswordGrantOptions, keyof EndpointOptions>>,
  ENDPOINT_OPTIONS,
);

export const AUTHORIZATION_CODE_OPTIONS: OptionNames = /* @__PURE__ */ Object.assign(
  {
    ...GRANT_OPTIONS,
    authorizeUrl: true,
    redirectUri: true,
    authorizeParams: true,
    revokeUrl: true,
    login: true,
  } satisfies NamesOf<Omit<AuthorizationCodeOptions, keyof EndpointOptions>>,
  ENDPOINT_OPTIONS,
);

export const CREATE_FETCH_OPTIONS: OptionNames = /* @__PURE__ */ Object.assign(
  { origins: true } satisfies NamesOf<Omit<CreateFetchOptions, keyof HttpOptions>>,
  HTTP_OPTIONS,
);

export const STATIC_TOKEN_OPTIONS = { token: true, expiresAt: true } as const satisfies NamesOf<StaticTokenOptions>;
// Spelt out, not spread from the above: a spread at module level is kept by bundlers that never call tokenAuth.
export const TOKEN_AUTH_OPTIONS = { token: true, expiresAt: true, skip: true } as const satisfies NamesOf<TokenAuthOptions>;
export const TOKEN_CACHE_OPTIONS = {
  store: true,
  key: true,
  refreshMarginMs: true,
  maxLifetimeMs: true,
  lockWaitMs: true,
  refreshTimeoutMs: true,
  logger: true,
  secrets: true,
} as const satisfies NamesOf<TokenCacheOptions>;
export const API_KEY_OPTIONS = {
  name: true,
  in: true,
  keys: true,
  isKeyRejected: true,
  option: true,
} as const satisfies NamesOf<ApiKeyOptions>;
export const HEADERS_OPTIONS = { static: true, perRequest: true } as const satisfies NamesOf<HeadersOptions>;
export const MEMORY_RATE_LIMITER_OPTIONS = { now: true } as const satisfies NamesOf<MemoryRateLimiterOptions>;
export const FILE_TOKEN_STORE_OPTIONS = { path: true, logger: true, encryptionKey: true } as const satisfies NamesOf<FileTokenStoreOptions>;
export const LOOPBACK_LOGIN_OPTIONS = {
  open: true,
  port: true,
  path: true,
  hostname: true,
  timeoutMs: true,
  signal: true,
} as const satisfies NamesOf<LoopbackLoginOptions>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours), case ignored: timeOutMs is 0 from timeoutMs. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/**
 * The known name nearest to `name`, if one is near enough to be what was meant: a third of its
 * letters (at least 2) differ, or one name holds the other (`maxRetries` for `retries`).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  const lower = name.toLowerCase();
  for (const candidate of known) {
    const d = distance(name, candidate);
    const other = candidate.toLowerCase();
    const holds = Math.min(lower.length, other.length) >= 4 && (lower.includes(other) || other.includes(lower));
    if ((d <= Math.max(2, Math.floor(candidate.length / 3)) || holds) && (!best || d < best.distance))
      best = { name: candidate, distance: d };
  }
  return best?.name;
}

/**
 * The one check every public options object passes first: it is an object, and every name in
 * it (and in its nested options objects) is one the owner knows. A misspelled option would
 * otherwise have no effect and no error; the message names the option's path and the closest
 * valid name, never a value (it may be a secret).
 */
export function checkOptions<Options>(owner: string, options: Options, names: OptionNames, path = ""): NonNullable<Options> {
  if (!options || typeof options !== "object") throw new ConfigError("options", `${owner}: options are required`);
  for (const name of Object.keys(options)) {
    const known = names[name];
    if (known === undefined) {
      const near = closestName(name, Object.keys(names));
      throw new ConfigError(`${path}${name}`, `${owner}: unknown option "${path}${name}"${near ? `; did you mean "${path}${near}"?` : ""}`);
    }
    const value = (options as Record<string, unknown>)[name];
    if (known !== true && isPlainObject(value)) checkOptions(owner, value, known, `${path}${name}.`);
  }
  return options as NonNullable<Options>;
}

/** Validation of user-supplied options; every message names the option and never shows a secret's value. */
export function requireUrl(owner: string, option: string, value: unknown): URL {
  if (typeof value !== "string" && !(value instanceof URL))
    throw new ConfigError(option, `${owner}: option "${option}" is required (an absolute http(s) URL)`);
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    // Not quoted: a malformed URL may still carry credentials.
    throw new ConfigError(option, `${owner}: option "${option}" must be an absolute http(s) URL (it does not parse as one)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new ConfigError(option, `${owner}: option "${option}" must use http or https, got "${url.protocol}"`);
  if (url.username || url.password)
    throw new ConfigError(option, `${owner}: option "${option}" must not contain user info (user:password@); pass credentials as options`);
  // Not quoted either: a query may carry a key. Keys and parameters are options of their own. An
  // empty one counts (a trailing "?" or "#"): paths appended to it would land in the query or fragment.
  if (url.search || url.hash || /[?#]/.test(url.href))
    throw new ConfigError(option, `${owner}: option "${option}" must not contain a query or fragment (?… or #…)`);
  return url;
}

export function requireString(owner: string, option: string, value: unknown, { secret = false } = {}): string {
  if (typeof value !== "string" || value.trim() === "") {
    const got =
      value === undefined
        ? "it is missing"
        : secret
          ? `got ${typeof value === "string" ? "an empty string" : typeof value}`
          : `got ${JSON.stringify(value)}`;
    throw new ConfigError(option, `${owner}: option "${option}" must be a non-empty string; ${got}`);
  }
  return value;
}

/** CR, LF and NUL end or split a header: a value holding one is refused before any request is built. */
const HEADER_BREAKING = /[\r\n\0]/;
/** What else an HTTP header value cannot hold (RFC 9110 field-value: visible Latin-1, spaces, tabs). */
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** A non-empty string that can travel in an HTTP header. The message never quotes the value. */
export function requireHeaderValue(owner: string, option: string, value: unknown, { secret = false } = {}): string {
  const text = requireString(owner, option, value, { secret });
  if (HEADER_BREAKING.test(text))
    throw new ConfigError(
      option,
      `${owner}: option "${option}" contains a line break or NUL character, which cannot be sent in an HTTP header`,
    );
  if (NOT_FIELD_VALUE.test(text))
    throw new ConfigError(
      option,
      `${owner}: option "${option}" contains a control or non-Latin-1 character, which cannot be sent in an HTTP header`,
    );
  if (text !== text.trim())
    throw new ConfigError(option, `${owner}: option "${option}" starts or ends with white space, which HTTP would strip`);
  return text;
}

export function optionalString(owner: string, option: string, value: unknown, opts: { secret?: boolean } = {}): string | undefined {
  return value === undefined ? undefined : requireString(owner, option, value, opts);
}

export function optionalNumber(
  owner: string,
  option: string,
  value: unknown,
  { min = 0, max = Number.MAX_SAFE_INTEGER, integer = false } = {},
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
    throw new ConfigError(
      option,
      `${owner}: option "${option}" must be ${integer ? "an integer" : "a number"} from ${min} to ${max}; got ${JSON.stringify(value)}`,
    );
  return value;
}

/** A function, or nothing; `what` says which (a hook, a transport). */
export function optionalFunction(owner: string, option: string, value: unknown, what = "a function"): void {
  if (value !== undefined && typeof value !== "function") throw new ConfigError(option, `${owner}: option "${option}" must be ${what}`);
}

export function optionalBoolean(owner: string, option: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean")
    throw new ConfigError(option, `${owner}: option "${option}" must be true or false`);
  return value as boolean | undefined;
}

export function optionalStringList(owner: string, option: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === "string" ? value.split(/\s+/).filter(Boolean) : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== "string" || !item || /\s/.test(item)))
    throw new ConfigError(option, `${owner}: option "${option}" must be a list of strings without spaces (or one space-separated string)`);
  return list as string[];
}

export function optionalEnum<T extends string>(owner: string, option: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new ConfigError(
      option,
      `${owner}: option "${option}" must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${JSON.stringify(value)}`,
    );
  return value as T;
}

export function optionalHeaders(owner: string, option: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new ConfigError(option, `${owner}: option "${option}" must be an object of header names to string values`);
  for (const [name, v] of Object.entries(value)) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name))
      throw new ConfigError(option, `${owner}: option "${option}" has an invalid header name "${name}"`);
    if (typeof v !== "string") throw new ConfigError(option, `${owner}: option "${option}" header "${name}" must be a string`);
    if (HEADER_BREAKING.test(v))
      throw new ConfigError(
        option,
        `${owner}: option "${option}" header "${name}" contains a line break or NUL character, which cannot be sent in an HTTP header`,
      );
  }
  return value as Record<string, string>;
}
