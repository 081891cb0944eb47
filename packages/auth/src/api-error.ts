import { VendorClientsError } from "./errors.ts";
import { secretsOf } from "./http/core.ts";
import { redactUrl } from "./redact.ts";
import { scrub } from "./secrets.ts";

/**
 * An API call answered with an error status. Carries the HTTP status, the vendor's own error code
 * and message when its body has them (Azure API Management, Ingram Micro, RFC 7807 problems…),
 * and the request's method and URL without credentials.
 */
export class ApiError extends VendorClientsError {
  override name = "ApiError";
  override readonly code = "API_ERROR";
  /** The vendor's id for this failure in its logs, when its body has one (Ingram Micro's `traceid`): quote it to its support. */
  traceId: string | undefined;
  constructor(
    message: string,
    readonly status: number,
    readonly method: string,
    readonly url: string,
    readonly vendorCode: string | undefined,
    readonly vendorMessage: string | undefined,
  ) {
    super(message);
  }

  /**
   * Builds the error from a failed response and its already-parsed body (as openapi-fetch returns
   * it). A response from a vendor client is scrubbed with that client's secrets, so a gateway that
   * echoes the key or the token it was sent cannot put them in the message.
   */
  static from(
    response: Response,
    body: unknown,
    options: { method?: string; secrets?: readonly (string | undefined)[]; secretParams?: readonly string[] } = {},
  ): ApiError {
    const { code: rawCode, message } = describeErrorBody(body);
    const registry = secretsOf(response);
    // Only a capped slice of what the server sent is searched and kept: a body of many megabytes costs what a short one does.
    const clean = (text: string, max: number) => {
      const quoted = registry ? registry.quote(text, max) : text.slice(0, max + 4096);
      return scrub(quoted, options.secrets ?? []).slice(0, max);
    };
    const code = rawCode === undefined ? undefined : clean(rawCode, 100);
    const safeMessage = message === undefined ? undefined : clean(message, 300);
    const method = options.method ?? "request";
    const url = clean(redactUrl(response.url || "about:blank", options.secretParams), 8192);
    const trace = traceIdOf(body);
    const traceId = trace === undefined ? undefined : clean(trace, 100);
    const parts = [`HTTP ${response.status}`, code && `[${code}]`, safeMessage, traceId && `(trace id ${traceId})`]
      .filter(Boolean)
      .join(" ");
    const error = new ApiError(`${method} ${url} failed: ${parts}`, response.status, method, url, code, safeMessage);
    error.traceId = traceId;
    return error;
  }
}

/** A trace id the vendor put in its error body: Ingram Micro's `traceid`, at the top or in its first error. */
function traceIdOf(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, any>;
  const first = Array.isArray(b.errors) ? b.errors[0] : undefined;
  const value = [b.traceid, b.traceId, first?.traceid, first?.traceId].find((v) => (typeof v === "string" && v) || typeof v === "number");
  return value === undefined ? undefined : String(value);
}

/** The code and message of an error body, from the shapes the vendors use. */
export function describeErrorBody(body: unknown): { code?: string; message?: string } {
  if (typeof body === "string") return body.trim() ? { message: body.trim() } : {};
  if (!body || typeof body !== "object") return {};
  const b = body as Record<string, any>;
  const first = Array.isArray(b.errors)
    ? b.errors[0]
    : Array.isArray(b.serviceResponse?.responseErrors)
      ? b.serviceResponse.responseErrors[0]
      : undefined;
  const pick = (...values: unknown[]) => values.find((v) => (typeof v === "string" && v) || typeof v === "number");
  const code = pick(
    b.code,
    b.errorCode,
    b.error_code,
    typeof b.error === "string" ? b.error : undefined,
    first?.code,
    first?.id,
    b.fault?.detail?.errorcode,
  );
  const message = pick(b.message, b.error_description, b.detail, b.title, b.errorMessage, first?.message, b.fault?.faultstring);
  return { ...(code !== undefined ? { code: String(code) } : {}), ...(message !== undefined ? { message: String(message) } : {}) };
}
