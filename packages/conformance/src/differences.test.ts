import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { RedirectError } from "@vendor-clients/auth";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordingServer, type RecordingServer } from "./recording-server.ts";
import { coreOf, restOf } from "./sides.ts";

/**
 * Every row of the README's "Where the clients differ from plain fetch, and why", shown: the
 * plain library's behaviour beside the core's, on both transports.
 */
let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

describe.each(["undici", "fetch"] as const)("where the core differs from plain fetch, over %s", (side) => {
  it("a body that came without a length has one once the core has read it; openapi-fetch's JSON error then never quotes the body", async () => {
    const plain = await createClient({ baseUrl: server.url }).GET("/chunked-json" as never);
    const core = await restOf(side, server.url).request("GET", "/chunked-json");
    expect(plain.response.headers.get("content-length")).toBeNull();
    expect(core.response.headers.get("content-length")).toBe(String(JSON.stringify(core.data).length));
    expect(core.data).toEqual(plain.data);
  });

  it('parseAs stream gets the body read within the attempt (buffer), and as it arrives with responseBody: "stream"', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const trickle = createServer(async (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.write("first ");
      await released;
      res.end("last");
    });
    await new Promise<void>((resolve) => trickle.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`;
    try {
      const streamed = await restOf(side, url, { responseBody: "stream" }).request("GET", "/", { parseAs: "stream" });
      const reader = (streamed.data as ReadableStream<Uint8Array>).getReader();
      // The first chunk is here while the server still holds the last one back.
      expect(new TextDecoder().decode((await reader.read()).value)).toBe("first ");
      release();
      await reader.cancel();
      // Buffered (the default): the call returns once the whole body is in.
      const buffered = restOf(side, url).request("GET", "/", { parseAs: "stream" });
      const body = await new Response((await buffered).data as ReadableStream).text();
      expect(body).toBe("first last");
    } finally {
      release();
      trickle.closeAllConnections();
      trickle.close();
    }
  });

  it("redirect: \"error\" fails with the core's RedirectError (fetch: a TypeError), as every failure is one of the core's errors", async () => {
    await expect(fetch(`${server.url}/redirect`, { redirect: "error" })).rejects.toBeInstanceOf(TypeError);
    await expect(coreOf(side, server.url).fetch(`${server.url}/redirect`, { redirect: "error" })).rejects.toBeInstanceOf(RedirectError);
  });

  it("a 307 re-sends a byte body (Node 20's fetch fails: it has given the buffer away)", async () => {
    const before = server.received.length;
    const response = await coreOf(side, server.url).fetch(`${server.url}/redirect-307`, {
      method: "POST",
      body: new Uint8Array([1, 2, 3]),
    });
    expect(await response.json()).toMatchObject({ length: 3 });
    expect(server.received.slice(before).map((r) => [...r.body])).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it("a key in the query goes on the wire only: response.url shows the URL the caller asked for", async () => {
    const core = coreOf(side, server.url, {}) as ReturnType<typeof coreOf>;
    const keyed = (await import("@vendor-clients/auth")).createClientCore({
      owner: "conformance",
      options: { transport: core.http.transport, retry: false, rateLimit: false },
      baseUrl: server.url,
      apiKey: { name: "subscription-key", keys: "Query-Key-Secret-1", in: "query" },
    });
    const before = server.received.length;
    const response = await keyed.fetch(`${server.url}/redirect`);
    expect(server.received.slice(before).map((r) => r.url)).toEqual([
      "/redirect?subscription-key=Query-Key-Secret-1",
      "/json?subscription-key=Query-Key-Secret-1",
    ]);
    expect(response.url).toBe(`${server.url}/json`);
  });
});

it("over undici, a stream body is read whole and sent with a length (fetch sends it chunked); the server gets the same bytes", async () => {
  const before = server.received.length;
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("a"));
      controller.enqueue(new TextEncoder().encode("b"));
      controller.close();
    },
  });
  await coreOf("undici", server.url).fetch(`${server.url}/echo`, { method: "POST", body, duplex: "half" } as RequestInit);
  const [received] = server.received.slice(before);
  expect(received!.body.toString()).toBe("ab");
  expect(received!.headers["content-length"]).toBe("2");
});
