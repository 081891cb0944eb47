import { createClientCore, type ClientCore, type ClientRecipe, type CommonClientOptions, type KeyOnlyClientCore } from "./client-core.ts";
import type { ApiKeyOptions } from "./middleware/api-key.ts";
import { processEnvironment, type Environment } from "./environment.ts";
import { ConfigError } from "./errors.ts";
import { clientCredentials, type ClientCredentialsOptions } from "./sources/client-credentials.ts";
import type { TokenSource } from "./token-source.ts";
import type { EndpointOptions } from "./token-endpoint.ts";

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
  /** Needed to make a client; a function decides from the other options (Nexar's design flow needs no secret). */
  required?: boolean | ((options: Partial<Options>) => boolean);
  /** A credential: never quoted in a message. */
  secret?: boolean;
  /** What the value is: text (default); a URL (string or URL, checked by the core); a positive integer; a boolean. */
  type?: "text" | "url" | "integer" | "boolean";
  /** The values allowed. */
  oneOf?: readonly string[];
  /** What a text value must match, and how to say it ("a two-letter ISO country code such as \"US\""). */
  pattern?: RegExp;
  expected?: string;
  /** A deprecated name of another option: its value goes there when that option is not given (Nexar's `endpoint` for `baseUrl`). */
  aliasOf?: keyof Options & string;
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

/** One environment variable a vendor's client reads (derived from its options), for `.env.example`, `--help` and stand-ins. */
export interface VendorVariable<Options = unknown> {
  name: string;
  option: keyof Options & string;
  description: string;
  example?: string;
  required: boolean | ((options: Partial<Options>) => boolean);
  /** The second variable of a pair. */
  second?: boolean;
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
  core(recipe: VendorRecipe & { tokens: NonNullable<VendorRecipe["tokens"]> }): ClientCore;
  /** A client with an API key and no OAuth: no token cache. */
  core(recipe: VendorRecipe & { tokens?: undefined; apiKey: ApiKeyOptions }): KeyOnlyClientCore;
  /** The client-credentials grant with the options' client id and secret at the token URL, plus what this vendor adds (scopes, headers). */
  clientCredentials(
    extra?: Omit<ClientCredentialsOptions, keyof EndpointOptions | "tokenUrl" | "clientId" | "clientSecret">,
  ): NonNullable<VendorRecipe["tokens"]>;
}

/** The vendor's part of a client recipe (the rest comes from its data and the options). */
export type VendorRecipe = Omit<ClientRecipe, "owner" | "options" | "baseUrl" | "tokens"> & {
  /** The token source (none for a client with an API key alone). */
  tokens?: (endpoint: EndpointOptions) => TokenSource;
  /** Another base URL than the option or the vendor's (DSI's, derived from the option). */
  baseUrl?: string;
};

export interface Vendor<Options, Client> {
  readonly id: string;
  readonly name: string;
  readonly portal?: string | undefined;
  readonly data: VendorData<Options>;
  /** Every variable the client reads, in the order of its options. */
  readonly variables: readonly VendorVariable<Options>[];
  /** The variables a client with no overrides cannot be made without (for a run that skips vendors lacking them). */
  readonly requiredVariables: readonly string[];
  /** The client, from options checked against the vendor's data (each error names the option). */
  create(options: Options): Client;
  /** A client configured from the environment (`process.env` by default); `overrides` win. */
  fromEnv(overrides?: Partial<Options>, env?: Environment): Client;
  /** The environment that configures these options (the inverse of fromEnv, for stand-ins and `.env` files). */
  toEnv(options: Partial<Options>): Record<string, string>;
}

const screamingSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
const isMissing = (value: unknown) => value === undefined || value === null || value === "";

