import { OAuthError } from "./errors.ts";
import { SecretRegistry, scrub } from "./secrets.ts";
import { AccessToken } from "./token.ts";

export interface TokenResponseContext {
  operation: string;
  /** The endpoint without credentials, for messages. */
  endpoint: string;
  /** Lifetime to assume when the response has no usable expires_in. */
  defaultLifetimeSeconds: number;
  /** Values to remove from anything the server echoes back: the client's registry, or a list. */
  secrets: SecretRegistry | readonly (string | undefined)[];
  now: number;
}

export const excerpt = (text: string, secrets: TokenResponseContext["secrets"]) => {
  const flat = (secrets instanceof SecretRegistry ? secrets.scrub(text) : scrub(text, secrets)).replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
};

/**
 * Expiry in seconds from `expires_in`: a number or a numeric string ("3600"), at least one second.
 * Anything else (absent, negative, zero, under a second such as 5e-324, not a number) means
 * "unknown", and the default lifetime applies: a token is never born expired.
 */
export function parseExpiresIn(value: unknown): number | undefined {
  const seconds = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  // Capped at ten years: a date past what Date can show would make the token unprintable.
  return Number.isFinite(seconds) && seconds >= 1 ? Math.min(seconds, TEN_YEARS_SECONDS) : undefined;
}
const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

/** Reads the body as JSON, failing with what the server sent instead (an HTML page, plain text) and never with the raw body. */
async function readJson(response: Response, context: TokenResponseContext): Promise<Record<string, any> | undefined> {
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  if (/html/i.test(contentType) || /^\s*</.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
    return { __notJson: `an HTML page${title ? ` ("${excerpt(title, context.secrets)}")` : ""}, not JSON: a gateway or proxy error page?` };
  }
  if (!text.trim()) return undefined;
  try {
    const parsed = JSON.parse(text);
    // Not quoted: an array or a string may well hold the token itself.
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? parsed
      : {
          __notJson: `JSON that is not an object (${Array.isArray(parsed) ? "an array" : parsed === null ? "null" : `a ${typeof parsed}`}, ${text.length} bytes)`,
        };
  } catch {
    // The JSON.parse message quotes the body, which may hold a token: describe it ourselves.
    return { __notJson: `a body that is not JSON (${contentType || "no content type"}, ${text.length} bytes)` };
  }
}

/**
 * Turns a token endpoint's answer into an AccessToken. Lenient where vendors differ
 * (`Bearer`/`bearer`, no token_type, no or string expires_in); strict where it matters (an error
 * status, no access_token, a body that is not a JSON object) with an OAuthError that carries
 * the status, RFC 6749 error, description and vendor code, and no secret.
 */
export async function parseTokenResponse(response: Response, context: TokenResponseContext): Promise<AccessToken> {
  const body = await readJson(response, context);
  const where = `${context.operation} at ${context.endpoint}`;
  // .NET and Java serialisers write `"error": null` (or "") on success: no error is no error.
  const rawError = body?.error;
  const hasError = rawError !== undefined && rawError !== null && rawError !== "" && rawError !== false;
  // A refusal is read by token-error.ts, loaded only then: a program whose tokens come does not carry it.
  if (!response.ok || hasError) throw (await import("./token-error.ts")).tokenError(response, body, context);
  const fail = (problem: string) =>
    new OAuthError(`${where}: ${problem}`, { operation: context.operation, endpoint: context.endpoint, status: response.status });
  if (!body) throw fail(`HTTP ${response.status} with an empty body, where a token response was expected`);
  if (body.__notJson) throw fail(`the server sent ${body.__notJson}`);
  const value = body.access_token;
  if (typeof value !== "string" || !value)
    throw fail(
      `the token response has no access_token (fields: ${excerpt(Object.keys(body).sort().join(", "), context.secrets) || "none"})`,
    );
  // RFC 6750 b64token, loosely: a token a header cannot carry would fail every call for its whole life.
  if (!/^[\x21-\x7e]+$/.test(value))
    throw fail("the access_token holds characters an Authorization header cannot carry (spaces, line breaks or non-ASCII)");
  const rawType = body.token_type;
  if (rawType !== undefined && (typeof rawType !== "string" || rawType.toLowerCase() !== "bearer"))
    throw fail(
      `token_type ${typeof rawType === "string" && /^[\w.-]{1,20}$/.test(rawType) ? `"${rawType}"` : "of an unexpected form"} is not supported (only Bearer tokens are)`,
    );
  const seconds = parseExpiresIn(body.expires_in) ?? context.defaultLifetimeSeconds;
  const refreshToken = typeof body.refresh_token === "string" && body.refresh_token ? body.refresh_token : undefined;
  const scope = typeof body.scope === "string" ? body.scope : Array.isArray(body.scope) ? body.scope.join(" ") : undefined;
  return new AccessToken({
    value,
    // RFC 6750 spells it "Bearer"; Avionté's gateway insists on the capital, DSI sends none.
    type: "Bearer",
    obtainedAt: context.now,
    expiresAt: context.now + seconds * 1000,
    ...(refreshToken ? { refreshToken } : {}),
    ...(scope !== undefined ? { scope } : {}),
  });
}
