import type { Cancellation } from "./cancellation.ts";
import { fetchOptionsOf, LightRequest } from "./light-request.ts";

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Thrown by a transport's `read` when the body grows past the limit; the core turns it into a ResponseTooLargeError. */
export class BodyLimitExceeded extends Error {
  constructor(readonly limitBytes: number) {
    super(`the response body exceeds ${limitBytes} bytes`);
  }
}

/** What a transport hands back once the response headers are in: the body is not read yet. */
export interface TransportResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  /** A browser's answer to `redirect: "manual"`: a redirect whose target it hides. */
  readonly opaqueRedirect?: boolean;
  /** Reads the whole body, decompressed, failing with BodyLimitExceeded past `limitBytes`. */
  read(limitBytes: number | undefined): Promise<Uint8Array>;
  /** The body as a web stream (decompressed), for responses the caller streams. */
  stream(): ReadableStream<Uint8Array> | null;
  /** Drops the body unread (a redirect, a refused response). */
  discard(): void;
}

/**
 * What goes on the wire besides the request itself: its URL with any wire-only query parameter
 * (an API key), and headers that go over the request's own (credentials, vendor headers). Neither
 * ever sits on the Request object.
 */
export interface Wire {
  url: string;
  headers: Readonly<Record<string, string>> | undefined;
  /** The init the caller passed to fetch beside a Request (openapi-fetch's `requestInitExt`): the fetch transport hands it on. */
  init?: RequestInit | undefined;
}

/**
 * Sends one HTTP request and returns when the headers are in. It follows no redirect (the core
 * decides those) and must stop, at any stage, when `cancel` fires.
 */
export type Transport = (request: Request, cancel: Cancellation, wire: Wire) => Promise<TransportResponse>;

const EMPTY = new Uint8Array(0);
/** The most content codings a response may stack, as fetch allows: each layer costs a decoder, and thousands keep the loop busy. */
export const MAX_CONTENT_CODINGS = 5;

/** Bytes of their own for a body that fetch may detach; anything else as it is. */
const ownCopy = (body: BodyInit | null): BodyInit | null =>
  ArrayBuffer.isView(body)
    ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice()
    : body instanceof ArrayBuffer
      ? body.slice(0)
      : body;

/** Reads a web stream whole, counting bytes as they come so a bomb is stopped at the limit, not after. */
async function readWebStream(body: ReadableStream<Uint8Array> | null, limitBytes: number | undefined): Promise<Uint8Array> {
  if (!body) return EMPTY;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (limitBytes !== undefined && total > limitBytes) {
      reader.cancel().catch(() => {});
      throw new BodyLimitExceeded(limitBytes);
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * A body read ends when the attempt is cancelled, whatever the reader does: a decoder that does
 * not hear the abort (Node's fetch, after the last byte is in) cannot hold the call past its deadline.
 */
export function untilCancelled<T>(reading: Promise<T>, cancel: Cancellation): Promise<T> {
  if (cancel.aborted) {
    reading.catch(() => {});
    return Promise.reject(new Error("the attempt was cancelled"));
  }
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new Error("the attempt was cancelled"));
    cancel.addEventListener("abort", stop);
    reading.then(
      (value) => (cancel.removeEventListener("abort", stop), resolve(value)),
      (error) => (cancel.removeEventListener("abort", stop), reject(error)),
    );
  });
}

/**
 * The transport on the runtime's fetch (or one the user passed): every runtime has it. Redirects
 * come back to the core as they are (`redirect: "manual"`); the body is read by the core.
 */
export function fetchTransport(fetchImpl?: FetchLike): Transport {
  return async (request, cancel, wire) => {
    const signal = cancel.signal;
    let headers: Headers | undefined;
    if (wire.headers) {
      headers = new Headers(request.headers);
      for (const name in wire.headers) headers.set(name, wire.headers[name]!);
    }
    const send = fetchImpl ?? globalThis.fetch;
    // Options the caller handed to fetch beside the Request (openapi-fetch's requestInitExt) go on as they came.
    const extra = wire.init;
    // A light request goes as its parts with its init (fetch would read it as a bare URL); a
    // platform one as it is, unless the wire URL differs from its own.
    const response = await (request instanceof LightRequest
      ? send(wire.url, {
          ...request.init,
          ...extra,
          method: request.method,
          headers: headers ?? request.headers,
          // fetch may take a buffer over (detach it): it gets a copy, and the request keeps its bytes for a retry or a redirect.
          body: ownCopy(request.bodyInit),
          signal,
          redirect: "manual",
          ...(request.bodyInit !== null ? { duplex: "half" } : {}),
        } as RequestInit)
      : wire.url !== request.url
        ? send(wire.url, {
            ...fetchOptionsOf(request),
            ...extra,
            method: request.method,
            headers: headers ?? request.headers,
            body: request.body,
            signal,
            redirect: "manual",
            duplex: "half",
          } as RequestInit)
        : // An init resets a Request's referrer policy (fetch(request) alone would keep it): give it back.
          send(request, {
            ...extra,
            signal,
            redirect: "manual",
            ...(headers ? { headers } : {}),
            ...(request.referrerPolicy ? { referrerPolicy: request.referrerPolicy } : {}),
          }));
    // As Node's own fetch does (older runtimes' may not): more than five codings is refused before any is undone.
    const codings = response.headers.get("content-encoding");
    if (codings && codings.split(",").length > MAX_CONTENT_CODINGS) {
      response.body?.cancel().catch(() => {});
      throw new TypeError(
        `too many content-encodings in response: ${codings.split(",").length}, maximum allowed is ${MAX_CONTENT_CODINGS}`,
      );
    }
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      opaqueRedirect: response.type === "opaqueredirect",
      read: (limitBytes) => {
        // A declared length within the limit and no compression: the length is the size, read it in one go.
        const length = response.headers.get("content-length");
        const coded = response.headers.has("content-encoding");
        if (limitBytes === undefined || (length !== null && Number(length) <= limitBytes && !coded))
          return coded
            ? untilCancelled(response.arrayBuffer(), cancel).then((buffer) => new Uint8Array(buffer))
            : response.arrayBuffer().then((buffer) => new Uint8Array(buffer));
        // The runtime's decoders may not hear the abort once the last byte is in: a coded body's read ends at the cancellation anyway.
        return coded ? untilCancelled(readWebStream(response.body, limitBytes), cancel) : readWebStream(response.body, limitBytes);
      },
      stream: () => response.body,
      discard: () => void response.body?.cancel().catch(() => {}),
    };
  };
}
