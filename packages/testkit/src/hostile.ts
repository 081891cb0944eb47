import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { startHttpServer, type RecordedRequest } from "./http-server.ts";

export type SeenRequest = RecordedRequest;

export type Misbehaviour = (req: SeenRequest, res: ServerResponse, index: number) => unknown;

/**
 * A loopback server that misbehaves on purpose, one answer per request as the test says: stall
 * mid-body, never answer, redirect elsewhere, echo what it was sent, send a gzip bomb. It records
 * everything it receives (`seen`), so a test can prove a secret never arrived, and closes every
 * connection it holds when closed (a stalled one too).
 */
export async function startHostileServer(answer: Misbehaviour) {
  const server = await startHttpServer(answer);
  return { url: server.url, seen: server.requests, close: server.close };
}

export type HostileServer = Awaited<ReturnType<typeof startHostileServer>>;

/** Sends the headers and the start of a JSON body, then nothing more (the connection stays open). */
export const stallMidBody: Misbehaviour = (_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  res.write('{"access_token":"tok-Stalled-');
};

/** Never sends anything back. */
export const neverAnswer: Misbehaviour = () => new Promise(() => {});

/** Redirects to `target` + the same path, with the given status. */
export const redirectTo =
  (target: string, status = 307): Misbehaviour =>
  (req, res) =>
    res.writeHead(status, { location: `${target}${req.url}` }).end();

/** Answers `status` with a JSON body that echoes everything it was sent: URL, headers, body. */
export const echo =
  (status = 400): Misbehaviour =>
  (req, res) => {
    const headers = Object.entries(req.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join("; ");
    const body = JSON.stringify({
      error: "invalid_request",
      error_description: `bad request ${req.url} with ${headers} and ${req.body}`,
      message: `bad request ${req.url} with ${headers} and ${req.body}`,
      code: `E-${req.headers.authorization ?? "none"}`,
    });
    res.writeHead(status, { "content-type": "application/json" }).end(body);
  };

let bomb: Buffer | undefined;
/**
 * About 250 kB of gzip that inflates to 256 MiB of zeros: eight times any default limit, a thousand
 * times its own size. Built as 256 gzip members of 1 MiB each (a valid multi-member stream, RFC 1952
 * §2.2) so that making the fixture never holds 256 MiB itself: a test that measures memory must see
 * only what the code under test allocates.
 */
export const gzipBomb = (): Buffer => {
  if (bomb) return bomb;
  const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  bomb = Buffer.concat(Array.from({ length: 256 }, () => member));
  return bomb;
};

/** Answers 200 with a gzip bomb declared as JSON. */
export const sendGzipBomb: Misbehaviour = (_req, res) => {
  const body = gzipBomb();
  res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(body.length) }).end(body);
};
