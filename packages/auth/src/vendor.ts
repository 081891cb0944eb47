import { processEnvironment, type Environment } from "./environment.ts";
import { ConfigError } from "./errors.ts";
import type { VendorFactory } from "./options.ts";
import { isMissing, optionsOf, type OptionSpec, type VendorData } from "./vendor-data.ts";

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
  create: VendorFactory<Options, Client>;
  /** A client configured from the environment (`process.env` by default); `overrides` win. */
  fromEnv(overrides?: Partial<Options>, env?: Environment): Client;
  /** The environment that configures these options (the inverse of fromEnv, for stand-ins and `.env` files). */
  toEnv(options: Partial<Options>): Record<string, string>;
}

const screamingSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/** What the caller gave, without entries set to undefined (`{ baseUrl: process.env.UNSET }` gives nothing). */
const definedEntries = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * A vendor from its data and its factory (`vendorFactory`): the variables its client reads,
 * `fromEnv` (overrides win) and `toEnv` (its inverse), for the CLI, the demo, the stand-ins and
 * `.env.example`.
 */
export function defineVendor<Options extends object, Client>(
  data: VendorData<Options>,
  create: VendorFactory<Options, Client>,
): Vendor<Options, Client> {
  type Key = keyof Options & string;
  const { specs, prefix, isRequired, check, normalize } = optionsOf(data);

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

  function fromEnv(overrides: Partial<Options> = {}, env: Environment = processEnvironment()): Client {
    const given = normalize(definedEntries(overrides));
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
      // Checked at run time as every caller's options are; exactness is for the caller's literal types.
      return (create as (options: Options) => Client)(merged as Options);
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

/** Whether a value is a vendor as `defineVendor` makes it: what a loader looks for among a package's exports. */
function isVendor(value: unknown): value is Vendor<Record<string, unknown>, unknown> {
  const vendor = value as Partial<Vendor<object, unknown>> | null;
  return (
    typeof vendor === "object" &&
    vendor !== null &&
    typeof vendor.id === "string" &&
    typeof vendor.name === "string" &&
    Array.isArray(vendor.variables) &&
    typeof vendor.fromEnv === "function" &&
    typeof vendor.toEnv === "function"
  );
}

/**
 * The vendors among a package's dependencies (its package.json's, as `pnpm new-vendor` registers a
 * new one there), each once, as its package exports it: the CLI and the stand-ins know every vendor
 * with no list of their own. `load` is the caller's `import`, so each name resolves from the caller.
 */
export async function vendorsDependedOn(
  dependencies: Record<string, string> | undefined,
  load: (name: string) => Promise<Record<string, unknown>>,
): Promise<Vendor<Record<string, unknown>, unknown>[]> {
  const names = Object.keys(dependencies ?? {}).filter((name) => name.startsWith("@vendor-clients/"));
  const found = new Map<string, Vendor<Record<string, unknown>, unknown>>();
  for (const module of await Promise.all(names.map(load)))
    for (const value of Object.values(module)) if (isVendor(value)) found.set(value.id, value);
  return [...found.values()];
}
