import { readEnvironment, processEnvironment, type Environment } from "./environment.ts";
import { ConfigError } from "./errors.ts";

/** One environment variable a vendor's client reads, and the option it sets. */
export interface VendorVariable<Options> {
  /** The variable, e.g. `INGRAM_MICRO_CLIENT_ID`. */
  name: string;
  /** The option it sets (several variables may feed one option: a key pair). */
  option: keyof Options & string;
  /** Needed to make a client at all; a function says so from what the caller passed (Nexar's design flow needs no secret). */
  required?: boolean | ((overrides: Partial<Options>) => boolean);
  /** One line for `.env.example` and `--help`. */
  description: string;
  /** What `.env.example` shows (usually nothing: a credential is yours to fill in). */
  example?: string;
}

/**
 * What a vendor is, as data: its name, the variables its client reads, how their text becomes
 * options, and the factory. The CLI, the demo and `.env.example` are derived from it, so a fact
 * about a vendor lives in one place.
 */
export interface VendorDefinition<Options, Client> {
  /** The id used everywhere (package name, CLI argument): "ingram-micro". */
  id: string;
  /** For people: "Ingram Micro". */
  name: string;
  /** Where a user gets credentials, for `.env.example`. */
  portal?: string;
  variables: readonly VendorVariable<Options>[];
  /**
   * Options from the variables' text (keyed by variable name), where a value is not a plain
   * string option (a number, a boolean, a key pair from two variables); default: each value to
   * its variable's option as it is. It sees what the caller passed besides.
   */
  optionsFrom?: (values: Readonly<Record<string, string>>, overrides: Partial<Options>) => Partial<Options>;
  create(options: Options): Client;
}

export interface Vendor<Options, Client> extends VendorDefinition<Options, Client> {
  /** A client configured from the environment (`process.env` by default); `overrides` win. */
  fromEnv(overrides?: Partial<Options>, env?: Environment): Client;
  /** The variables a client with no overrides cannot be made without (for a run that skips vendors lacking them). */
  readonly requiredVariables: readonly string[];
}

/**
 * The variables most vendors' clients read, under the vendor's prefix: client id and secret,
 * another base URL and token URL. A definition lists the ones its client reads.
 */
export function commonVariables<Options>(
  prefix: string,
): Record<"clientId" | "clientSecret" | "baseUrl" | "tokenUrl", VendorVariable<Options>> {
  const variable = (suffix: string, option: string, description: string, required = false) =>
    ({ name: `${prefix}_${suffix}`, option, description, ...(required ? { required } : {}) }) as VendorVariable<Options>;
  return {
    clientId: variable("CLIENT_ID", "clientId", "the app's client id", true),
    clientSecret: variable("CLIENT_SECRET", "clientSecret", "the app's client secret", true),
    baseUrl: variable("BASE_URL", "baseUrl", "another base URL (a proxy, a local stand-in)"),
    tokenUrl: variable("TOKEN_URL", "tokenUrl", "another token URL"),
  };
}

/** Checks a vendor's definition once, and derives `fromEnv` from it. */
export function defineVendor<Options, Client>(definition: VendorDefinition<Options, Client>): Vendor<Options, Client> {
  const names = definition.variables.map((v) => v.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new ConfigError("variables", `defineVendor(${definition.id}): variable ${duplicate} is listed twice`);
  const byVariable = Object.fromEntries(definition.variables.map((v) => [v.name, v.name]));
  return {
    ...definition,
    requiredVariables: definition.variables
      .filter((v) => (typeof v.required === "function" ? v.required({}) : v.required))
      .map((v) => v.name),
    fromEnv(overrides = {}, env = processEnvironment()) {
      const required = definition.variables
        .filter((v) => (typeof v.required === "function" ? v.required(overrides) : v.required))
        .map((v) => v.name);
      const text = readEnvironment(definition.name, byVariable, required, env) as Record<string, string>;
      const plain: Record<string, string> = {};
      for (const variable of definition.variables) if (text[variable.name] !== undefined) plain[variable.option] = text[variable.name]!;
      const options = definition.optionsFrom ? definition.optionsFrom(text, overrides) : (plain as Partial<Options>);
      return definition.create({ ...options, ...overrides } as Options);
    },
  };
}

/** `.env.example` for these vendors: every variable each one reads, with its line of explanation. */
export function envExample(
  vendors: readonly {
    name: string;
    portal?: string | undefined;
    variables: readonly {
      name: string;
      description: string;
      example?: string | undefined;
      required?: boolean | ((overrides: never) => boolean) | undefined;
    }[];
  }[],
): string {
  const sections = vendors.map((vendor) => {
    const lines = [`# ${vendor.name}${vendor.portal ? ` (${vendor.portal})` : ""}`];
    for (const variable of vendor.variables) {
      const required = typeof variable.required === "function" ? variable.required({} as never) : variable.required;
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
