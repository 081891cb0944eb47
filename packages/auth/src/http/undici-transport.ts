import { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { Agent, request as undiciRequest, type Dispatcher } from "undici";
import { bodyOf } from "./light-request.ts";
import { BodyLimitExceeded, concat, type Transport } from "./transport.ts";

/**
 * The transport on Node: undici's own request API. Node's fetch is undici too, wrapped in the
 * WHATWG machinery (a Request, a Response and web streams per call); skipping that wrapper is
 * most of the difference between this client and the fastest alternatives over a real socket.
 * Keep-alive connections are pooled per origin in one agent shared by every client.
 */
export function undiciTransport(options: { dispatcher?: Dispatcher } = {}): Transport {
  const dispatcher = options.dispatcher ?? sharedAgent();
  return async (request, cancel, wireHeaders) => {
    const headers: string[] = [];
    let acceptsEncoding = false;
    request.headers.forEach((value, name) => {
      if (wireHeaders && name in wireHeaders) return;
      headers.push(name, value);
      if (name === "accept-encoding") acceptsEncoding = true;
    });
    if (wireHeaders) for (const name in wireHeaders) headers.push(name, wireHeaders[name]!);
    // As fetch does: ask for compressed bodies (the core counts the bytes after decompression).
    if (!acceptsEncoding) headers.push("accept-encoding", "gzip, deflate, br");
    const body = await bodyOf(request);
    const response = await undiciRequest(request.url, { method: request.method as Dispatcher.HttpMethod, headers, body, signal: cancel as unknown as AbortSignal, dispatcher });
    // An aborted or broken body also surfaces as an 'error' event: its reader reports it, so the event itself must not go unhandled.
    response.body.on("error", ignore);
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
      else if (value !== undefined) responseHeaders.append(name, value);
    }
    const encoding = responseHeaders.get("content-encoding")?.trim().toLowerCase();
    const decoded = (): Readable => {
      const decoder = encoding === "gzip" || encoding === "x-gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : encoding === "br" ? createBrotliDecompress() : undefined;
      if (!decoder) return response.body;
      response.body.on("error", (error) => decoder.destroy(error));
      return response.body.pipe(decoder);
    };
    return {
      status: response.statusCode,
      statusText: response.statusText ?? "",
      headers: responseHeaders,
      read: (limitBytes) => {
        const length = response.headers["content-length"];
        // Declared length within the limit, no compression: undici stops at that length, read it in one go.
        if (!encoding && (limitBytes === undefined || (length !== undefined && Number(length) <= limitBytes)))
          return response.body.bytes();
        return readNodeStream(decoded(), limitBytes);
      },
      stream: () => Readable.toWeb(decoded()) as ReadableStream<Uint8Array>,
      discard: () => void response.body.destroy(),
    };
  };
}

const ignore = () => {};
let agent: Agent | undefined;
const sharedAgent = () => (agent ??= new Agent({ keepAliveTimeout: 10_000 }));

/** Reads a Node stream whole, stopping (and destroying it) as soon as it passes the limit. */
function readNodeStream(stream: Readable, limitBytes: number | undefined): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    stream.on("data", (chunk: Uint8Array) => {
      total += chunk.byteLength;
      if (limitBytes !== undefined && total > limitBytes) {
        stream.destroy();
        reject(new BodyLimitExceeded(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    stream.once("end", () => resolve(concat(chunks, total)));
    stream.once("error", reject);
  });
}
