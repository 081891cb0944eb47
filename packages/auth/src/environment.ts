import { ConfigError } from "./errors.ts";

export type Environment = Record<string, string | undefined>;

/** process.env where there is one (Node, Bun, Deno with --allow-env), else nothing. */
export const processEnvironment = (): Environment => (globalThis as { process?: { env?: Environment } }).process?.env ?? {};

/**
 * Reads options from environment variables. `variables` maps option names to variable names;
 * every required variable that is missing or empty is named in one ConfigError.
 */
export function readEnvironment<V extends Record<string, string>>(
  vendor: string,
  variables: V,
  required: readonly (keyof V & string)[],
  env: Environment = processEnvironment(),
): Partial<Record<keyof V, string>> {
  const values: Partial<Record<keyof V, string>> = {};
  for (const [option, variable] of Object.entries(variables) as [keyof V & string, string][]) {
    const value = env[variable]?.trim();
    if (value) values[option] = value;
  }
  const missing = required.filter((option) => !values[option]).map((option) => variables[option]);
  if (missing.length)
    throw new ConfigError(
      missing[0]!,
      `${vendor}: missing environment variable${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (see .env.example)`,
    );
  return values;
}
