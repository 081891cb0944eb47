import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comparable, startRecordingServer, type RecordingServer } from "./recording-server.ts";
import { coreOf, SIDES, type Side } from "./sides.ts";

/**
 * The client's own `fetch` (for calls outside the definition, and what graphql-request is given)
 * side by side with the platform's: `fetch(url, init)` and `fetch(request)`, every body kind,
 * every way of reading the answer.
 */
interface Case {
  name: string;
  call: (fetch: typeof globalThis.fetch, url: string) => Promise<Response>;
  read?: (response: Response) => Promise<unknown>;
}

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

const form = () => {
  const data = new FormData();
  data.append("a", "1");
  data.append("file", new File(["file body"], "f.txt", { type: "text/plain" }));
  return data;
};
const stream = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("streamed "));
      controller.enqueue(new TextEncoder().encode("body"));
      controller.close();
    },
  });
const hex = async (buffer: ArrayBuffer | Uint8Array) => Buffer.from(buffer as ArrayBuffer).toString("hex");

const BODIES: Array<[string, () => BodyInit]> = [
  ["string", () => "text body"],
  ["JSON string", () => JSON.stringify({ a: 1 })],
  ["URLSearchParams", () => new URLSearchParams({ a: "1", b: "two words" })],
  ["FormData with a file", form],
  ["Blob with a type", () => new Blob(["blob"], { type: "application/x-custom" })],
  ["Blob without a type", () => new Blob(["blob"])],
  ["Uint8Array", () => new Uint8Array([1, 2, 3])],
  ["ArrayBuffer", () => new Uint8Array([4, 5]).buffer],
  ["ReadableStream (duplex: half)", stream],
  ["empty string", () => ""],
];
const READS: Array<[string, (response: Response) => Promise<unknown>]> = [
  ["text()", (r) => r.text()],
  ["json()", (r) => r.json().catch((error: Error) => ({ rejected: error.name }))],
  ["arrayBuffer()", (r) => r.arrayBuffer().then(hex)],
  ["bytes()", (r) => r.bytes().then(hex)],
  ["blob()", (r) => r.blob().then(async (b) => ({ type: b.type, body: await b.text() }))],
  ["body stream", async (r) => (r.body ? hex(await new Response(r.body).arrayBuffer()) : null)],
  ["clone() then both", async (r) => [await r.clone().text(), await r.text()]],
  ["body looked at, then text()", async (r) => [r.body === null, r.bodyUsed, await r.text(), r.bodyUsed]],
  ["text() twice", async (r) => [await r.text(), await r.text().catch((e: Error) => e.name)]],
];

const CASES: Case[] = [
  ...BODIES.map(([name, body]) => ({
    name: `POST a ${name} body`,
    call: (f: typeof fetch, url: string) => f(`${url}/echo`, { method: "POST", body: body(), duplex: "half" } as RequestInit),
  })),
  ...BODIES.map(([name, body]) => ({
    name: `POST a Request with a ${name} body`,
    call: (f: typeof fetch, url: string) => f(new Request(`${url}/echo`, { method: "POST", body: body(), duplex: "half" } as RequestInit)),
  })),
  ...["/json", "/chunked-json", "/empty-chunked-json", "/text", "/bytes", "/gzip-json", "/no-content", "/error-json"].flatMap((path) =>
    READS.map(([how, read]) => ({
      name: `GET ${path}, read with ${how}`,
      call: (f: typeof fetch, url: string) => f(`${url}${path}`),
      read,
    })),
  ),
  { name: "HEAD /sized", call: (f, url) => f(`${url}/sized`, { method: "HEAD" }) },
  { name: "HEAD /gzip-json", call: (f, url) => f(`${url}/gzip-json`, { method: "HEAD" }) },
  { name: "OPTIONS", call: (f, url) => f(`${url}/json`, { method: "OPTIONS" }) },
  { name: "a lower-case method", call: (f, url) => f(`${url}/echo`, { method: "post", body: "x" }) },
  { name: "PATCH as given", call: (f, url) => f(`${url}/echo`, { method: "PATCH", body: "x" }) },
  { name: "redirect follow", call: (f, url) => f(`${url}/redirect`) },
  { name: "redirect manual", call: (f, url) => f(`${url}/redirect`, { redirect: "manual" }) },
  { name: "redirect manual, on a Request", call: (f, url) => f(new Request(`${url}/redirect`, { redirect: "manual" })) },
  { name: "307 replays a string body", call: (f, url) => f(`${url}/redirect-307`, { method: "POST", body: "again" }) },
  {
    name: "headers as pairs, as a record, as Headers",
    call: (f, url) =>
      f(`${url}/json`, {
        headers: [
          ["x-pair", "1"],
          ["x-pair", "2"],
        ],
      }),
  },
  {
    name: "a Request with init that overrides it",
    call: (f, url) => f(new Request(`${url}/echo`, { method: "PUT", body: "a" }), { headers: { "x-init": "1" } }),
  },
  { name: "cache: no-store", call: (f, url) => f(`${url}/json`, { cache: "no-store" }) },
  { name: "cache: no-cache", call: (f, url) => f(`${url}/json`, { cache: "no-cache" }) },
  { name: "a URL object", call: (f, url) => f(new URL(`${url}/json?a=1`)) },
  { name: "GET with a body is refused", call: (f, url) => f(`${url}/json`, { body: "x" }) },
];

async function run(side: Side, testCase: Case) {
  const fetch = side === "plain" ? globalThis.fetch : coreOf(side, server.url).fetch;
  const before = server.received.length;
  let got: unknown;
  try {
    const response = await testCase.call(fetch, server.url);
    got = {
      status: response.status,
      statusText: response.statusText,
      type: response.type,
      url: response.url,
      redirected: response.redirected,
      ok: response.ok,
      headers: [...response.headers].filter(([name]) => !["connection", "keep-alive", "date", "content-length"].includes(name)),
      read: await (testCase.read ?? ((r: Response) => r.text()))(response),
    };
  } catch (error) {
    got = { threw: error instanceof Error };
  }
  return { received: server.received.slice(before).map(comparable), got };
}

export const FETCH_CASES = CASES;

describe.each(SIDES.filter((side) => side !== "plain"))("the client's fetch over %s, side by side with the platform's fetch", (side) => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const plain = await run("plain", testCase);
    expect(await run(side, testCase)).toEqual(plain);
  });
});
