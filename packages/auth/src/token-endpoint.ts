import { NetworkError, TimeoutError, VendorClientsError, describeCause } from "./errors.ts";
import { parseRetryAfter } from "./middleware/retry.ts";
import { redactUrl } from "./redact.ts";
import { sleep, withTimeout } from "./signals.ts";
import { parseTokenResponse } from "./token-response.ts";
import type { AccessToken } from "./token.ts";

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** What every token source shares: how to reach the endpoint and how long to wait. */
export interface EndpointOptions {
  /** The fetch to send token requests with (default: globalThis.fetch). */
  fetch?: FetchLike;
  /** Per-request time limit in ms (default 30 000). */
  timeoutMs?: number;
  /**
   * Further attempts when the token endpoint fails in a way that may pass: a network error, a
   * timeout, 429 (honouring Retry-After up to 10 s), 500, 502, 503, 504. Default 2.
   */
  retries?: number;
}

const TRANSIENT = new Set([429, 500, 502, 503, 504]);
const MAX_TOKEN_RETRY_WAIT_MS = 10_000;

export interface EndpointRequest {
  operation: string;
  url: URL;
  headers: Record<string, string>;
  form: URLSearchParams;
  secrets: readonly (string | undefined)[];
  signal: AbortSignal | undefined;
  options: EndpointOptions;
}

/** RFC 6749 §2.3.1: client id and secret are form-encoded before they are joined and base64-encoded. */
export function basicAuthorization(clientId: string, clientSecret = ""): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  const bytes = new TextEncoder().encode(`${encode(clientId)}:${encode(clientSecret)}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** POSTs a form to an OAuth endpoint; network failures and timeouts become errors that name the endpoint only. */
export async function postForm(request: EndpointRequest): Promise<Response> {
  const endpoint = redactUrl(request.url);
  const fetchImpl = request.options.fetch ?? globalThis.fetch;
  return withTimeout(`${request.operation} at ${endpoint}`, request.options.timeoutMs ?? 30_000, request.signal, async (signal) => {
    try {
      return await fetchImpl(request.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...request.headers },
        body: request.form,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof VendorClientsError || signal?.aborted) throw error;
      throw new NetworkError(`${request.operation} at ${endpoint} failed: ${describeCause(error)}`, endpoint, { cause: error });
    }
  });
}

/**
 * Posts to the endpoint, trying again (with backoff and jitter) while the failure may pass; the
 * last answer or error is the caller's. A request for a token is safe to repeat: at worst the
 * server issues a token nobody uses.
 */
async function postFormWithRetries(request: EndpointRequest): Promise<Response> {
  const retries = request.options.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await postForm(request);
    } catch (error) {
      if (attempt >= retries || !(error instanceof NetworkError || error instanceof TimeoutError)) throw error;
      await sleep(Math.random() * 200 * 2 ** attempt, request.signal);
      continue;
    }
    if (!TRANSIENT.has(response.status) || attempt >= retries) return response;
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    if (retryAfter !== undefined && retryAfter > MAX_TOKEN_RETRY_WAIT_MS) return response;
    await response.body?.cancel();
    await sleep(retryAfter ?? Math.random() * 200 * 2 ** attempt, request.signal);
  }
}

/** Sends a token request and parses the answer (see parseTokenResponse). */
export async function requestToken(request: EndpointRequest & { defaultLifetimeSeconds: number }): Promise<AccessToken> {
  const response = await postFormWithRetries(request);
  return parseTokenResponse(response, {
    operation: request.operation,
    endpoint: redactUrl(request.url),
    defaultLifetimeSeconds: request.defaultLifetimeSeconds,
    secrets: request.secrets,
    now: Date.now(),
  });
}

/** RFC 7009 revocation: 200 (any body) is success; anything else is an OAuthError. */
export async function revokeToken(request: EndpointRequest): Promise<void> {
  const response = await postFormWithRetries(request);
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  // The token-response reader reports a failed status (RFC 6749 error body, HTML page) and always throws for one.
  await parseTokenResponse(response, { operation: request.operation, endpoint: redactUrl(request.url), defaultLifetimeSeconds: 0, secrets: request.secrets, now: Date.now() });
}
