import type { ApiError } from "./api-error.ts";
import type { RateLimitError } from "./rate-limit/rate-limit-error.ts";
import { inspectSymbol } from "./redact.ts";
import { OWN } from "./secrets.ts";

/**
 * The mark of this package's errors, by a key in the global symbol registry: one key for every
 * copy of the package (two versions in one install, a bundle beside node_modules) and every realm
 * (a vm context, a worker's structured clone aside), where `instanceof` answers false.
 */
const BRAND = Symbol.for("@vendor-clients/auth:error");

/**
 * Base of every error this package throws. Messages and fields are built to hold no secret, so
 * `message`, `toJSON()` and `util.inspect` are all safe to log.
 */
export class VendorClientsError extends Error {
  override name = "VendorClientsError";
  /** What went wrong, as a stable string to branch on (the message may be reworded); one per error class. */
  readonly code: string = "VENDOR_CLIENTS_ERROR";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (key !== "cause" && value !== undefined) fields[key] = value;
    if (this.cause instanceof Error) fields.cause = { name: this.cause.name, message: this.cause.message };
    return fields;
  }

  /**
   * util.inspect shows the stack and the safe fields, and of a cause only its name and message:
   * a foreign cause's own properties (a request object, a parsed body) are never dumped.
   */
  [inspectSymbol](): string {
    const { name: _name, message: _message, ...fields } = this.toJSON();
    return `${this.stack ?? `${this.name}: ${this.message}`}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ""}`;
  }
}

// Errors of this package are built safe field by field; the secret scrubber keeps them as they are.
Object.defineProperty(VendorClientsError.prototype, OWN, { value: true });
Object.defineProperty(VendorClientsError.prototype, BRAND, { value: true });

/** Options a user passed that cannot work. `option` names the option (or environment variable). */
export class ConfigError extends VendorClientsError {
  override name = "ConfigError";
  override readonly code = "CONFIG_INVALID";
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

export interface OAuthErrorDetails {
  /** Which grant (or "revoke") was being carried out. */
  operation: string;
  /** The endpoint, without credentials. */
  endpoint: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** RFC 6749 §5.2 error code: invalid_client, invalid_grant, … */
  error?: string;
  errorDescription?: string;
  /** A vendor's own code when it gives one: AADSTS7000215 (Azure AD), oauth.v2.InvalidApiKey (Apigee)… */
  vendorCode?: string;
}

/**
 * A token, refresh or revocation request failed: the server refused (status + RFC 6749 error +
 * vendor code), answered something that is not a token (HTML page, invalid JSON, no
 * access_token), or did not answer (network, timeout).
 */
export class OAuthError extends VendorClientsError {
  override name = "OAuthError";
  override readonly code = "OAUTH_FAILED";
  readonly operation: string;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  readonly vendorCode: string | undefined;

  constructor(message: string, details: OAuthErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.operation = details.operation;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.error = details.error;
    this.errorDescription = details.errorDescription;
    this.vendorCode = details.vendorCode;
  }

  /** True when retrying with the same credentials cannot help (bad client, bad grant, bad scope). */
  get isCredentialError(): boolean {
    return ["invalid_client", "invalid_grant", "unauthorized_client", "invalid_scope", "unsupported_grant_type"].includes(this.error ?? "");
  }
}

/**
 * No token is requested for now: the API refused just-issued tokens in a row (HTTP 401), so more
 * would be refused too. `retryAt` (ms since the epoch) is the earliest instant of the next request.
 */
export class TokenRefusedError extends VendorClientsError {
  override name = "TokenRefusedError";
  override readonly code = "TOKEN_REFUSED";
  constructor(
    message: string,
    readonly refusals: number,
    readonly retryAt: number,
  ) {
    super(message);
  }
}

/** An attempt (connecting, headers and the whole body) or a whole call took longer than its time limit. */
export class TimeoutError extends VendorClientsError {
  override name = "TimeoutError";
  override readonly code = "TIMEOUT";
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

/**
 * A response body larger than the client's limit (`maxResponseBytes`, counted after
 * decompression). The body was not read further; `url` has no secrets.
 */
export class ResponseTooLargeError extends VendorClientsError {
  override name = "ResponseTooLargeError";
  override readonly code = "RESPONSE_TOO_LARGE";
  constructor(
    message: string,
    readonly url: string,
    readonly status: number,
    readonly limitBytes: number,
  ) {
    super(message);
  }
}

/**
 * A redirect the client refused to follow: to another origin (no credential may follow it), any
 * redirect of a token request (credentials are never posted twice), or too many in a row.
 * `from` and `to` are URLs without secrets.
 */
export class RedirectError extends VendorClientsError {
  override name = "RedirectError";
  override readonly code = "REDIRECT_REFUSED";
  constructor(
    message: string,
    readonly status: number,
    readonly from: string,
    readonly to: string | undefined,
  ) {
    super(message);
  }
}

/** The caller's AbortSignal fired. Carries the signal's reason as `cause`. */
export class AbortError extends VendorClientsError {
  override name = "AbortError";
  override readonly code = "ABORTED";
  constructor(message = "the operation was aborted", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A network failure (DNS, refused, reset) while sending a request; `url` has no secrets. */
export class NetworkError extends VendorClientsError {
  override name = "NetworkError";
  override readonly code = "NETWORK_FAILED";
  constructor(
    message: string,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Describes a thrown value's cause without its stack, for wrapping messages. */
export const describeCause = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
};

/** Each error's `code` and its class, for `isVendorClientsError(error, code)`. */
export interface VendorClientsErrorCodes {
  VENDOR_CLIENTS_ERROR: VendorClientsError;
  CONFIG_INVALID: ConfigError;
  OAUTH_FAILED: OAuthError;
  TOKEN_REFUSED: TokenRefusedError;
  TIMEOUT: TimeoutError;
  RESPONSE_TOO_LARGE: ResponseTooLargeError;
  REDIRECT_REFUSED: RedirectError;
  ABORTED: AbortError;
  NETWORK_FAILED: NetworkError;
  API_ERROR: ApiError;
  RATE_LIMITED: RateLimitError;
}

/**
 * Whether `error` is one of this package's errors (and, given a `code`, that one), by its brand
 * and code rather than `instanceof`: true as well for an error from another copy of the package
 * or another realm. Vendor packages' errors (NexarGraphQLError) count too.
 */
export function isVendorClientsError(error: unknown): error is VendorClientsError;
export function isVendorClientsError<Code extends keyof VendorClientsErrorCodes>(
  error: unknown,
  code: Code,
): error is VendorClientsErrorCodes[Code];
export function isVendorClientsError(error: unknown, code?: string): boolean {
  if (typeof error !== "object" || error === null || (error as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (error as { code?: unknown }).code === code;
}

/** An API call answered with an error status (`ApiError`), from any copy of the package. */
export const isApiError = (error: unknown): error is ApiError => isVendorClientsError(error, "API_ERROR");

/** A token, refresh or revocation request failed (`OAuthError`), from any copy of the package. */
export const isOAuthError = (error: unknown): error is OAuthError => isVendorClientsError(error, "OAUTH_FAILED");
