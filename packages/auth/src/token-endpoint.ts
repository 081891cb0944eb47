import { HttpCore, type HttpOptions, type Step } from "./http/core.ts";
import { rateLimit, type RateLimitOptions } from "./rate-limit/step.ts";
import { LightRequest } from "./http/light-request.ts";
import type { FetchLike } from "./http/transport.ts";
import { logging } from "./steps/logging.ts";
import { assembleSteps, type StepName, type StepsOptions } from "./steps/pipeline.ts";
import { retry, retryPolicy, type RetryOptions } from "./steps/retry.ts";
import { optionalNumber } from "./options.ts";
import { redactUrl } from "./redact.ts";
import { parseTokenResponse } from "./token-response.ts";
import type { AccessToken } from "./token.ts";

export type { FetchLike };

/**
 * What token requests go through: a client's core (its transport, deadline, logger and secret
 * registry) and the steps of its token pipeline, assembled by the same builder as its API calls'.
 */
export interface TokenClient {
  readonly http: HttpCore;
  readonly steps: readonly Step[];
}

/** How a token source reaches its endpoint. Inside a vendor client, `client` is the client's own. */
export interface EndpointOptions extends HttpOptions {
  /**
   * The client to send token requests through (the vendor clients pass theirs). Without it the
   * source makes its own from the other options here.
   */
  client?: TokenClient;
  /** Further attempts when the token endpoint fails in a way that may pass (default: the retry policy's, 2). */
  retries?: number;
  /** The retry policy for token requests' backoff (its statuses and methods are the token endpoint's own). */
  retry?: RetryOptions | false;
  /** Limits on token requests (Nexar: 2/s, 200/15 min, 3 000/12 h, 40 000/week), shared like API limits. */
  rateLimit?: RateLimitOptions;
  /** Steps added, replaced or removed by name, as a client's `steps` option (those added for "token" requests). */
  steps?: StepsOptions;
}

/** Token endpoints answer in a few hundred bytes; anything past this is not a token response. */
const TOKEN_RESPONSE_LIMIT = 256 * 1024;
/** A token endpoint that asks for a longer wait than this fails the token request instead. */
const MAX_TOKEN_RETRY_WAIT_MS = 10_000;

/** RFC 6749 §2.3.1: client id and secret are form-encoded before they are joined and base64-encoded. */
export function basicAuthorization(clientId: string, clientSecret = "", { encode = true } = {}): string {
  const formEncode = (value: string) => (encode ? encodeURIComponent(value).replace(/%20/g, "+") : value);
  const bytes = new TextEncoder().encode(`${formEncode(clientId)}:${formEncode(clientSecret)}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * One OAuth endpoint (token or revocation) reached through the core: the same transport,
 * deadline, body limit and scrubbing as API calls, plus what only token requests get: no
 * redirect is ever followed (the credentials would be posted again), a POST is safe to repeat
 * on a transient failure. The token cache it goes to registers each token it issues.
 */
export class OAuthEndpoint {
  readonly client: TokenClient;
  readonly url: URL;
  readonly #pipelines = new Map<string, typeof globalThis.fetch>();

  constructor(owner: string, option: string, url: unknown, options: EndpointOptions) {
    this.client = options?.client ?? {
      http: new HttpCore(options, owner),
      steps: assembleSteps("token", tokenSteps(owner, options), options?.steps, owner),
    };
    this.url = this.http.url(owner, option, url);
  }

  get http(): HttpCore {
    return this.client.http;
  }

  /** Posts a form; the answer is read whole (within the deadline and 256 kB) before it is returned. */
  post(operation: string, form: URLSearchParams, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<Response> {
    let send = this.#pipelines.get(operation);
    if (!send) {
      send = this.http.fetch({
        steps: this.client.steps,
        origins: [this.url.origin],
        redirects: "refuse",
        maxResponseBytes: TOKEN_RESPONSE_LIMIT,
        operation,
      });
      this.#pipelines.set(operation, send);
    }
    const request = new LightRequest(this.url, {
      method: "POST",
      headers: new Headers({ "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...headers }),
      body: form.toString(),
      ...(signal ? { signal } : {}),
    });
    return send(request as unknown as Request);
  }

  /** Sends a token request and parses the answer (see parseTokenResponse); the token cache it goes to registers it as a secret. */
  async requestToken(
    operation: string,
    form: URLSearchParams,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    defaultLifetimeSeconds: number,
  ): Promise<AccessToken> {
    // Scrubbed where it leaves: the core's exit for the exchange; what the reader says quotes only scrubbed excerpts.
    return parseTokenResponse(await this.post(operation, form, headers, signal), {
      operation,
      endpoint: redactUrl(this.url),
      defaultLifetimeSeconds,
      secrets: this.http.secrets,
      now: Date.now(),
    });
  }

  /** RFC 7009 revocation: 200 (any body) is success; anything else is an OAuthError. */
  async revoke(form: URLSearchParams, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<void> {
    const response = await this.post("token revocation", form, headers, signal);
    if (response.ok) return;
    // The token-response reader reports a failed status (RFC 6749 error body, HTML page) and always throws for one.
    await parseTokenResponse(response, {
      operation: "token revocation",
      endpoint: redactUrl(this.url),
      defaultLifetimeSeconds: 0,
      secrets: this.http.secrets,
      now: Date.now(),
    });
  }
}

/**
 * The built-in steps of a token pipeline, for the builder: retries with the token endpoint's own
 * policy (a POST is safe to repeat, short waits), its quota, and a log line per attempt.
 */
export function tokenSteps(
  owner: string,
  options: Pick<EndpointOptions, "retry" | "retries" | "rateLimit"> | undefined,
): Partial<Record<StepName, Step>> {
  const retries = optionalNumber(owner, "retries", options?.retries, { min: 0, max: 10, integer: true });
  const base = options?.retry === false ? { retries: 0 } : (options?.retry ?? {});
  const policy = retryPolicy({
    ...base,
    ...(retries !== undefined ? { retries } : {}),
    statuses: [429, 500, 502, 503, 504],
    methods: ["POST"],
    baseDelayMs: base.baseDelayMs ?? 200,
    maxRetryAfterMs: Math.min(base.maxRetryAfterMs ?? MAX_TOKEN_RETRY_WAIT_MS, MAX_TOKEN_RETRY_WAIT_MS),
  });
  return {
    retry: retry(policy),
    // A slot per attempt, as for API calls; the wait stays under the token request's own deadline.
    ...(options?.rateLimit ? { rateLimit: rateLimit({ maxWaitMs: 20_000, ...options.rateLimit }) } : {}),
    logging: logging(),
  };
}
