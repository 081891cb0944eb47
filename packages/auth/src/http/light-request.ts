/** The signal of requests made without one: it never fires. Made on first use (workerd allows no AbortController at module scope). */
let never: AbortSignal | undefined;
export const neverAborted = () => (never ??= new AbortController().signal);
const encoder = new TextEncoder();

/**
 * A Request without the weight: the URL, method, headers, signal and body as they were given,
 * with no stream, no second signal and no header copy built for them. The vendor clients hand
 * this class to openapi-fetch (its `Request` option) and build it for graphql-request's calls,
 * since constructing a full WHATWG Request is the largest fixed cost of a call on Node. It is a
 * Request to `instanceof` and offers its whole reading interface; `body` is made on demand.
 *
 * One difference: `new Request(light, init)` (a copy made by a user's openapi-fetch middleware)
 * keeps only the URL, as for any object that is not a platform Request. Change the light request
 * in place (`request.headers.set(…)`) or build the copy from `request.url` with its parts.
 */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  readonly redirect: RequestRedirect;
  /** The body as given: a string (JSON), bytes, URLSearchParams, FormData or Blob, or null. */
  readonly bodyInit: BodyInit | null;
  #used = false;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = typeof input === "string" ? input : input.href;
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.signal = init.signal ?? neverAborted();
    this.redirect = init.redirect ?? "follow";
    this.bodyInit = init.body ?? null;
    if (this.bodyInit !== null && (this.method === "GET" || this.method === "HEAD"))
      throw new TypeError("Request with GET/HEAD method cannot have body.");
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.bodyInit === null ? null : this.#asResponse().body;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  clone(): LightRequest {
    if (this.#used) throw new TypeError("Request.clone: Body has already been consumed.");
    return new LightRequest(this.url, {
      method: this.method,
      headers: new Headers(this.headers),
      signal: this.signal,
      redirect: this.redirect,
      body: this.bodyInit,
    });
  }

  /** The body as bytes for a transport: a string is encoded once, with no stream in between. */
  bytes(): Promise<Uint8Array> {
    this.#take();
    if (this.bodyInit === null) return Promise.resolve(new Uint8Array(0));
    if (typeof this.bodyInit === "string") return Promise.resolve(encoder.encode(this.bodyInit));
    return this.#asResponse()
      .arrayBuffer()
      .then((buffer) => new Uint8Array(buffer));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes().then((bytes) => bytes.slice().buffer);
  }

  text(): Promise<string> {
    this.#take();
    return typeof this.bodyInit === "string" ? Promise.resolve(this.bodyInit) : this.#asResponse().text();
  }

  json(): Promise<unknown> {
    return this.text().then(JSON.parse);
  }

  blob(): Promise<Blob> {
    this.#take();
    return this.#asResponse().blob();
  }

  formData(): Promise<FormData> {
    this.#take();
    return this.#asResponse().formData();
  }

  // The rest of the Request interface, with the values a request from fetch() would have.
  get cache(): RequestCache {
    return "default";
  }
  get credentials(): RequestCredentials {
    return "same-origin";
  }
  get destination(): RequestDestination {
    return "";
  }
  get integrity(): string {
    return "";
  }
  get keepalive(): boolean {
    return false;
  }
  get mode(): RequestMode {
    return "cors";
  }
  get referrer(): string {
    return "about:client";
  }
  get referrerPolicy(): ReferrerPolicy {
    return "";
  }
  get duplex(): "half" {
    return "half";
  }
  toString(): string {
    return this.url;
  }

  #take(): void {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
  }

  #asResponse(): Response {
    return new Response(this.bodyInit, { headers: this.headers });
  }
}

// `instanceof Request` holds, so openapi-fetch, graphql-request and the steps treat it as one.
Object.setPrototypeOf(LightRequest.prototype, Request.prototype);

/** Whether a request carries a body, without making a stream for a light one. */
export const hasBody = (request: Request): boolean => (request instanceof LightRequest ? request.bodyInit !== null : request.body !== null);

/** The same request for another URL (an API key moved into the query, a redirect followed); the body is shared, not re-read. */
export function withUrl(request: Request, url: string | URL, init: { method?: string; headers?: Headers; body?: null } = {}): Request {
  const source = request instanceof LightRequest ? request : undefined;
  const body = init.body === null ? null : source ? source.bodyInit : request.clone().body;
  return new LightRequest(url, {
    method: init.method ?? request.method,
    headers: init.headers ?? new Headers(request.headers),
    signal: request.signal,
    body: body as BodyInit | null,
  }) as unknown as Request;
}

/** The request's body as a transport sends it: a string as it is, anything else as bytes. */
export function bodyOf(request: Request): Promise<string | Uint8Array | null> | string | null {
  if (request instanceof LightRequest)
    return typeof request.bodyInit === "string" ? request.bodyInit : request.bodyInit === null ? null : request.bytes();
  return request.body ? request.arrayBuffer().then((buffer) => new Uint8Array(buffer)) : null;
}

/**
 * The request for one attempt. A request with a body is copied, so the original keeps its body
 * for the next attempt; one without a body can be sent again as it is (copying it on every
 * attempt of every request is the largest cost a pipeline can add).
 */
export const attemptOf = (request: Request): Request => (hasBody(request) ? request.clone() : request);
