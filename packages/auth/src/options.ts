import { ConfigError } from "./errors.ts";

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
