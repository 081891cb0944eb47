import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comparable, startRecordingServer, type RecordingServer } from "./recording-server.ts";
import { restOf, SIDES, type LooseClient, type Side } from "./sides.ts";

/**
 * One openapi-fetch call made three ways (plain openapi-fetch on the platform's fetch; the core
 * on undici; the core on fetch) against one recording server: what the server received, what the
 * caller got and what the caller's middleware saw must be the same. Each row is one case; the
 * differences the README lists ("Where the clients differ from plain fetch") are asserted where
 * they show, by name, in `differences.test.ts`.
 */
interface Case {
  name: string;
  /** openapi-fetch's createClient options (the vendor factories take the same ones). */
  client?: (observed: unknown[]) => Record<string, unknown>;
  call: (
    client: LooseClient,
    observed: unknown[],
    server: RecordingServer,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  /** The options reach the fetch underneath: the core's own transport does not use one (Node's fetch ignores most of them too). */
  fetchOnly?: boolean;
}

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

const JSON_HEADERS = { "content-type": "application/json" };
const file = () => new File([new Uint8Array([0, 1, 2, 255])], "part.bin", { type: "application/octet-stream" });
const formData = () => {
  const form = new FormData();
  form.append("name", "NE555");
  form.append("quantity", "10");
  form.append("file", file());
  form.append("text", new Blob(["plain"], { type: "text/plain" }), "notes.txt");
  return form;
};
const identity = (body: unknown) => body;
const streamOf = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

/** A middleware that writes down what it was handed, as a user's would look at it. */
const observer = (observed: unknown[], replace?: (request: Request) => Request | Promise<Request>) => ({
  async onRequest({ request }: { request: Request }) {
    const copy = request.clone();
    observed.push({
      isRequest: request instanceof Request,
      method: request.method,
      url: request.url,
      headers: [...request.headers],
      redirect: request.redirect,
      cache: request.cache,
      credentials: request.credentials,
      body: copy.body === null ? null : await copy.text(),
      bodyUsed: request.bodyUsed,
    });
    return replace?.(request);
  },
  async onResponse({ response }: { response: Response }) {
    observed.push({
      isResponse: response instanceof Response,
      hasBody: response.body !== null,
      bodyUsed: response.bodyUsed,
      status: response.status,
      clone: await response.clone().text(),
    });
  },
});

/** The fetch underneath, spied on: what it would send, whichever way it was handed the options. */
const spyFetch = (observed: unknown[]) => async (input: Request | string | URL, init?: RequestInit & Record<string, unknown>) => {
  const effective = new Request(input, init);
  const own = input instanceof Request ? (input as unknown as Record<string, unknown>) : {};
  observed.push({
    url: effective.url,
    method: effective.method,
    cache: effective.cache,
    credentials: effective.credentials,
    keepalive: effective.keepalive,
    mode: effective.mode,
    integrity: effective.integrity,
    referrerPolicy: effective.referrerPolicy,
    // Options a Request has no field for reach the fetch underneath in its init or as the Request's own property.
    next: init?.next ?? own.next,
    priority: init?.priority ?? own.priority,
  });
  return fetch(input, init);
};

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const PARSE_AS = ["json", "text", "blob", "arrayBuffer", "stream"] as const;
const ANSWERS = [
  "/json",
  "/chunked-json",
  "/empty-chunked-json",
  "/empty-json",
  "/no-content",
  "/text",
  "/bytes",
  "/gzip-json",
  "/error-json",
  "/error-text",
  "/sized",
];

const CASES: Case[] = [
  // Every method, with and without a body where it may have one.
  ...METHODS.map((method) => ({ name: `${method} /sized`, call: (c: LooseClient) => c.request(method, "/sized") })),
  ...["POST", "PUT", "PATCH", "DELETE", "OPTIONS"].map((method) => ({
    name: `${method} with a JSON body`,
    call: (c: LooseClient) => c.request(method, "/echo", { body: { part: "NE555", quantity: 3, nested: { a: [1, 2] } } }),
  })),
  // Every kind of body.
  { name: "JSON body (openapi-fetch's serializer)", call: (c) => c.request("POST", "/echo", { body: { a: "é", b: null } }) },
  {
    name: "form body (URLSearchParams)",
    call: (c) =>
      c.request("POST", "/echo", {
        body: new URLSearchParams({ a: "1", b: "x y" }),
        bodySerializer: identity,
        headers: { "content-type": null },
      }),
  },
  {
    name: "URLSearchParams with openapi-fetch's JSON content type",
    call: (c) => c.request("POST", "/echo", { body: new URLSearchParams({ a: "1" }), bodySerializer: identity }),
  },
  { name: "multipart with files (FormData)", call: (c) => c.request("POST", "/echo", { body: formData(), bodySerializer: identity }) },
  {
    name: "Blob body with its type",
    call: (c) =>
      c.request("PUT", "/echo", {
        body: new Blob(["blob body"], { type: "text/csv" }),
        bodySerializer: identity,
        headers: { "content-type": null },
      }),
  },
  {
    name: "Blob body without a type",
    call: (c) => c.request("PUT", "/echo", { body: new Blob(["blob body"]), bodySerializer: identity, headers: { "content-type": null } }),
  },
  {
    name: "bytes body",
    call: (c) =>
      c.request("PUT", "/echo", {
        body: new Uint8Array([1, 2, 3, 0, 255]),
        bodySerializer: identity,
        headers: { "content-type": "application/octet-stream" },
      }),
  },
  {
    name: "ArrayBuffer body",
    call: (c) => c.request("PUT", "/echo", { body: new Uint8Array([9, 8, 7]).buffer, bodySerializer: identity }),
  },
  {
    name: "string body without a content type",
    call: (c) => c.request("POST", "/echo", { body: "plain text", bodySerializer: identity, headers: { "content-type": null } }),
  },
  {
    name: "stream body (duplex: half)",
    call: (c) =>
      c.request("POST", "/echo", {
        body: streamOf("str", "eam ", "body"),
        bodySerializer: identity,
        duplex: "half",
        headers: { "content-type": "text/plain" },
      }),
  },
  { name: "empty string body", call: (c) => c.request("POST", "/echo", { body: "", bodySerializer: identity }) },
  { name: "empty bytes body", call: (c) => c.request("POST", "/echo", { body: new Uint8Array(0), bodySerializer: identity }) },
  { name: "empty stream body", call: (c) => c.request("POST", "/echo", { body: streamOf(), bodySerializer: identity, duplex: "half" }) },
  // Every kind of answer, read every way openapi-fetch reads one.
  ...ANSWERS.flatMap((path) =>
    PARSE_AS.map((parseAs) => ({ name: `GET ${path}, parseAs ${parseAs}`, call: (c: LooseClient) => c.request("GET", path, { parseAs }) })),
  ),
  { name: "HEAD /gzip-json", call: (c) => c.request("HEAD", "/gzip-json") },
  // Redirects, every mode.
  { name: "redirect follow (302 to /json)", call: (c) => c.request("GET", "/redirect") },
  { name: "redirect manual", call: (c) => c.request("GET", "/redirect", { redirect: "manual" }) },
  { name: "redirect manual, parseAs text", call: (c) => c.request("GET", "/redirect", { redirect: "manual", parseAs: "text" }) },
  { name: "307 replays the body", call: (c) => c.request("POST", "/redirect-307", { body: { replay: true } }) },
  { name: "POST answered 302 becomes a GET", call: (c) => c.request("POST", "/redirect", { body: { dropped: true } }) },
  // Parameters and serializers.
  {
    name: "query, path and header parameters",
    call: (c) =>
      c.request("GET", "/items/{id}", {
        params: { path: { id: "a b/c" }, query: { q: "x&y", list: [1, 2], deep: { a: 1 } }, header: { "x-param": "p" } },
      }),
  },
  {
    name: "client-level headers, one removed per call",
    client: () => ({ headers: { "x-client": "c", "x-removed": "r" } }),
    call: (c) => c.request("GET", "/json", { headers: { "x-removed": null, "x-call": "k" } }),
  },
  {
    name: "client-level querySerializer (object)",
    client: () => ({
      querySerializer: { array: { style: "pipeDelimited", explode: false }, object: { style: "deepObject", explode: true } },
    }),
    call: (c) => c.request("GET", "/q", { params: { query: { list: [1, 2, 3], deep: { a: 1, b: "2" } } } }),
  },
  {
    name: "client-level querySerializer (function)",
    client: () => ({ querySerializer: (q: Record<string, unknown>) => `custom=${Object.keys(q).join("+")}` }),
    call: (c) => c.request("GET", "/q", { params: { query: { a: 1, b: 2 } } }),
  },
  {
    name: "client-level bodySerializer",
    client: () => ({ bodySerializer: (body: unknown) => `serialized:${JSON.stringify(body)}` }),
    call: (c) => c.request("POST", "/echo", { body: { a: 1 } }),
  },
  {
    name: "client-level pathSerializer",
    client: () => ({ pathSerializer: (path: string, params: Record<string, unknown>) => path.replace("{id}", `id-${params.id}`) }),
    call: (c) => c.request("GET", "/items/{id}", { params: { path: { id: 7 } } }),
  },
  {
    name: "per-call headers as a Headers object",
    call: (c) => c.request("GET", "/json", { headers: new Headers({ "x-a": "1", accept: "application/json" }) }),
  },
  {
    name: "per-call querySerializer",
    call: (c) =>
      c.request("GET", "/q", { params: { query: { a: [1, 2] } }, querySerializer: { array: { style: "spaceDelimited", explode: false } } }),
  },
  // The caller's middleware.
  {
    name: "middleware reads the request and the response",
    client: () => ({}),
    call: (c, observed) => (c.use(observer(observed)), c.request("POST", "/echo", { body: { seen: 1 } })),
  },
  {
    name: "middleware returns new Request(request, init)",
    call: (c, observed) => (
      c.use(observer(observed, (r) => new Request(r, { headers: { "x-replaced": "yes", ...JSON_HEADERS } }))),
      c.request("POST", "/echo", { body: { moved: 1 } })
    ),
  },
  {
    name: "middleware returns a new Request for another path",
    call: (c, observed, s) => (
      c.use(observer(observed, (r) => new Request(`${s.url}/elsewhere?x=1`, { method: "PUT", body: "replaced", headers: r.headers }))),
      c.request("POST", "/echo", { body: { moved: 1 } })
    ),
  },
  {
    name: "middleware sets a header in place",
    call: (c, observed) => (
      c.use({ onRequest: ({ request }: { request: Request }) => void request.headers.set("x-in-place", "1") }, observer(observed)),
      c.request("GET", "/json")
    ),
  },
  {
    name: "middleware reads request.json() of a clone",
    call: (c, observed) => (
      c.use({ onRequest: async ({ request }: { request: Request }) => void observed.push(await request.clone().json()) }),
      c.request("PATCH", "/echo", { body: { patch: [1] } })
    ),
  },
  {
    name: "onResponse touches response.body, then openapi-fetch reads it",
    call: (c, observed) => (
      c.use({ onResponse: ({ response }: { response: Response }) => void observed.push(response.body !== null, response.bodyUsed) }),
      c.request("GET", "/json")
    ),
  },
  {
    name: "onResponse replaces the response",
    call: (c) => (
      c.use({
        onResponse: async ({ response }: { response: Response }) =>
          new Response(JSON.stringify({ was: response.status }), { status: 201, headers: JSON_HEADERS }),
      }),
      c.request("GET", "/json")
    ),
  },
  {
    name: "onResponse reads the body and passes it on",
    call: (c, observed) => (
      c.use({ onResponse: async ({ response }: { response: Response }) => void observed.push(await response.clone().json()) }),
      c.request("GET", "/chunked-json")
    ),
  },
  {
    name: "onRequest answers itself",
    call: (c, observed) => (
      c.use(observer(observed), { onRequest: () => new Response('{"short":1}', { headers: JSON_HEADERS }) }), c.request("GET", "/json")
    ),
  },
  // The caller's fetch: per call, and the options that must reach the fetch underneath.
  {
    name: "per-call fetch gets a Request the platform fetch takes",
    call: (c, observed) => c.request("POST", "/echo", { body: { x: 1 }, fetch: spyFetch(observed) }),
  },
  {
    name: "fetch init options reach the fetch underneath",
    fetchOnly: true,
    client: (observed) => ({ fetch: spyFetch(observed) }),
    call: (c) =>
      c.request("GET", "/json", {
        cache: "no-store",
        credentials: "omit",
        keepalive: true,
        mode: "cors",
        priority: "high",
        next: { revalidate: 60 },
        referrerPolicy: "no-referrer",
      }),
  },
  {
    name: "requestInitExt reaches the fetch underneath",
    fetchOnly: true,
    client: (observed) => ({ fetch: spyFetch(observed), requestInitExt: { next: { tags: ["parts"] }, priority: "low" } }),
    call: (c) => c.request("GET", "/json"),
  },
  {
    name: "requestInitExt with a body",
    client: () => ({ requestInitExt: { keepalive: false } }),
    call: (c) => c.request("POST", "/echo", { body: { ext: true } }),
  },
  {
    name: "fetch init options on the core's own transport",
    call: (c) => c.request("GET", "/json", { cache: "no-store", credentials: "include", keepalive: true }),
  },
];

/** What the caller got, comparable: the data read out whatever its kind, the response's visible parts. */
async function outcome(result: Promise<{ data?: unknown; error?: unknown; response: Response }>) {
  let settled: { data?: unknown; error?: unknown; response: Response };
  try {
    settled = await result;
  } catch (error) {
    // The core's errors are its own classes (a documented difference): that it threw is what must agree.
    return { threw: true, isError: error instanceof Error };
  }
  const { response } = settled;
  return {
    data: await readable(settled.data),
    error: await readable(settled.error),
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    type: response.type,
    url: response.url,
    redirected: response.redirected,
    bodyUsed: response.bodyUsed,
    headers: [...response.headers].filter(([name]) => !["connection", "keep-alive", "date"].includes(name)),
    isResponse: response instanceof Response,
  };
}

async function readable(value: unknown): Promise<unknown> {
  if (value instanceof ReadableStream) return { stream: Buffer.from(await new Response(value).arrayBuffer()).toString("hex") };
  if (value instanceof Blob) return { blob: value.type, bytes: Buffer.from(await value.arrayBuffer()).toString("hex") };
  if (value instanceof ArrayBuffer) return { arrayBuffer: Buffer.from(value).toString("hex") };
  return value;
}

async function run(side: Side, testCase: Case) {
  const observed: unknown[] = [];
  const client = restOf(side, server.url, testCase.client?.(observed) ?? {});
  const before = server.received.length;
  const got = await outcome(testCase.call(client, observed, server));
  const received = server.received.slice(before).map(comparable);
  return {
    received,
    got,
    observed: JSON.parse(JSON.stringify(observed, (_k, v) => (typeof v === "string" ? v.replace(server.url, "SERVER") : v))),
  };
}

/**
 * The one known difference in what the caller sees: a body that came without a length (chunked)
 * gets one once the core has read it (so openapi-fetch parses it with json(), which never quotes
 * the body in an error). README: "Where the clients differ from plain fetch".
 */
function withoutAddedLength(core: Awaited<ReturnType<typeof run>>, plain: Awaited<ReturnType<typeof run>>) {
  const plainHeaders = "headers" in plain.got ? plain.got.headers : undefined;
  const coreHeaders = "headers" in core.got ? core.got.headers : undefined;
  if (!coreHeaders || !plainHeaders || plainHeaders.some(([name]) => name === "content-length")) return core;
  return { ...core, got: { ...core.got, headers: coreHeaders.filter(([name]) => name !== "content-length") } };
}

export const REST_CASES = CASES;

describe.each(SIDES.filter((side) => side !== "plain"))(
  "openapi-fetch through the core on %s, side by side with plain openapi-fetch",
  (side) => {
    const cases = CASES.filter((c) => !(c.fetchOnly && side === "undici"));
    it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
      const plain = await run("plain", testCase);
      const core = await run(side, testCase);
      // The case did something: it reached the server, threw, or a middleware answered it.
      expect(plain.received.length + plain.observed.length + ("threw" in plain.got ? 1 : 0)).toBeGreaterThan(0);
      expect(withoutAddedLength(core, plain)).toEqual(plain);
    });
  },
);
