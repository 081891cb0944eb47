import { NetworkError, VendorClientsError, describeCause } from "./errors.ts";
import { redactUrl } from "./redact.ts";
import { withTimeout } from "./signals.ts";
import { parseTokenResponse } from "./token-response.ts";
import type { AccessToken } from "./token.ts";

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** What every token source shares: how to reach the endpoint and how long to wait. */
export interface EndpointOptions {
  /** The fetch to send token requests with (default: globalThis.fetch). */
  fetch?: FetchLike;
  /** Per-request time limit in ms (default 30 000). */
  timeoutMs?: number;
}

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

/** Sends a token request and parses the answer (see parseTokenResponse). */
export async function requestToken(request: EndpointRequest & { defaultLifetimeSeconds: number }): Promise<AccessToken> {
  const response = await postForm(request);
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
  const response = await postForm(request);
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  // The token-response reader reports a failed status (RFC 6749 error body, HTML page) and always throws for one.
  await parseTokenResponse(response, { operation: request.operation, endpoint: redactUrl(request.url), defaultLifetimeSeconds: 0, secrets: request.secrets, now: Date.now() });
}
