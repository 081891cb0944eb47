import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

/** A request as the server received it: the raw bytes of its body, its headers in order. */
export interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const JSON_BODY = JSON.stringify({ ok: true, items: [1, 2, 3], name: "conformance" });
const BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/**
 * The answers, by path: every kind of body a caller may have to read, and the statuses that
 * change how it is read. Deterministic (no Date header), so two runs of a call get the same bytes.
 */
const ROUTES: Record<string, (req: IncomingMessage, res: ServerResponse, body: Buffer) => void> = {
  "/json": (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON_BODY),
  "/chunked-json": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.write(JSON_BODY.slice(0, 10));
    res.end(JSON_BODY.slice(10));
  },
  "/empty-chunked-json": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.end();
  },
  "/empty-json": (_req, res) => res.writeHead(200, { "content-type": "application/json", "content-length": "0" }).end(),
  "/no-content": (_req, res) => res.writeHead(204, { "x-answer": "none" }).end(),
  "/text": (_req, res) => res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("héllo, wörld"),
  "/bytes": (_req, res) => res.writeHead(200, { "content-type": "application/octet-stream" }).end(BYTES),
  "/gzip-json": (_req, res) => {
    const body = gzipSync(JSON_BODY);
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(body.length) }).end(body);
  },
  "/error-json": (_req, res) =>
    res.writeHead(400, { "content-type": "application/json", "x-error": "1" }).end(JSON.stringify({ code: "E1", message: "bad" })),
  "/error-text": (_req, res) => res.writeHead(503, { "content-type": "text/plain" }).end("try later"),
  "/sized": (req, res) => {
    // A HEAD answer declares the length its GET would have.
    res.writeHead(200, { "content-type": "application/json", "content-length": String(JSON_BODY.length) });
    res.end(req.method === "HEAD" ? undefined : JSON_BODY);
  },
  "/redirect": (_req, res) => res.writeHead(302, { location: "/json" }).end(),
  "/redirect-307": (_req, res) => res.writeHead(307, { location: "/echo" }).end(),
  "/echo": (req, res, body) =>
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        method: req.method,
        // A multipart boundary is random per call.
        contentType: req.headers["content-type"]?.replace(/boundary=.+$/, "boundary=BOUNDARY") ?? null,
        length: body.length,
      }),
    ),
  "/graphql": (req, res, body) => {
    const payload = req.method === "GET" ? Object.fromEntries(new URL(req.url!, "http://x").searchParams) : JSON.parse(body.toString());
    const answer = (one: { operationName?: string; variables?: unknown }) =>
      (one.variables as { fail?: boolean } | undefined)?.fail
        ? { data: null, errors: [{ message: "it failed", path: ["x"] }] }
        : { data: { operation: one.operationName ?? null, variables: one.variables ?? null } };
    res
      .writeHead(200, { "content-type": "application/graphql-response+json; charset=utf-8", "x-graphql": "1" })
      .end(JSON.stringify(Array.isArray(payload) ? payload.map(answer) : answer(payload)));
  },
};

/** One loopback server every side of a comparison calls; it records what it received. */
export async function startRecordingServer() {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Received["headers"] = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!.toLowerCase();
      const value = req.rawHeaders[i + 1]!;
      const seen = headers[name];
      headers[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    received.push({ method: req.method!, url: req.url!, headers, body });
    const route = ROUTES[new URL(req.url!, "http://x").pathname];
    // Date would differ between two runs of the same call.
    res.sendDate = false;
    if (route) route(req, res, body);
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type RecordingServer = Awaited<ReturnType<typeof startRecordingServer>>;

/**
 * The headers a side sends on its own (framing, connection, the core's key): not the caller's,
 * so not compared. Everything else the server received must be the same byte for byte.
 */
export const SIDE_HEADERS = new Set([
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "accept-encoding",
  "x-core-key",
]);

/** What the server received, comparable between sides: a multipart boundary (random per call) replaced by a marker. */
export function comparable(request: Received) {
  const type = String(request.headers["content-type"] ?? "");
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  let body = request.body.toString("latin1");
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (!SIDE_HEADERS.has(name)) headers[name] = boundary && name === "content-type" ? String(value).replace(boundary, "BOUNDARY") : value;
  if (boundary) body = body.split(boundary).join("BOUNDARY");
  return { method: request.method, url: request.url, headers, body };
}
