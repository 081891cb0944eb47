import type { AuthStrategy } from "./auth.ts";
import type { ClientCore, ClientRecipe, CommonClientOptions, KeyOnlyClientCore } from "./client-core.ts";
import { ConfigError } from "./errors.ts";
import type { ApiKeyOptions } from "./steps/api-key.ts";
import type { ClientCredentialsOptions } from "./sources/client-credentials.ts";
import type { EndpointOptions } from "./token-endpoint.ts";
import type { TokenCacheOptions } from "./token-cache.ts";
/** The options every OAuth vendor client takes: its app's id, and where its API and token endpoint are. */
export interface VendorClientOptions extends CommonClientOptions {
  clientId: string;
  /** Overrides the API's base URL (a proxy, a local stand-in). */
  baseUrl?: string;
  /** Overrides the token URL. */
  tokenUrl?: string;
}

/** One option of a vendor's client, as data: how it is checked, and the environment variable that sets it. */
export interface OptionSpec<Options> {
  /** One line for `.env.example`, `--help` and the error that says it is missing. */
  description: string;
  /** The variable's name after the vendor's prefix: default, the option in SCREAMING_SNAKE case; false, not read from the environment. */
  variable?: string | false;
  /** Needed to make a client; a function decides from the other options (a password grant's user, say). */
  required?: boolean | ((options: Partial<Options>) => boolean);
  /** A credential: never quoted in a message. */
  secret?: boolean;
  /**
   * What the value is: text (default); a URL (string or URL, checked by the core); a positive
   * integer; a boolean; a list of non-empty strings; a function (a hook); any value, checked
   * where the vendor's code uses it. Lists, functions and values are for code only: give them
   * `variable: false`.
   */
  type?: "text" | "url" | "integer" | "boolean" | "list" | "function" | "value";
  /** The values allowed. */
  oneOf?: readonly string[];
  /** What a text value must match, and how to say it ("a two-letter ISO country code such as \"US\""). */
  pattern?: RegExp;
  expected?: string;
  /** A second variable that makes the option a pair `[first, second]` (a secret during rotation, a secondary key). */
  pair?: { variable: string; description: string };
  /** What `.env.example` shows (usually nothing: a credential is yours to fill in). */
  example?: string;
}

/** The options most vendors share, with their usual wording; a vendor's own spec of one of them is merged over it. */
const COMMON_OPTIONS = {
  clientId: { description: "the app's client id", required: true },
  clientSecret: { description: "the app's client secret", required: true, secret: true },
  baseUrl: { description: "another base URL (a proxy, a local stand-in)", type: "url" },
  tokenUrl: { description: "another token URL", type: "url" },
} as const satisfies Record<string, OptionSpec<never>>;

/**
 * What a vendor is, as data (no code runs to read it: codegen and tooling import it as it is):
 * its names, where its API and token endpoint are, the headers its client sets, and every option
 * with its checks and environment variable.
 */
export interface VendorData<Options> {
  /** The id used everywhere (package name, CLI argument): "ingram-micro". */
  id: string;
  /** For people: "Ingram Micro". */
  name: string;
  /** Where a user gets credentials, for `.env.example`. */
  portal?: string;
  /** The factory's name, for messages (default from the id: "ingram-micro" → "createIngramMicroClient"). */
  factory?: string;
  /** The environment variables' prefix (default from the id: "ingram-micro" → "INGRAM_MICRO"). */
  envPrefix?: string;
  /** The API's base URL per environment; the first is the default, the `environment` option picks another. */
  baseUrls?: Readonly<Record<string, string>>;
  tokenUrl?: string;
  /**
   * Every header the client sets on calls (default none): codegen leaves them out of the typed
   * parameters, and the recipe's static, per-request and API-key headers must be among them
   * (a vendor step that sets a header on the wire is the vendor package's to declare here too).
   */
  headers?: readonly string[];
  /** Shared options with their usual checks and variables (default all four: client id and secret, base and token URL). */
  common?: readonly (keyof typeof COMMON_OPTIONS & keyof Options)[];
  options?: { readonly [K in keyof Options]?: Partial<OptionSpec<Options>> };
}

/** What a vendor's factory gets besides the checked options. */
export interface VendorBuild {
  /** The factory's name, for messages. */
  owner: string;
  /** The token URL: the option, else the vendor's. */
  tokenUrl: string;
  /**
   * The client's core, from the vendor's part of the recipe: owner, options and base URL are
   * filled in, the rate-limit scope defaults to vendor and client id, and every header the recipe
   * sets must be one the vendor's data declares.
   */
  core(recipe: VendorRecipe & { auth: AuthStrategy }): ClientCore;
  /** A client with an API key and no OAuth: no token cache. */
  core(recipe: VendorRecipe & { auth?: undefined; apiKey: ApiKeyOptions }): KeyOnlyClientCore;
  /**
   * OAuth by client credentials with the options' client id and secret at the token URL, plus
   * what this vendor adds (scopes, headers) and its cache settings (a lifetime cap).
   */
  clientCredentials(
    extra?: Omit<ClientCredentialsOptions, keyof EndpointOptions | "tokenUrl" | "clientId" | "clientSecret">,
    cache?: Pick<TokenCacheOptions, "maxLifetimeMs" | "refreshMarginMs" | "key">,
  ): AuthStrategy;
}