/** A value for a message: JSON for what has one, else its type (a BigInt, a circular object). */
function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** What the caller gave, without entries set to undefined (`{ baseUrl: process.env.UNSET }` gives nothing). */
const definedEntries = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** A vendor from its data and its factory: `create` checks the options, `fromEnv` reads them, `toEnv` writes them. */
export function defineVendor<Options extends object, Client>(
  data: VendorData<Options>,
  build: (options: Options, vendor: VendorBuild) => Client,
): Vendor<Options, Client> {
  type Key = keyof Options & string;
  const specs = new Map<Key, OptionSpec<Options>>();
  const common = data.common ?? (Object.keys(COMMON_OPTIONS) as (keyof typeof COMMON_OPTIONS)[]);
  for (const key of common) specs.set(key as Key, { ...COMMON_OPTIONS[key], ...data.options?.[key] } as OptionSpec<Options>);
  for (const [key, spec] of Object.entries(data.options ?? {}) as [Key, Partial<OptionSpec<Options>>][])
    specs.set(key, { ...specs.get(key), ...spec } as OptionSpec<Options>);
  for (const [key, spec] of specs)
    if (!spec.description) throw new ConfigError("options", `defineVendor(${data.id}): option ${key} has no description`);
  const pascal = data.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  const owner = data.factory ?? `create${pascal}Client`;
  const prefix = data.envPrefix ?? data.id.toUpperCase().replace(/-/g, "_");
  const isRequired = (spec: OptionSpec<Options>, options: Partial<Options>) =>
    typeof spec.required === "function" ? spec.required(options) : spec.required === true;

  const variables: VendorVariable<Options>[] = [];
  // In `.env.example` and `--help`: what a client cannot be made without, then the vendor's own
  // options, then other URLs (for proxies and stand-ins); each pair's second after its first.
  const rank = (spec: OptionSpec<Options>) => (isRequired(spec, {}) ? 0 : spec.type === "url" ? 2 : 1);
  const ordered = [...specs].sort(([, a], [, b]) => rank(a) - rank(b));
  for (const [option, spec] of ordered) {
    if (spec.variable === false) continue;
    const name = `${prefix}_${spec.variable ?? screamingSnake(option)}`;
    variables.push({
      name,
      option,
      description: spec.description,
      required: spec.required ?? false,
      ...(spec.example !== undefined ? { example: spec.example } : {}),
    });
    if (spec.pair)
      variables.push({
        name: `${prefix}_${spec.pair.variable}`,
        option,
        description: spec.pair.description,
        required: false,
        second: true,
      });
  }
  const names = variables.map((v) => v.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new ConfigError("options", `defineVendor(${data.id}): variable ${duplicate} is read for two options`);
  const variableOf = (option: Key) => variables.find((v) => v.option === option && !v.second)?.name;

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
    }
    if (typeof value !== "string" || (spec.secret && !value)) fail(spec.expected ?? "a non-empty string");
    if (spec.oneOf && !spec.oneOf.includes(value as string)) fail(spec.oneOf.map((v) => JSON.stringify(v)).join(" or "));
    if (spec.pattern && !spec.pattern.test(value as string)) fail(spec.expected ?? `text matching ${spec.pattern}`);
  }

  /** The caller's options with text (not secrets) trimmed as the environment's is. */
  function normalize(options: Partial<Options>): Record<string, unknown> {
    const given: Record<string, unknown> = { ...options };
    for (const [key, spec] of specs) {
      const value = given[key];
      if ((spec.type ?? "text") === "text" && !spec.secret && typeof value === "string") given[key] = value.trim();
    }
    return given;
  }

  /** A deprecated alias's value, moved to its option where that is not given. */
  function moveAliases(given: Record<string, unknown>): Record<string, unknown> {
    for (const [key, spec] of specs)
      if (spec.aliasOf && given[key] !== undefined && given[spec.aliasOf] === undefined) given[spec.aliasOf] = given[key];
    return given;
  }

  function create(options: Options): Client {
    if (!options || typeof options !== "object") throw new ConfigError("options", `${owner}: options are required`);
    const given = normalize(options);
    for (const [key, spec] of specs) {
      const value = given[key];
      if (isMissing(value)) {
        const aliased = [...specs].some(([alias, other]) => other.aliasOf === key && !isMissing(given[alias]));
        if (isRequired(spec, options) && !aliased) throw new ConfigError(key, `${owner}: option "${key}" is required: ${spec.description}`);
        continue;
      }
      check(key, spec, value, `${owner}: option "${key}"`);
    }
    options = moveAliases(given) as Options;
    const environments = Object.keys(data.baseUrls ?? {});
    const environment = given.environment ?? environments[0];
    const baseUrl = given.baseUrl ?? (environment !== undefined ? data.baseUrls?.[environment as string] : undefined);
    const tokenUrl = String(given.tokenUrl ?? data.tokenUrl ?? "");
    return build(options, {
      owner,
      tokenUrl,
      clientCredentials: (extra) => (endpoint) =>
        clientCredentials({
          ...endpoint,
          tokenUrl,
          clientId: given.clientId as string,
          clientSecret: given.clientSecret as ClientCredentialsOptions["clientSecret"],
          ...extra,
        }),
      core: ((recipe: VendorRecipe) => {
        const declared = new Set((data.headers ?? []).map((h) => h.toLowerCase()));
        const set = [
          ...Object.keys(recipe.headers?.static ?? {}),
          ...Object.keys(recipe.headers?.perRequest ?? {}),
          ...(recipe.apiKey && recipe.apiKey.in !== "query" ? [recipe.apiKey.name] : []),
        ];
        const undeclared = set.filter((h) => !declared.has(h.toLowerCase()));
        // A programming error in the vendor package: codegen would type these headers as the caller's to send.
        if (undeclared.length) throw new Error(`${owner}: header ${undeclared.join(", ")} is not among the headers ${data.id} declares`);
        // Keeps clients apart in a shared limiter; never a key (it is shown in errors and events).
        const scope = given.clientId === undefined ? data.id : `${data.id}|${given.clientId}`;
        const { rateLimit, tokenRateLimit, ...rest } = recipe;
        return createClientCore({
          ...rest,
          owner,
          options,
          baseUrl: recipe.baseUrl ?? baseUrl,
          ...(rateLimit ? { rateLimit: { scope, ...rateLimit } } : {}),
          ...(tokenRateLimit ? { tokenRateLimit: { scope, ...tokenRateLimit } } : {}),
        } as Parameters<typeof createClientCore>[0]);
      }) as VendorBuild["core"],
    });
  }

  function fromEnv(overrides: Partial<Options> = {}, env: Environment = processEnvironment()): Client {
    const given = moveAliases(normalize(definedEntries(overrides)));
    const options: Record<string, unknown> = {};
    const fromVariable = new Map<string, string>();
    for (const variable of variables) {
      // Overrides win: a variable whose option the caller gives is neither read nor checked.
      if (given[variable.option] !== undefined) continue;
      const text = env[variable.name]?.trim();
      if (!text) continue;
      const spec = specs.get(variable.option)!;
      const where = `${data.name}: environment variable ${variable.name}`;
      let value: unknown = text;
      if (spec.type === "integer") value = /^\d+$/.test(text) ? Number(text) : text;
      if (spec.type === "boolean") value = text === "true" ? true : text === "false" ? false : text;
      check(variable.option, { ...spec, pair: undefined }, value, where);
      // The second of a pair joins the first; alone it is nothing (the first is then reported missing).
      if (variable.second) {
        if (options[variable.option] !== undefined) options[variable.option] = [options[variable.option], value];
      } else {
        options[variable.option] = value;
        fromVariable.set(variable.option, variable.name);
      }
    }
    const merged = { ...options, ...given } as Partial<Options>;
    const missing = variables.filter(
      (v) => !v.second && isMissing((merged as Record<string, unknown>)[v.option]) && isRequired(specs.get(v.option)!, merged),
    );
    if (missing.length)
      throw new ConfigError(
        missing[0]!.name,
        missing.length > 1
          ? `${data.name}: missing environment variables ${missing.map((v) => v.name).join(", ")} (see .env.example)`
          : `${data.name}: missing environment variable ${missing[0]!.name}, ${missing[0]!.description} (see .env.example)`,
      );
    try {
      return create(merged as Options);
    } catch (error) {
      // The core checks URLs and names the option; say which variable set it.
      const variable = error instanceof ConfigError ? fromVariable.get(error.option) : undefined;
      if (variable)
        throw new ConfigError(variable, `${error instanceof Error ? error.message : error} (set by environment variable ${variable})`);
      throw error;
    }
  }

  function toEnv(options: Partial<Options>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [option, value] of Object.entries(options) as [Key, unknown][]) {
      if (isMissing(value)) continue;
      const name = variableOf(option);
      const spec = specs.get(option);
      if (!name || !spec) throw new ConfigError(option, `${data.name}: option "${option}" is not read from the environment`);
      // What fromEnv would read back differently (trimmed, or a pair's empty first) is refused here.
      const where = `${data.name}: toEnv option "${option}"`;
      check(option, spec, value, where);
      for (const item of Array.isArray(value) ? value : [value])
        if (typeof item === "string" && (item !== item.trim() || /[\r\n]/.test(item)))
          throw new ConfigError(option, `${where} must not start or end with white space or hold a line break`);
      const [first, second] = Array.isArray(value) ? value : [value];
      env[name] = String(first);
      const pair = specs.get(option)?.pair;
      if (second !== undefined && pair) env[`${prefix}_${pair.variable}`] = String(second);
    }
    return env;
  }

  return {
    id: data.id,
    name: data.name,
    portal: data.portal,
    data,
    variables,
    // Only what every configuration needs: one that depends on other options (Avionté's tenant
    // code or id) is named by fromEnv when it is missing, not here.
    requiredVariables: variables.filter((v) => !v.second && specs.get(v.option)!.required === true).map((v) => v.name),
    create,
    fromEnv,
    toEnv,
  };
}

/** `.env.example` for these vendors: every variable each one reads, with its line of explanation. */
export function envExample(
  vendors: readonly { name: string; portal?: string | undefined; variables: readonly VendorVariable<any>[] }[],
): string {
  const sections = vendors.map((vendor) => {
    const lines = [`# ${vendor.name}${vendor.portal ? ` (${vendor.portal})` : ""}`];
    for (const variable of vendor.variables) {
      const required = typeof variable.required === "function" ? variable.required({}) : variable.required;
      lines.push(`# ${variable.description}${required ? "" : " (optional)"}`);
      lines.push(`${variable.name}=${variable.example ?? ""}`);
    }
    return lines.join("\n");
  });
  return `# Credentials for \`pnpm demo --live\` and for fromEnv() in each client. Copy to .env and fill in
# what you have; vendors left empty are skipped. Never commit .env. Written by \`pnpm env-example\`
# from each vendor's definition: change those, not this file.

${sections.join("\n\n")}
`;
}
