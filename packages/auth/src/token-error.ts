// A token endpoint's refusal (an error status, or an "error" field) turned into an OAuthError:
// loaded by parseTokenResponse (import()) only when a token request is refused.
import { OAuthError } from "./errors.ts";
import { excerpt, type TokenResponseContext } from "./token-response.ts";

/** A vendor's own error code, from the shapes seen in the wild (Azure AD, Apigee, generic). */
function vendorCodeOf(body: Record<string, any>, description: string | undefined): string | undefined {
  const aad = /\bAADSTS\d+\b/.exec(description ?? "");
  if (aad) return aad[0];
  if (Array.isArray(body.error_codes) && body.error_codes.length) return `AADSTS${body.error_codes[0]}`;
  const apigee = body.fault?.detail?.errorcode;
  if (typeof apigee === "string") return apigee;
  for (const key of ["error_code", "errorCode", "code"]) {
    const value = body[key];
    if (typeof value === "string" || typeof value === "number") return String(value);
  }
  return undefined;
}

/** The OAuthError for a refused token request: status, RFC 6749 error, description and vendor code, scrubbed and cut short. */
export function tokenError(response: Response, body: Record<string, any> | undefined, context: TokenResponseContext): OAuthError {
  const rawError = body?.error;
  // An error given as an object ({ code, message }) or a number still names the vendor's code.
  const nested = rawError && typeof rawError === "object" ? (rawError as Record<string, unknown>) : undefined;
  const errorText =
    typeof rawError === "string" || typeof rawError === "number"
      ? String(rawError)
      : typeof nested?.code === "string" || typeof nested?.code === "number"
        ? String(nested.code)
        : undefined;
  // Every string the server chose is scrubbed and cut short: a server may echo a secret anywhere.
  const error = errorText !== undefined ? excerpt(errorText, context.secrets).slice(0, 80) : undefined;
  const rawDescription =
    body?.error_description ??
    (typeof nested?.message === "string" ? nested.message : undefined) ??
    body?.message ??
    body?.fault?.faultstring;
  const errorDescription = typeof rawDescription === "string" ? excerpt(rawDescription, context.secrets) : undefined;
  const rawCode = body ? vendorCodeOf(body, errorDescription) : undefined;
  const vendorCode = rawCode === undefined ? undefined : excerpt(rawCode, context.secrets).slice(0, 80);
  const parts = [
    `HTTP ${response.status}`,
    error,
    errorDescription && `"${errorDescription}"`,
    vendorCode && !errorDescription?.includes(vendorCode) ? `(vendor code ${vendorCode})` : undefined,
    body?.__notJson ? `(the server sent ${body.__notJson})` : undefined,
    !error && !vendorCode ? "(no error code given)" : undefined,
  ].filter(Boolean);
  return new OAuthError(`${context.operation} failed at ${context.endpoint}: ${parts.join(" ")}`, {
    operation: context.operation,
    endpoint: context.endpoint,
    status: response.status,
    ...(error ? { error } : {}),
    ...(errorDescription ? { errorDescription } : {}),
    ...(vendorCode ? { vendorCode } : {}),
  });
}
