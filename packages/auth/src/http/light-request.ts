/** The signal of requests made without one: it never fires. Made on first use (workerd allows no AbortController at module scope). */
let never: AbortSignal | undefined;
export const neverAborted = () => (never ??= new AbortController().signal);
const encoder = new TextEncoder();

/**
 * A Request without the weight, for the calls the core is handed as `fetch(url, init)`
 * (graphql-request's, the client's own `fetch`, token requests): the URL, method, headers,
 * signal and body as they were given, with no stream and no second signal built for them. It is
 * a Request to `instanceof` and offers its reading interface; `body` is made on demand. The
 * headers get the Content-Type fetch would derive from the body (a multipart boundary, a form,
 * a Blob's type, text), and the init is kept whole for the fetch transport, so options such as
 * `cache`, `keepalive` or a framework's own reach the fetch underneath as they were given.
 *
 * It never reaches user code: openapi-fetch builds platform Requests (its middleware may copy
 * them with `new Request(request, init)`, which a light one cannot support), and a user's step is
 * handed the platform Request it stands for (`asPlatformRequest`).
 */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  readonly redirect: RequestRedirect;
  /** The body as given: a string (JSON), bytes, URLSearchParams, Blob or a stream (FormData is encoded once, here), or null. */
  readonly bodyInit: BodyInit | null;
  /** The init as the caller gave it: the fetch transport passes its other options to the fetch underneath. */
  readonly init: RequestInit;
  #used = false;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = typeof input === "string" ? input : input.href;
    this.method = normalizeMethod(init.method ?? "GET");
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.signal = init.signal ?? neverAborted();
    this.redirect = init.redirect ?? "follow";
    this.init = init;
    let body = init.body ?? null;
    if (body !== null && (this.method === "GET" || this.method === "HEAD"))
      throw new TypeError("Request with GET/HEAD method cannot have body.");
    if (body !== null && !this.headers.has("content-type")) {
      // The Content-Type fetch derives from the body.
      if (typeof body === "string") this.headers.set("content-type", "text/plain;charset=UTF-8");
      else if (body instanceof URLSearchParams) this.headers.set("content-type", "application/x-www-form-urlencoded;charset=UTF-8");
      else if (body instanceof Blob) {
        if (body.type) this.headers.set("content-type", body.type);
      } else if (typeof FormData !== "undefined" && body instanceof FormData) {
        // Encoded once, here, so that its boundary and its bytes agree however often it is read.
        const encoded = new Response(body);
        this.headers.set("content-type", encoded.headers.get("content-type")!);
        body = encoded.body;
      }
    }
    this.bodyInit = body;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.bodyInit === null ? null : this.#asResponse().body;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  clone(): LightRequest {
    if (this.#used) throw new TypeError("Request.clone: Body has already been consumed.");
    let body = this.bodyInit;
    if (body instanceof ReadableStream) {
      // A stream is read once: the clone and this request each get a branch of it, as Request.clone() does.
      const [mine, theirs] = body.tee();
      (this as { bodyInit: BodyInit | null }).bodyInit = mine;
      body = theirs;
    }
    return new LightRequest(this.url, {
      ...this.init,
      method: this.method,
      headers: new Headers(this.headers),
      signal: this.signal,
      redirect: this.redirect,
      body,
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
    return this.init.cache ?? "default";
  }
  get credentials(): RequestCredentials {
    return this.init.credentials ?? "same-origin";
  }
  get destination(): RequestDestination {
    return "";
  }
  get integrity(): string {
    return "";
  }
  get keepalive(): boolean {
    return this.init.keepalive ?? false;
  }
  get mode(): RequestMode {
    return this.init.mode ?? "cors";
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

const STANDARD_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
/** As fetch normalizes a method: the standard ones upper-cased, any other (PATCH included) as given. */
const normalizeMethod = (method: string): string => {
  const upper = method.toUpperCase();
  return STANDARD_METHODS.has(upper) ? upper : method;
};

// `instanceof Request` holds, so openapi-fetch, graphql-request and the steps treat it as one.
Object.setPrototypeOf(LightRequest.prototype, Request.prototype);

/** Whether a request carries a body, without making a stream for a light one. */
export const hasBody = (request: Request): boolean => (request instanceof LightRequest ? request.bodyInit !== null : request.body !== null);

/** The same request for another URL (an API key moved into the query, a redirect followed); the body is shared, not re-read. */
export function withUrl(request: Request, url: string | URL, init: { method?: string; headers?: Headers; body?: null } = {}): Request {
  const source = request instanceof LightRequest ? request : undefined;
  const body = init.body === null ? null : source ? source.bodyInit : request.clone().body;
  return new LightRequest(url, {
    ...(source ? source.init : fetchOptionsOf(request)),
    method: init.method ?? request.method,
    headers: init.headers ?? new Headers(request.headers),
    signal: request.signal,
    redirect: request.redirect,
    body: body as BodyInit | null,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit) as unknown as Request;
}

/**
 * The options of a platform Request that the fetch underneath would take from it, with the own
 * properties openapi-fetch copies onto it for options a Request has no field for (Next.js's `next`).
 */
export function fetchOptionsOf(request: Request): RequestInit {
  const options: Record<string, unknown> = {
    cache: request.cache,
    credentials: request.credentials,
    integrity: request.integrity,
    keepalive: request.keepalive,
    mode: request.mode,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
  };
  for (const key of Object.keys(request)) options[key] = (request as unknown as Record<string, unknown>)[key];
  return options as RequestInit;
}

/** The request's body as a transport sends it: a string as it is, anything else as bytes. */
export function bodyOf(request: Request): Promise<string | Uint8Array | null> | string | null {
  if (request instanceof LightRequest)
    return typeof request.bodyInit === "string" ? request.bodyInit : request.bodyInit === null ? null : request.bytes();
  const text = ClientRequest.textOf(request);
  if (text !== undefined) return text;
  return request.body ? request.arrayBuffer().then((buffer) => new Uint8Array(buffer)) : null;
}

/**
 * The request for one attempt. A request with a body is copied, so the original keeps its body
 * for the next attempt; one without a body can be sent again as it is (copying it on every
 * attempt of every request is the largest cost a pipeline can add).
 */
export const attemptOf = (request: Request): Request => (hasBody(request) ? request.clone() : request);

/**
 * The Request class openapi-fetch builds for the REST clients: the platform's own (a user's
 * middleware may copy it, replace it, read it), remembering two things the core can then skip:
 * that no caller's signal was given (no abort listener to register on a signal nobody holds),
 * and a string body as it was given (the undici transport sends it without reading the stream).
 */
export class ClientRequest extends Request {
  readonly #unsignalled: boolean;
  readonly #text: string | undefined;

  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.#unsignalled = !init?.signal && !(input instanceof Request);
    this.#text = typeof init?.body === "string" && !(input instanceof Request) ? init.body : undefined;
  }

  /** openapi-fetch checks what a middleware returns against this class: any platform Request is one, as without it. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Request;
  }

  /** Whether `request` is one of these, built without a caller's signal. */
  static unsignalled(request: Request): boolean {
    return #unsignalled in request && request.#unsignalled;
  }

  /** The string body `request` was built with, while its body is unread; otherwise undefined. */
  static textOf(request: Request): string | undefined {
    return #text in request && !request.bodyUsed ? request.#text : undefined;
  }
}
// Shown and named as the platform's.
Object.defineProperty(ClientRequest, "name", { value: "Request" });

/**
 * The platform Request a light one stands for, for user code (a step the user added or put in a
 * built-in one's place): one fetch would make of the same call, so that `new Request(request,
 * init)`, `clone()` and every field behave as the platform's. Made once per call, at the first
 * user step; the body is handed over, not read, and an option of the init that a Request has no
 * field for (Next.js's `next`) goes on it as an own property, as openapi-fetch puts it, for the
 * fetch underneath (`fetchOptionsOf`).
 */
export function asPlatformRequest(request: Request): Request {
  if (!(request instanceof LightRequest)) return request;
  const { init, bodyInit } = request;
  const platform = new ClientRequest(request.url, {
    ...init,
    method: request.method,
    headers: request.headers,
    body: bodyInit,
    redirect: request.redirect,
    // No signal given stays none (the core then registers no abort listener).
    ...(init.signal ? { signal: init.signal } : {}),
    ...(bodyInit instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  for (const key of Object.keys(init))
    if (!(key in platform)) (platform as unknown as Record<string, unknown>)[key] = (init as Record<string, unknown>)[key];
  return platform;
}

let lightAllowed = false;
/**
 * openapi-fetch's `Request` option for the REST clients: a platform Request (ClientRequest)
 * whenever user code may see it (a middleware is registered, a per-call `fetch`), and a light
 * one when nothing but the core will (building a platform Request is the largest fixed cost of a
 * call on Node). Any platform Request passes openapi-fetch's `instanceof` check against it.
 */
export function clientRequest(input: RequestInfo | URL, init?: RequestInit): Request {
  return lightAllowed && typeof input === "string" ? (new LightRequest(input, init) as unknown as Request) : new ClientRequest(input, init);
}
Object.defineProperty(clientRequest, Symbol.hasInstance, { value: (value: unknown) => value instanceof Request });

/** Runs `call` (openapi-fetch builds its Request synchronously, before its first await) with light requests allowed or not. */
export function withLightRequests<T>(allowed: boolean, call: () => T): T {
  const before = lightAllowed;
  lightAllowed = allowed;
  try {
    return call();
  } finally {
    lightAllowed = before;
  }
}
