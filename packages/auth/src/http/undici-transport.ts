import { Transform, type Readable } from "node:stream";
import { constants as zlibConstants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";
import { Agent, request as undiciRequest, type Dispatcher } from "undici";
import { bodyOf } from "./light-request.ts";
import { BodyLimitExceeded, concat, MAX_CONTENT_CODINGS, type Transport, untilCancelled } from "./transport.ts";

/**
 * The transport on Node: undici's own request API. Node's fetch is undici too, wrapped in the
 * WHATWG machinery (a Request, a Response and web streams per call); skipping that wrapper is
 * most of the difference between this client and the fastest alternatives over a real socket.
 * Keep-alive connections are pooled per origin in one agent shared by every client.
 */
export function undiciTransport(options: { dispatcher?: Dispatcher } = {}): Transport {
  const dispatcher = options.dispatcher ?? sharedAgent();
  return async (request, cancel, wire) => {
    const headers: string[] = [];
    let defaults = 0;
    request.headers.forEach((value, name) => {
      if (wire.headers && name in wire.headers) return;
      headers.push(name, value);
      const bit = FETCH_DEFAULTS.get(name);
      if (bit !== undefined) defaults |= bit;
    });
    if (wire.headers) for (const name in wire.headers) headers.push(name, wire.headers[name]!);
    // The headers fetch adds when the request has none of its own (the core counts the bytes of a compressed body after decompression).
    for (const [name, bit, value] of FETCH_DEFAULT_VALUES) if (!(defaults & bit)) headers.push(name, value);
    // And those its cache modes add: nothing is cached here, but the server sees what fetch would send.
    const cache = request.cache;
    if (cache !== "default") {
      if ((cache === "no-store" || cache === "reload") && !request.headers.has("pragma")) headers.push("pragma", "no-cache");
      if (!request.headers.has("cache-control")) {
        if (cache === "no-store" || cache === "reload") headers.push("cache-control", "no-cache");
        else if (cache === "no-cache") headers.push("cache-control", "max-age=0");
      }
    }
    const body = await bodyOf(request);
    const response = await undiciRequest(wire.url, {
      method: request.method as Dispatcher.HttpMethod,
      headers,
      body,
      signal: cancel as unknown as AbortSignal,
      dispatcher,
    });
    // An aborted or broken body also surfaces as an 'error' event: its reader reports it, so the event itself must not go unhandled.
    response.body.on("error", ignore);
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
      else if (value !== undefined) responseHeaders.append(name, value);
    }
    // As fetch: no body to decode for HEAD and the null-body statuses.
    const bodiless = request.method === "HEAD" || NULL_BODY_STATUSES.has(response.statusCode);
    let encodings: string[];
    try {
      encodings = bodiless ? [] : contentCodings(responseHeaders.get("content-encoding"));
    } catch (error) {
      response.body.destroy();
      throw error;
    }
    if (bodiless) {
      response.body.destroy();
      return {
        status: response.statusCode,
        statusText: response.statusText ?? "",
        headers: responseHeaders,
        read: () => Promise.resolve(EMPTY),
        stream: () => null,
        discard: ignore,
      };
    }
    return {
      status: response.statusCode,
      statusText: response.statusText ?? "",
      headers: responseHeaders,
      read: (limitBytes) => {
        const length = response.headers["content-length"];
        // Declared length within the limit, no compression: undici stops at that length, read it in one go.
        if (!encodings.length && (limitBytes === undefined || (length !== undefined && Number(length) <= limitBytes)))
          return response.body.bytes();
        const reading = readNodeStream(decoded(response.body, encodings), limitBytes, () => response.body.destroy());
        // Decoders that are still at work when the attempt is cancelled do not hold the call.
        return encodings.length ? untilCancelled(reading, cancel) : reading;
      },
      stream: () => webStream(decoded(response.body, encodings), () => response.body.destroy()),
      discard: () => void response.body.destroy(),
    };
  };
}

const ignore = () => {};
const EMPTY = new Uint8Array(0);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const FETCH_DEFAULTS = new Map([
  ["accept", 1],
  ["accept-language", 2],
  ["sec-fetch-mode", 4],
  ["user-agent", 8],
  ["accept-encoding", 16],
]);
const FETCH_DEFAULT_VALUES: ReadonlyArray<readonly [string, number, string]> = [
  ["accept", 1, "*/*"],
  ["accept-language", 2, "*"],
  ["sec-fetch-mode", 4, "cors"],
  ["user-agent", 8, "node"],
  ["accept-encoding", 16, "gzip, deflate, br"],
];