/** The vendor's part of a client recipe (the rest comes from its data and the options). */
export type VendorRecipe = Omit<ClientRecipe, "owner" | "options" | "baseUrl"> & {
  /** Another base URL than the option or the vendor's (DSI's, derived from the option). */
  baseUrl?: string;
};

export const isMissing = (value: unknown) => value === undefined || value === null || value === "";

/** A value for a message: JSON for what has one, else its type (a BigInt, a circular object). */
function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

const parsed = new WeakMap<object, unknown>();

/** A vendor's options as its data describes them, with the checks the factory and the environment side share (parsed once per data). */
export function optionsOf<Options>(data: VendorData<Options>): ReturnType<typeof parseOptions<Options>> {
  let options = parsed.get(data) as ReturnType<typeof parseOptions<Options>> | undefined;
  if (!options) parsed.set(data, (options = parseOptions(data)));
  return options;
}

function parseOptions<Options>(data: VendorData<Options>) {
  type Key = keyof Options & string;
  const specs = new Map<Key, OptionSpec<Options>>();
  const common = data.common ?? (Object.keys(COMMON_OPTIONS) as (keyof typeof COMMON_OPTIONS)[]);
  for (const key of common) specs.set(key as Key, { ...COMMON_OPTIONS[key], ...data.options?.[key] } as OptionSpec<Options>);
  for (const [key, spec] of Object.entries(data.options ?? {}) as [Key, Partial<OptionSpec<Options>>][])
    specs.set(key, { ...specs.get(key), ...spec } as OptionSpec<Options>);
  for (const [key, spec] of specs)
    if (!spec.description) throw new ConfigError("options", `defineVendor(${data.id}): option ${key} has no description`);
  const pascal = data.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

  /** The one check of a value, from code or from the environment: the message names where it came from. */
  function check(key: Key, spec: OptionSpec<Options>, value: unknown, where: string): void {
    // A secret is never quoted, nor a URL-ish value (an object may carry user info); quoting never throws.
    const fail = (expected: string, quote = !spec.secret): never => {
      throw new ConfigError(key, `${where} must be ${expected}${quote ? `; got ${describe(value)}` : ""}`);
    };
    if (spec.pair && Array.isArray(value)) {
      if (value.length < 1 || value.length > 2) fail("one value or a pair of them");
      for (const item of value) check(key, { ...spec, pair: undefined }, item, where);
      return;
    }
    switch (spec.type ?? "text") {
      case "url":
        // The core checks URLs (scheme, loopback, user info) and names the option.
        if (typeof value !== "string" && !(value instanceof URL)) fail("a URL", false);
        return;
      case "integer":
        if (!Number.isInteger(value) || (value as number) <= 0) fail("a positive integer");
        return;
      case "boolean":
        if (typeof value !== "boolean") fail("true or false");
        return;
      case "list":
        if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || !item)) fail("a list of non-empty strings");
        return;
      case "function":
        if (typeof value !== "function") fail("a function", false);
        return;
      case "value":
        return;
    }
    if (typeof value !== "string" || (spec.secret && !value)) fail(spec.expected ?? "a non-empty string");
    if (spec.oneOf && !spec.oneOf.includes(value as string)) fail(spec.oneOf.map((v) => JSON.stringify(v)).join(" or "));
    if (spec.pattern && !spec.pattern.test(value as string)) fail(spec.expected ?? `text matching ${spec.pattern}`);
  }

  return {
    specs,
    /** The factory's name, for messages. */
    owner: data.factory ?? `create${pascal}Client`,
    /** The environment variables' prefix. */
    prefix: data.envPrefix ?? data.id.toUpperCase().replace(/-/g, "_"),
    isRequired: (spec: OptionSpec<Options>, options: Partial<Options>) =>
      typeof spec.required === "function" ? spec.required(options) : spec.required === true,
    check,
    /** The caller's options with text (not secrets) trimmed as the environment's is. */
    normalize(options: Partial<Options>): Record<string, unknown> {
      const given: Record<string, unknown> = { ...options };
      for (const [key, spec] of specs) {
        const value = given[key];
        if ((spec.type ?? "text") === "text" && !spec.secret && typeof value === "string") given[key] = value.trim();
      }
      return given;
    },
  };
}
