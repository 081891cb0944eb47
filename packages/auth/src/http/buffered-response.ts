const decoder = new TextDecoder();
/** A copy of its own: a Node Buffer's slice() is a view, often into a pool shared with other data. */
const copy = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => Uint8Array.prototype.slice.call(bytes) as Uint8Array<ArrayBuffer>;
/** Statuses whose responses have no body, whatever the server sends. */
export const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A Response whose body the core has already read whole (within the deadline and the size limit).
 * Reading it again costs no stream: `text()` and `json()` decode the bytes in memory, which is
 * what keeps a pipeline that reads every body inside its attempt as fast as one that does not.
 * It is a real Response (instanceof, headers, status, clone, body as a stream on demand).
 */
export class BufferedResponse extends Response {
  readonly #bytes: Uint8Array;
  readonly #headers: Headers;
  readonly #url: string;
  readonly #redirected: boolean;
  #used = false;
  /** The body as a stream, made the first time `body` is read; reading it is what uses the body, as for any Response. */
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;

  constructor(bytes: Uint8Array, init: { status: number; statusText: string; headers: Headers; url: string; redirected?: boolean }) {
    super(null, { status: init.status, statusText: init.statusText });
    this.#bytes = NULL_BODY_STATUSES.has(init.status) ? new Uint8Array(0) : bytes;
    // A body that came without a length (chunked) gets its length: openapi-fetch reads a body with
    // a length through json(), which never quotes it in an error, and one without through its
    // own JSON.parse, which does. An empty one keeps none (openapi-fetch then reads it as no data,
    // as it does from fetch), and the headers of a HEAD answer are the server's.
    let headers = init.headers;
    if (this.#bytes.byteLength > 0 && !headers.has("content-length")) {
      headers = new Headers(headers);
      headers.set("content-length", String(this.#bytes.byteLength));
    }
    this.#headers = headers;
    this.#url = init.url;
    this.#redirected = init.redirected ?? false;
  }

  override get headers(): Headers {
    return this.#headers;
  }

  override get url(): string {
    return this.#url;
  }

  override get redirected(): boolean {
    return this.#redirected;
  }

  /** What a response from fetch is: "basic" (a constructed Response says "default"). */
  override get type(): ResponseType {
    return "basic";
  }

  override get bodyUsed(): boolean {
    return this.#used;
  }

  /** The body as a stream, for callers that want one (openapi-fetch's `parseAs: "stream"`); looking at it uses nothing. */
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (NULL_BODY_STATUSES.has(this.status)) return null;
    if (this.#stream) return this.#stream;
    const bytes = this.#bytes;
    // No high-water mark: nothing is pulled (and the body is not used) until someone reads.
    this.#stream = new ReadableStream(
      {
        pull: (controller) => {
          this.#used = true;
          if (bytes.byteLength) controller.enqueue(copy(bytes));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    return this.#stream;
  }

  #take(): Uint8Array {
    // A null body (204, 304…) is never used up: it reads as empty every time, as the platform's does.
    if (NULL_BODY_STATUSES.has(this.status)) return this.#bytes;
    if (this.#used || this.#stream?.locked) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    // A stream handed out before is now read, as the platform's would be.
    this.#stream?.getReader();
    return this.#bytes;
  }

  override async text(): Promise<string> {
    return decoder.decode(this.#take());
  }

  override async json(): Promise<any> {
    const bytes = this.#take();
    try {
      return JSON.parse(decoder.decode(bytes));
    } catch {
      // JSON.parse's message quotes the body, which may hold a secret: describe it instead.
      throw new SyntaxError(
        `the response body (HTTP ${this.status}, ${bytes.byteLength} bytes of ${this.#headers.get("content-type") ?? "no content type"}) is not valid JSON`,
      );
    }
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return copy(this.#take()).buffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return copy(this.#take());
  }

  override blob(): Promise<Blob> {
    // The platform's, for its reading of the Content-Type (a normalised MIME type).
    return new Response(copy(this.#take()), { headers: this.#headers }).blob();
  }

  override formData(): Promise<FormData> {
    return new Response(copy(this.#take()), { headers: this.#headers }).formData();
  }

  override clone(): BufferedResponse {
    if (this.#used || this.#stream?.locked) throw new TypeError("Response.clone: Body has already been consumed.");
    return new BufferedResponse(this.#bytes, {
      status: this.status,
      statusText: this.statusText,
      headers: new Headers(this.#headers),
      url: this.#url,
      redirected: this.#redirected,
    });
  }
}

/** Lets go of a response the caller will not read: nothing to do for a buffered one, a cancel for a stream. */
export async function discard(response: Response): Promise<void> {
  if (response instanceof BufferedResponse) return;
  await response.body?.cancel().catch(() => {});
}

/** What a GraphQL answer really means, when its status does not say it: a status, and headers to add. */
export interface Restatement {
  status: number;
  statusText: string;
  headers?: Record<string, string>;
}

/**
 * For servers that report in a 200's JSON body what HTTP would say with a status (GraphQL: an
 * expired token, throttling): `classify` reads the body and says which status it means. Anything
 * else, or a body that is not JSON, comes back as the same response, unread; a restated one keeps
 * its body, headers and URL, and stays a BufferedResponse (whose json() never quotes the body).
 */
export async function restatus(response: Response, classify: (body: unknown) => Restatement | undefined): Promise<Response> {
  if (response.status !== 200 || !/json/i.test(response.headers.get("content-type") ?? "")) return response;
  const text = await response.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return response;
  }
  const meaning = classify(body);
  if (!meaning) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(meaning.headers ?? {})) headers.set(name, value);
  return new BufferedResponse(new TextEncoder().encode(text), {
    status: meaning.status,
    statusText: meaning.statusText,
    headers,
    url: response.url,
  });
}