/**
 * The codings to undo, as fetch reads Content-Encoding: more than MAX_CONTENT_CODINGS is an error,
 * and a coding it does not know leaves the body as it came (identity is no coding).
 */
export function contentCodings(header: string | null): string[] {
  if (!header) return [];
  const codings = header.toLowerCase().split(",");
  if (codings.length > MAX_CONTENT_CODINGS)
    throw new TypeError(`too many content-encodings in response: ${codings.length}, maximum allowed is ${MAX_CONTENT_CODINGS}`);
  const known: string[] = [];
  for (const raw of codings) {
    const coding = raw.trim();
    if (coding === "identity" || coding === "") continue;
    if (!KNOWN_CODINGS.has(coding)) return [];
    known.push(coding);
  }
  return known;
}
const KNOWN_CODINGS = new Set(["gzip", "x-gzip", "deflate", "br"]);
// Lenient at the end of the stream, as fetch is: an empty or cut body decodes to what it holds.
const ZLIB_OPTIONS = { flush: zlibConstants.Z_SYNC_FLUSH, finishFlush: zlibConstants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = { flush: zlibConstants.BROTLI_OPERATION_FLUSH, finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH };
let agent: Agent | undefined;
const sharedAgent = () => (agent ??= new Agent({ keepAliveTimeout: 10_000 }));

/**
 * The body decoded as fetch would decode it: each content coding undone in reverse order, and
 * "deflate" either zlib-wrapped (as RFC 9110 says) or raw (as some servers send it).
 */
function decoded(body: Readable, encodings: readonly string[]): Readable {
  let stream = body;
  for (const encoding of [...encodings].reverse()) {
    const decoder =
      encoding === "gzip" || encoding === "x-gzip"
        ? createGunzip(ZLIB_OPTIONS)
        : encoding === "br"
          ? createBrotliDecompress(BROTLI_OPTIONS)
          : encoding === "deflate"
            ? inflateEitherWay()
            : undefined;
    if (!decoder) continue;
    const source = stream;
    source.on("error", (error) => decoder.destroy(error));
    // A decoder that stops (a limit reached, an error) stops the download behind it.
    decoder.on("close", () => source.destroy());
    stream = source.pipe(decoder);
  }
  return stream;
}

/** Inflate that looks at the first bytes: a zlib header (CMF/FLG with a valid check) or a raw deflate stream. */
function inflateEitherWay(): Transform {
  let inner: Transform | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!inner) {
        const zlibHeader = chunk.length >= 2 && (chunk[0]! & 0x0f) === 0x08 && ((chunk[0]! << 8) | chunk[1]!) % 31 === 0;
        inner = zlibHeader ? createInflate(ZLIB_OPTIONS) : createInflateRaw(ZLIB_OPTIONS);
        inner.on("data", (data: Buffer) => this.push(data));
        inner.on("error", (error) => this.destroy(error));
      }
      inner.write(chunk, () => callback());
    },
    flush(callback) {
      if (!inner) return callback();
      inner.once("end", () => callback());
      inner.end();
    },
    destroy(error, callback) {
      inner?.destroy();
      callback(error);
    },
  });
}

/** Reads a Node stream whole, stopping (and dropping the download) as soon as it passes the limit. */
function readNodeStream(stream: Readable, limitBytes: number | undefined, drop: () => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    stream.on("data", (chunk: Uint8Array) => {
      total += chunk.byteLength;
      if (limitBytes !== undefined && total > limitBytes) {
        stream.destroy();
        drop();
        reject(new BodyLimitExceeded(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    stream.once("end", () => resolve(concat(chunks, total)));
    stream.once("error", reject);
  });
}

/**
 * A web stream over a Node stream, pulled chunk by chunk; cancelling it drops the download.
 * (Not Readable.toWeb: cancelling one of those piped through another stream can crash the
 * process on Node 20, nodejs/node#64529.)
 */
function webStream(stream: Readable, drop: () => void): ReadableStream<Uint8Array> {
  const chunks = stream[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value as Uint8Array);
    },
    cancel: () => {
      stream.destroy();
      drop();
    },
  });
}
