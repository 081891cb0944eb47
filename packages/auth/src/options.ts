import { ConfigError } from "./errors.ts";

/** Validation of user-supplied options; every message names the option and never shows a secret's value. */
export function requireUrl(owner: string, option: string, value: unknown): URL {
  if (typeof value !== "string" && !(value instanceof URL)) throw new ConfigError(option, `${owner}: option "${option}" is required (an absolute http(s) URL)`);
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConfigError(option, `${owner}: option "${option}" must be an absolute http(s) URL, got "${String(value).slice(0, 100)}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError(option, `${owner}: option "${option}" must use http or https, got "${url.protocol}"`);
  if (url.username || url.password) throw new ConfigError(option, `${owner}: option "${option}" must not contain credentials; pass them as options`);
  return url;
}

export function requireString(owner: string, option: string, value: unknown, { secret = false } = {}): string {
  if (typeof value !== "string" || value.trim() === "") {
    const got = value === undefined ? "it is missing" : secret ? `got ${typeof value === "string" ? "an empty string" : typeof value}` : `got ${JSON.stringify(value)}`;
    throw new ConfigError(option, `${owner}: option "${option}" must be a non-empty string; ${got}`);
  }
  return value;
}

export function optionalString(owner: string, option: string, value: unknown, opts: { secret?: boolean } = {}): string | undefined {
  return value === undefined ? undefined : requireString(owner, option, value, opts);
}

export function optionalNumber(owner: string, option: string, value: unknown, { min = 0, max = Number.MAX_SAFE_INTEGER, integer = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
    throw new ConfigError(option, `${owner}: option "${option}" must be ${integer ? "an integer" : "a number"} from ${min} to ${max}; got ${JSON.stringify(value)}`);
  return value;
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
  if (!allowed.includes(value as T)) throw new ConfigError(option, `${owner}: option "${option}" must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${JSON.stringify(value)}`);
  return value as T;
}

export function optionalHeaders(owner: string, option: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new ConfigError(option, `${owner}: option "${option}" must be an object of header names to string values`);
  for (const [name, v] of Object.entries(value)) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new ConfigError(option, `${owner}: option "${option}" has an invalid header name "${name}"`);
    if (typeof v !== "string") throw new ConfigError(option, `${owner}: option "${option}" header "${name}" must be a string`);
  }
  return value as Record<string, string>;
}
