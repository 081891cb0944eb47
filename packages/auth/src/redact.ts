// What secrets are replaced with, and URL and header redaction by name: no package imports, so
// the secret registry (secrets.ts) builds on it and nothing here builds on the registry.
/** What stands in for a secret wherever one would otherwise be shown. */
export const REDACTED = "[redacted]";

/** Node's util.inspect hook, by its registered symbol, so this file needs no Node import. */
export const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** Query parameters whose values are secrets whatever the vendor: API keys, tokens, codes, passwords. */
const SECRET_PARAM = /(key|token|secret|password|passwd|signature|sig|code|assertion|credential)/i;

/**
 * A URL fit for an error message or log line: query values that look secret (or are named in
 * `secretParams`) are replaced, and user info is dropped.
 */
export function redactUrl(url: string | URL, secretParams: readonly string[] = []): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return "[invalid URL]";
  }
  parsed.username = "";
  parsed.password = "";
  const named = new Set(secretParams.map((p) => p.toLowerCase()));
  for (const name of new Set(parsed.searchParams.keys())) {
    if (SECRET_PARAM.test(name) || named.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString().replace(/%5Bredacted%5D/g, REDACTED);
}

/** Headers that carry credentials; their values never reach a log line. */
const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|ocp-apim-subscription-key)$|(key|token|secret|password)/i;

/** Header names and values for a debug log, credentials replaced. */
export function redactHeaders(headers: Headers, secretHeaders: readonly string[] = []): Record<string, string> {
  const named = new Set(secretHeaders.map((h) => h.toLowerCase()));
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADER.test(name) || named.has(name) ? REDACTED : value;
  });
  return out;
}
