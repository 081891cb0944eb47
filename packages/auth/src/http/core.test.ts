import { oauth } from "../auth.ts";
import { inspect } from "node:util";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import {
  captureError,
  captureThrow,
  echo,
  expectNoSecrets,
  json,
  neverAnswer,
  redirectTo,
  SECRETS,
  gzipBomb,
  sendGzipBomb,
  stallMidBody,
  startHostileServer,
  type HostileServer,
  type Misbehaviour,
} from "@vendor-clients/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../api-error.ts";
import { createClientCore, type CommonClientOptions } from "../client-core.ts";
import { AbortError, type ConfigError, RedirectError, ResponseTooLargeError, TimeoutError } from "../errors.ts";
import { clientCredentials } from "../sources/client-credentials.ts";
import { passwordGrant } from "../sources/password.ts";
import { apiKey } from "../steps/api-key.ts";
import { bearer } from "../steps/bearer.ts";
import { createFetch } from "../steps/pipeline.ts";
import { TokenCache } from "../token-cache.ts";
import { fetchTransport, type Transport } from "./transport.ts";
import { undiciTransport } from "./undici-transport.ts";

/** A token endpoint that behaves, unless the test says otherwise for the next requests. */
let tokenMisbehaviour: Misbehaviour | undefined;
let issued = 0;
const goodToken: Misbehaviour = (_req, res) =>
  json(res, 200, { access_token: `tok-Core-Issued-${++issued}-value`, token_type: "Bearer", expires_in: 3600 });

let apiMisbehaviour: Misbehaviour;
let idp: HostileServer;
let api: HostileServer;
let elsewhere: HostileServer;

beforeAll(async () => {
  idp = await startHostileServer((req, res, i) => (tokenMisbehaviour ?? goodToken)(req, res, i));
  api = await startHostileServer((req, res, i) => apiMisbehaviour(req, res, i));
  elsewhere = await startHostileServer((_req, res) => json(res, 200, { stolen: true }));
});
afterAll(async () => {
  await Promise.all([idp.close(), api.close(), elsewhere.close()]);
});
afterEach(() => {
  tokenMisbehaviour = undefined;
  for (const server of [idp, api, elsewhere]) server.seen.length = 0;
});

const ok: Misbehaviour = (_req, res) => json(res, 200, { ok: true });
/** The collected log lines of a client: scanned for secrets like errors are. */
const logLines: string[] = [];
const logger = {
  warn: (m: string) => void logLines.push(m),
  debug: (m: string, f?: unknown) => void logLines.push(`${m} ${JSON.stringify(f)}`),
};

/** A client like the vendors': client credentials with an API key on the token request, a key header, a vendor header. */
function client(transport: Transport, options: Partial<CommonClientOptions> = {}) {
  return createClientCore({
    owner: "testClient",
    options: { transport, logger, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options },
    baseUrl: api.url,
    auth: oauth(clientCredentials, {
      tokenUrl: `${idp.url}/token`,
      clientId: "core-test",
      clientSecret: SECRETS.clientSecret,
      headers: { "x-api-key": SECRETS.apiKey },
    }),
    apiKey: { name: "Ocp-Apim-Subscription-Key", keys: SECRETS.primaryKey },
    headers: { static: { Tenant: "apitest" } },
  });
}

/** Everything that left the client in a test: none of it may hold a secret or an issued token. */
const issuedTokens = () => Array.from({ length: issued }, (_, i) => `tok-Core-Issued-${i + 1}-value`);

describe.each([
  ["undici", undiciTransport()],
  ["fetch", fetchTransport()],
] as const)("the core over %s", (_name, transport) => {
  describe("deadlines", () => {
    it("a response that stalls mid-body fails at the deadline, naming the stage; the next call works", async () => {
      apiMisbehaviour = (req, res, i) => (i === 0 ? stallMidBody(req, res, i) : ok(req, res, i));
      const { fetch } = client(transport, { timeoutMs: 300, retry: false });
      const started = Date.now();
      const error = await captureError<TimeoutError>(fetch(`${api.url}/stall`), issuedTokens());
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.message).toBe(`GET ${api.url}/stall got no complete response within 300 ms (reading the response body)`);
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await fetch(`${api.url}/after`)).status).toBe(200);
    });

    it("a server that never answers fails at the deadline of each attempt, retried within the call's budget", async () => {
      apiMisbehaviour = neverAnswer;
      const { fetch } = client(transport, { timeoutMs: 200, retry: { retries: 1, baseDelayMs: 1 } });
      const error = await captureError<TimeoutError>(fetch(`${api.url}/silent`), issuedTokens());
      expect(error.message).toContain("(waiting for the response headers)");
      expect(api.seen).toHaveLength(2);
    });

    it("a token response that stalls mid-body never wedges the cache: the call fails, and once the server heals the next call gets a token", async () => {
      tokenMisbehaviour = stallMidBody;
      apiMisbehaviour = ok;
      const { fetch } = client(transport, { timeoutMs: 200, retry: { retries: 2, baseDelayMs: 1 } });
      const error = await captureError<TimeoutError>(fetch(`${api.url}/needs-token`), issuedTokens());
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.message).toMatch(
        /^client_credentials token request at http:\/\/127\.0\.0\.1:\d+\/token got no complete response within 200 ms \(reading the response body\)$/,
      );
      // One retry budget: the token request's own 3 attempts, not 3 more for each API attempt.
      expect(idp.seen).toHaveLength(3);
      expect(api.seen).toHaveLength(0);
      tokenMisbehaviour = undefined;
      expect((await fetch(`${api.url}/needs-token`)).status).toBe(200);
    });

    it("the caller's signal ends the call at any stage: waiting for a token, for headers, for the body", async () => {
      const abortAfter = (ms: number) => AbortSignal.timeout(ms);
      tokenMisbehaviour = neverAnswer;
      const a = client(transport, { timeoutMs: 10_000 });
      expect(await captureError(a.fetch(`${api.url}/x`, { signal: abortAfter(100) }))).toBeInstanceOf(AbortError);
      tokenMisbehaviour = undefined;
      for (const misbehaviour of [neverAnswer, stallMidBody]) {
        apiMisbehaviour = misbehaviour;
        const started = Date.now();
        const error = await captureError(
          client(transport, { timeoutMs: 10_000 }).fetch(`${api.url}/x`, { signal: abortAfter(150) }),
          issuedTokens(),
        );
        expect(error).toBeInstanceOf(AbortError);
        expect(Date.now() - started).toBeLessThan(5000);
      }
    });
  });

  describe("redirects", () => {
    it.each([301, 302, 303, 307, 308])(
      "a %i to another origin is refused: nothing reaches it, not the key, not the token",
      async (status) => {
        apiMisbehaviour = redirectTo(elsewhere.url, status);
        const { fetch } = client(transport);
        const error = await captureError<RedirectError>(
          fetch(`${api.url}/items?subscription-key=${SECRETS.secondaryKey}`, { method: "POST", body: "{}" }),
          issuedTokens(),
        );
        expect(error).toBeInstanceOf(RedirectError);
        expect(error.message).toContain(`from ${api.url} to another origin, ${elsewhere.url}: refused`);
        expect(error.message).not.toContain(SECRETS.secondaryKey);
        expect(elsewhere.seen).toHaveLength(0);
      },
    );

    it("a same-origin redirect is followed with the credentials; a 307 replays the body, a 303 turns into a GET", async () => {
      apiMisbehaviour = (req, res) => {
        if (req.url === "/old") return res.writeHead(307, { location: "/new" }).end();
        if (req.url === "/see-other") return res.writeHead(303, { location: "/result" }).end();
        json(res, 200, { method: req.method, body: req.body });
      };
      const { fetch } = client(transport);
      const replayed = await fetch(`${api.url}/old`, { method: "POST", body: '{"a":1}' });
      expect(await replayed.json()).toEqual({ method: "POST", body: '{"a":1}' });
      expect(replayed.redirected).toBe(true);
      const seeOther = await fetch(`${api.url}/see-other`, { method: "POST", body: '{"a":1}' });
      expect(await seeOther.json()).toEqual({ method: "GET", body: "" });
      const followed = api.seen.filter((r) => r.url === "/new" || r.url === "/result");
      expect(followed.map((r) => [r.headers["ocp-apim-subscription-key"], r.headers.authorization?.startsWith("Bearer ")])).toEqual([
        [SECRETS.primaryKey, true],
        [SECRETS.primaryKey, true],
      ]);
    });

    it("a redirect loop ends after the limit", async () => {
      apiMisbehaviour = (req, res) => res.writeHead(302, { location: req.url }).end();
      const error = await captureError<RedirectError>(client(transport, { maxRedirects: 3 }).fetch(`${api.url}/loop`), issuedTokens());
      expect(error.message).toBe(`GET ${api.url}/loop was redirected more than 3 times`);
      expect(api.seen).toHaveLength(4);
    });

    it.each([307, 308])(
      "a token endpoint answering %i is never followed: the secret is posted once, to the configured URL only",
      async (status) => {
        for (const target of [elsewhere.url, idp.url]) {
          tokenMisbehaviour = (req, res) =>
            req.url === "/token" ? redirectTo(target, status)({ ...req, url: "/moved" }, res, 0) : goodToken(req, res, 0);
          idp.seen.length = 0;
          const error = await captureError<RedirectError>(client(transport).fetch(`${api.url}/x`), issuedTokens());
          expect(error).toBeInstanceOf(RedirectError);
          expect(error.message).toContain("refused, so that credentials are never posted twice");
          expect(idp.seen.map((r) => r.url)).toEqual(["/token"]);
        }
        expect(elsewhere.seen).toHaveLength(0);
      },
    );

    it("a request to an origin the client was not configured for never leaves", async () => {
      const error = await captureError<ConfigError>(client(transport).fetch(`${elsewhere.url}/steal`), issuedTokens());
      expect(error.message).toBe(`GET ${elsewhere.url}/steal refused: this client sends credentials only to ${api.url}`);
      expect(elsewhere.seen).toHaveLength(0);
      expect(idp.seen).toHaveLength(0);
    });
  });

  describe("body limits", () => {
    it("a gzip bomb from the API stops at the limit with an error naming the URL, the status and the limit", async () => {
      apiMisbehaviour = sendGzipBomb;
      gzipBomb(); // the fixture is built before the baseline: only what the core allocates counts
      const before = process.memoryUsage().rss;
      const error = await captureError<ResponseTooLargeError>(
        client(transport, { maxResponseBytes: 1024 * 1024, retry: false }).fetch(`${api.url}/bomb?code=${SECRETS.password}`),
        issuedTokens(),
      );
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ status: 200, limitBytes: 1024 * 1024, url: `${api.url}/bomb?code=[redacted]` });
      expect(error.message).toBe(
        `GET ${api.url}/bomb?code=[redacted]: the response body (HTTP 200) exceeds the limit of 1048576 bytes; raise option "maxResponseBytes", or stream it (responseBody: "stream")`,
      );
      expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    });

    it("a gzip bomb from the token endpoint stops at its 256 kB limit", async () => {
      tokenMisbehaviour = sendGzipBomb;
      const error = await captureError<ResponseTooLargeError>(client(transport, { retry: false }).fetch(`${api.url}/x`), issuedTokens());
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error.message).toMatch(
        /^client_credentials token request at http:\/\/127\.0\.0\.1:\d+\/token: the response body \(HTTP 200\) exceeds the limit of 262144 bytes/,
      );
    });

    it("streams a large body when asked, still counting its bytes", async () => {
      apiMisbehaviour = (_req, res) =>
        res.writeHead(200, { "content-type": "application/octet-stream" }).end(Buffer.alloc(3 * 1024 * 1024, 7));
      const downloads = client(transport, { responseBody: "stream", maxResponseBytes: 8 * 1024 * 1024 });
      const response = await downloads.fetch(`${api.url}/download`);
      expect((await response.arrayBuffer()).byteLength).toBe(3 * 1024 * 1024);
      const limited = client(transport, { responseBody: "stream", maxResponseBytes: 1024 * 1024 });
      const error = await captureError((await limited.fetch(`${api.url}/download`)).arrayBuffer(), issuedTokens());
      expect(error).toBeInstanceOf(ResponseTooLargeError);
    });
    it("a streamed body is held to the deadline between chunks: a stall ends it, a trickle with shorter gaps runs to its end", async () => {
      // The deadline of a streamed body is idle time, not the whole download: a long download that
      // keeps coming is what streaming is for; one that stops coming is ended as a buffered one is.
      const pending = new Set<ReturnType<typeof setTimeout>>();
      const later = (ms: number, then: () => void) => {
        const t = setTimeout(() => (pending.delete(t), then()), ms);
        pending.add(t);
      };
      apiMisbehaviour = (req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.write(Buffer.alloc(1024, 1));
        if (req.url === "/stall") return; // never another byte
        let sent = 1;
        const next = () => (sent++ < 6 ? (res.write(Buffer.alloc(1024, 1)), later(100, next)) : res.end());
        later(100, next);
      };
      const downloads = client(transport, { responseBody: "stream", timeoutMs: 400, retry: false });
      const stalled = await downloads.fetch(`${api.url}/stall`);
      const error = await captureError<TimeoutError>(stalled.arrayBuffer(), issuedTokens());
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.message).toBe(`GET ${api.url}/stall: the streamed body stalled for 400 ms`);
      // Six gaps of 100 ms: longer than the 400 ms deadline in all, never idle for it.
      const trickle = await downloads.fetch(`${api.url}/trickle`);
      expect((await trickle.arrayBuffer()).byteLength).toBe(6 * 1024);
      for (const t of pending) clearTimeout(t);
    });
  });

  describe("secrets", () => {
    it("a gateway that echoes what it was sent cannot put a secret in an ApiError, an OAuthError, a log line or a hook argument", async () => {
      apiMisbehaviour = echo(401);
      const hooks: unknown[] = [];
      const { fetch } = client(transport, {
        retry: { retries: 1, baseDelayMs: 1, statuses: [401], methods: ["POST"], onRetry: (info) => void hooks.push(info) },
      });
      const response = await fetch(`${api.url}/items?echo=${SECRETS.primaryKey}`, {
        method: "POST",
        body: JSON.stringify({ key: SECRETS.primaryKey }),
      });
      const body = await response.json();
      expect(JSON.stringify(body)).toContain(SECRETS.primaryKey); // the server did echo the key
      const error = ApiError.from(response, body, { method: "POST" });
      expectNoSecrets(error, issuedTokens());
      expect(error.message).toContain("HTTP 401");
      tokenMisbehaviour = echo(400);
      const oauth = await captureError(client(transport).fetch(`${api.url}/x`), issuedTokens());
      expect(oauth.message).toContain("HTTP 400 invalid_request");
      for (const line of [...logLines, inspect(hooks, { depth: 5 }), JSON.stringify(hooks)]) expectNoSecrets(line, issuedTokens());
      expect(hooks.length).toBeGreaterThan(0);
    });

    it("keeps credentials off the caller's Request: openapi-fetch's own middleware never sees one", async () => {
      apiMisbehaviour = ok;
      const request = new Request(`${api.url}/items`);
      await client(transport).fetch(request);
      expect([...request.headers.keys()]).toEqual([]);
      expect(api.seen[0]!.headers).toMatchObject({ tenant: "apitest", "ocp-apim-subscription-key": SECRETS.primaryKey });
    });
  });
});

describe.each([
  ["undici", undiciTransport()],
  ["fetch", fetchTransport()],
] as const)("the core over %s, under the review's probes", (_name, transport) => {
  it("streaming: a cancelled body neither crashes nor leaves the download running; a 204 and a HEAD have no body", async () => {
    apiMisbehaviour = (req, res) => {
      if (req.url === "/empty") return res.writeHead(204).end();
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(Buffer.alloc(256 * 1024, 1));
    };
    const downloads = client(transport, { responseBody: "stream" });
    for (let i = 0; i < 3; i++) await (await downloads.fetch(`${api.url}/big`)).body!.cancel();
    const empty = await downloads.fetch(`${api.url}/empty`, { method: "DELETE" });
    expect([empty.status, empty.body]).toEqual([204, null]);
    expect((await downloads.fetch(`${api.url}/big`, { method: "HEAD" })).body).toBeNull();
    expect(api.seen.filter((r) => r.url === "/empty")).toHaveLength(1);
  });

  it("a key in the query goes on the wire only, and follows a same-origin redirect; the response's URL does not show it", async () => {
    apiMisbehaviour = (req, res) =>
      req.url.startsWith("/old") ? res.writeHead(302, { location: "/new?page=2" }).end() : json(res, 200, { url: req.url });
    const keyed = createClientCore({
      owner: "testClient",
      options: { transport, logger },
      baseUrl: api.url,
      auth: oauth(clientCredentials, { tokenUrl: `${idp.url}/token`, clientId: "q", clientSecret: SECRETS.clientSecret }),
      apiKey: { name: "subscription-key", in: "query", keys: SECRETS.primaryKey },
    });
    const response = await keyed.fetch(`${api.url}/old?page=1`);
    expect(await response.json()).toEqual({ url: `/new?page=2&subscription-key=${SECRETS.primaryKey}` });
    expect(response.url).toBe(`${api.url}/new?page=2`);
    expect(inspect(response)).not.toContain(SECRETS.primaryKey);
  });

  it("a redirect to a same-origin URL with user info is refused", async () => {
    apiMisbehaviour = (_req, res) => res.writeHead(302, { location: `${api.url.replace("http://", "http://admin:pw@")}/x` }).end();
    expect(await captureError(client(transport).fetch(`${api.url}/a`), issuedTokens())).toBeInstanceOf(RedirectError);
  });

  it("decodes deflate with or without its zlib wrapper, and stacked codings", async () => {
    const body = Buffer.from(JSON.stringify({ ok: true }));
    apiMisbehaviour = (req, res) => {
      const [encoding, bytes] =
        req.url === "/raw"
          ? ["deflate", deflateRawSync(body)]
          : req.url === "/zlib"
            ? ["deflate", deflateSync(body)]
            : ["gzip, br", brotliCompressSync(gzipSync(body))];
      res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding }).end(bytes);
    };
    const { fetch } = client(transport);
    for (const path of ["/raw", "/zlib", "/stacked"]) expect(await (await fetch(`${api.url}${path}`)).json()).toEqual({ ok: true });
  });

  it("a token that a header cannot carry is refused at once, not cached", async () => {
    tokenMisbehaviour = (_req, res) => json(res, 200, { access_token: "tok-Bad\r\nX-Injected: 1", token_type: "Bearer" });
    const error = await captureError(client(transport, { retry: false }).fetch(`${api.url}/x`), issuedTokens());
    expect(error.message).toContain("the access_token holds characters an Authorization header cannot carry");
  });

  it("one AbortSignal shared by many concurrent calls draws no listener warning", async () => {
    apiMisbehaviour = ok;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const shared = new AbortController().signal;
      const { fetch } = client(transport);
      await Promise.all(Array.from({ length: 30 }, () => fetch(`${api.url}/many`, { signal: shared })));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});

const gzipLayers = (body: Buffer, layers: number) => {
  let out = body;
  for (let i = 0; i < layers; i++) out = gzipSync(out);
  return out;
};

describe.each([
  ["undici", undiciTransport()],
  ["fetch", fetchTransport()],
] as const)("the core over %s, hostile servers (second round)", (_name, transport) => {
  it("content codings: up to five stacked layers are undone, more are refused before any is, thousands at once; the process survives every one", async () => {
    const body = Buffer.from(JSON.stringify({ ok: true }));
    apiMisbehaviour = (req, res) => {
      const layers = Number(req.url.split("/")[2]);
      res
        .writeHead(200, { "content-type": "application/json", "content-encoding": Array(layers).fill("gzip").join(",") })
        .end(gzipLayers(body, Math.min(layers, 5)));
    };
    const { fetch } = client(transport, { retry: false });
    expect(await (await fetch(`${api.url}/layers/5`)).json()).toEqual({ ok: true });
    for (const layers of [6, 2000]) {
      const error = await captureError(fetch(`${api.url}/layers/${layers}`), issuedTokens());
      expect(error.name).toBe("NetworkError");
      expect(error.message).toMatch(/too many content-encodings|Headers Overflow|header/i);
    }
    // Nothing was left running that fails later: the next call works.
    expect(await (await fetch(`${api.url}/layers/1`)).json()).toEqual({ ok: true });
  });

  it("a coded body is decoded inside the deadline and ends at the caller's abort, whatever stage the decoders are in", async () => {
    const gzipped = gzipLayers(Buffer.from(JSON.stringify({ data: "x".repeat(200_000) })), 3);
    apiMisbehaviour = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip, gzip, gzip" });
      res.write(gzipped.subarray(0, gzipped.length >> 1)); // then nothing more
    };
    const started = Date.now();
    const timedOut = await captureError(client(transport, { timeoutMs: 300, retry: false }).fetch(`${api.url}/slow`), issuedTokens());
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(timedOut.message).toContain("(reading the response body)");
    const aborted = await captureError(
      client(transport, { timeoutMs: 10_000, retry: false }).fetch(`${api.url}/slow`, { signal: AbortSignal.timeout(200) }),
      issuedTokens(),
    );
    expect(aborted).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("HEAD, 204 and empty 200 answers that say Content-Encoding: gzip are empty bodies, and a DELETE so answered is sent once", async () => {
    apiMisbehaviour = (req, res) => {
      if (req.method === "DELETE") return res.writeHead(204, { "content-encoding": "gzip" }).end();
      if (req.method === "HEAD") return res.writeHead(200, { "content-encoding": "gzip", "content-length": "120" }).end();
      if (req.url === "/chunked") {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "transfer-encoding": "chunked" });
        return res.end();
      }
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": "0" }).end();
    };
    const { fetch } = client(transport, { retry: { retries: 3, baseDelayMs: 1 } });
    for (const [path, method, status] of [
      ["/gone", "DELETE", 204],
      ["/head", "HEAD", 200],
      ["/empty", "GET", 200],
      ["/chunked", "GET", 200],
    ] as const) {
      const response = await fetch(`${api.url}${path}`, { method });
      expect([response.status, await response.text()]).toEqual([status, ""]);
      expect(api.seen.filter((r) => r.url === path)).toHaveLength(1);
    }
  });

  it("a key sent in the query stays off the result when the server redirects with it in the Location", async () => {
    apiMisbehaviour = (req, res) =>
      req.url.startsWith("/start")
        ? res.writeHead(302, { location: `/final?${req.url.split("?")[1]}` }).end()
        : json(res, 200, { url: req.url });
    const keyed = createClientCore({
      owner: "testClient",
      options: { transport, logger, retry: false },
      baseUrl: api.url,
      apiKey: { name: "subscription-key", in: "query", keys: SECRETS.primaryKey },
    });
    const response = await keyed.fetch(`${api.url}/start?page=1`);
    expect(await response.clone().json()).toEqual({ url: `/final?page=1&subscription-key=${SECRETS.primaryKey}` });
    expect(response.url).toBe(`${api.url}/final?page=1`);
    for (const view of [response.url, inspect(response, { showHidden: true, depth: 5 }), JSON.stringify([...response.headers])])
      expectNoSecrets(view);
  });

  it("an error body echoing secrets in other forms is scrubbed: HTML entities, base64 of the posted form, escaped slashes, a long prefix; only a capped slice is searched", async () => {
    const key = "key/With&Odd<Chars>-and-a-long-tail-0123456789";
    apiMisbehaviour = (req, res) => {
      const html = key.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\//g, "&#x2F;");
      const form = Buffer.from(req.body).toString("base64");
      const escaped = JSON.stringify(key).replace(/\//g, "\\/");
      const message = `html ${html} form ${form} json ${escaped} cut ${key.slice(0, 30)}… end`;
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ message }));
    };
    const keyed = createClientCore({
      owner: "testClient",
      options: { transport, logger, retry: false },
      baseUrl: api.url,
      apiKey: { name: "x-key", keys: key },
    });
    const response = await keyed.fetch(`${api.url}/echo`, { method: "POST", body: new URLSearchParams({ a: "1", key }) });
    const body = (await response.json()) as { message: string };
    const error = ApiError.from(response, body, { method: "POST" });
    const forbidden = [
      key,
      key.replace(/&/g, "&amp;").replace(/</g, "&lt;"),
      key.slice(0, 30),
      JSON.stringify(key).slice(1, -1).replace(/\//g, "\\/"),
      Buffer.from(`key=${encodeURIComponent(key)}`)
        .toString("base64")
        .slice(8, 40),
    ];
    for (const view of [error.message, inspect(error), JSON.stringify(error)])
      for (const form of forbidden) expect(view).not.toContain(form);
    expect(error.message).toContain("html [redacted]");
    // A 30 MB message: only the slice that is kept (and a margin) is searched. A secret far past it is not
    // even looked at (the result is cut before it); one that crosses the cut is found whole.
    const registry = keyed.secrets;
    for (let i = 0; i < 64; i++) registry.addIssued(`tok-Issued-${i}-${"z".repeat(40)}`);
    const huge = `${"a".repeat(290)}${key}${"b".repeat(30_000_000)}${key}`;
    const quoted = registry.quote(huge, 300);
    expect(quoted).toBe(`${"a".repeat(290)}[redacted]`);
  });
});

describe("secrets outside an API call", () => {
  it("a token error reached through tokens.getToken() is scrubbed as an API call's is", async () => {
    tokenMisbehaviour = (req, res) =>
      json(res, 400, { error: SECRETS.clientSecret, error_code: SECRETS.apiKey, error_description: req.body });
    const error = await captureError(client(undiciTransport()).tokens.getToken(), issuedTokens());
    expect(error.message).toContain("HTTP 400 [redacted]");
  });

  it("a pipeline composed by hand scrubs the key and the token it sends", async () => {
    apiMisbehaviour = echo(400);
    const cache = new TokenCache(clientCredentials({ tokenUrl: `${idp.url}/token`, clientId: "hand", clientSecret: SECRETS.clientSecret }));
    const fetch = createFetch([bearer(cache), apiKey({ name: "x-sub", keys: SECRETS.apiKey })], { origins: [api.url] });
    const response = await fetch(`${api.url}/items`);
    expectNoSecrets(ApiError.from(response, await response.json()), issuedTokens());
  });
});

describe("what the core refuses when the client is built", () => {
  const base = {
    owner: "testClient",
    auth: oauth(clientCredentials, { tokenUrl: "https://idp.example.com/token", clientId: "c", clientSecret: SECRETS.clientSecret }),
  };

  it("a base URL with a query or a fragment, even an empty one, is refused: every path would land elsewhere", () => {
    for (const baseUrl of [
      "https://api.example.com/v1?",
      "https://api.example.com/v1#",
      "https://api.example.com/v1?#",
      `https://api.example.com/v1?key=${SECRETS.primaryKey}`,
      "https://api.example.com/v1#section",
      new URL("https://api.example.com/v1?"),
    ]) {
      const error = captureThrow<ConfigError>(() => createClientCore({ ...base, options: {}, baseUrl }));
      expect(error.message).toBe('testClient: option "baseUrl" must not contain a query or fragment (?… or #…)');
    }
  });

  it("a key, header or password holding CR, LF or NUL: a ConfigError naming the option, never quoting the value", () => {
    const withKey = (key: string) => () =>
      createClientCore({
        ...base,
        options: {},
        baseUrl: "https://api.example.com",
        apiKey: { name: "x-api-key", keys: key, option: "apiKey" },
      });
    for (const bad of [`${SECRETS.apiKey}\r\nX-Evil: 1`, `${SECRETS.apiKey}\n`, `${SECRETS.apiKey}\0`]) {
      const error = captureThrow(withKey(bad));
      expect(error).toMatchObject({ name: "ConfigError", option: "apiKey" });
      expectNoSecrets(error);
    }
    const headerPassword = captureThrow(() =>
      passwordGrant({
        tokenUrl: "https://dsi.example.com/oauth2/token",
        clientId: "DSI",
        username: "u",
        password: `${SECRETS.password}\r\n`,
        credentialsIn: "headers",
      }),
    );
    expect(headerPassword).toMatchObject({ name: "ConfigError", option: "password" });
    expectNoSecrets(headerPassword);
    expect(
      captureThrow(() =>
        createClientCore({ ...base, options: {}, baseUrl: "https://api.example.com", headers: { static: { Tenant: "a\r\nb" } } }),
      ),
    ).toMatchObject({ option: "static" });
    expect(captureThrow(withKey(`${SECRETS.apiKey}\x01`))).toMatchObject({ option: "apiKey" });
    expect(captureThrow(withKey(`${SECRETS.apiKey}€`))).toMatchObject({ option: "apiKey" });
  });

  it("plain http to a host that is not loopback, unless allowed by name; user info in a URL", () => {
    const plain = captureThrow(() =>
      passwordGrant({
        tokenUrl: "http://inventory.example.com:8130/oauth2/token",
        clientId: "DSI",
        username: "u",
        password: SECRETS.password,
      }),
    );
    expect(plain).toMatchObject({ name: "ConfigError", option: "tokenUrl" });
    expect((plain as Error).message).toBe(
      'passwordGrant: option "tokenUrl" is plain http to inventory.example.com:8130: credentials would cross the network unencrypted. Use https, or set option "allowInsecureRequests: true" if that network is yours',
    );
    expect(() =>
      passwordGrant({
        tokenUrl: "http://inventory.example.com:8130/oauth2/token",
        clientId: "DSI",
        username: "u",
        password: SECRETS.password,
        allowInsecureRequests: true,
      }),
    ).not.toThrow();
    expect(captureThrow(() => createClientCore({ ...base, options: {}, baseUrl: "http://api.example.com" }))).toMatchObject({
      option: "baseUrl",
    });
    for (const loopback of ["http://127.0.0.1:8130", "http://localhost:3000", "http://[::1]:8080"])
      expect(() => createClientCore({ ...base, options: {}, baseUrl: loopback })).not.toThrow();
    expect(captureThrow(() => createClientCore({ ...base, options: {}, baseUrl: "http://api.localhost" }))).toMatchObject({
      option: "baseUrl",
    });
    expect(
      captureThrow(() =>
        createClientCore({ ...base, options: {}, baseUrl: `https://api.example.com/?subscription-key=${SECRETS.primaryKey}` }),
      ),
    ).toMatchObject({ option: "baseUrl" });
    const userInfo = captureThrow(() =>
      createClientCore({ ...base, options: {}, baseUrl: `https://user:${SECRETS.password}@api.example.com` }),
    );
    expect(userInfo).toMatchObject({ option: "baseUrl" });
    expectNoSecrets(userInfo);
  });

  it("options of the wrong kind, each named", () => {
    const core = (options: object) => () =>
      createClientCore({ ...base, options: options as CommonClientOptions, baseUrl: "https://api.example.com" });
    expect(core({ retry: { retries: "x" } })).toThrow('retry: option "retries" must be an integer from 0 to 20; got "x"');
    expect(core({ timeoutMs: -1 })).toThrow('option "timeoutMs" must be a number from 1');
    expect(core({ maxResponseBytes: 1.5 })).toThrow('option "maxResponseBytes" must be an integer');
    expect(core({ responseBody: "lines" })).toThrow('option "responseBody" must be one of "buffer", "stream"');
    expect(core({ logger: { warn() {}, debug: "yes" } })).toThrow(
      'option "logger" must have a warn method (and optionally a debug method)',
    );
    // openapi-fetch's own client-level options, checked for their kind before openapi-fetch gets them.
    expect(core({ querySerializer: "form" })).toThrow(
      'testClient: option "querySerializer" must be a function or object, as openapi-fetch takes it',
    );
    expect(core({ bodySerializer: {} })).toThrow('testClient: option "bodySerializer" must be a function, as openapi-fetch takes it');
    expect(core({ headers: "x-a: 1" })).toThrow('testClient: option "headers" must be an object, as openapi-fetch takes it');
    expect(core({ headers: { "x-a": "1" }, requestInitExt: { next: {} } })().clientOptions).toMatchObject({
      headers: { "x-a": "1" },
      requestInitExt: { next: {} },
    });
    expect(() => createFetch([], { origins: [] })).toThrow('createFetch: option "origins" must list the origins');
    expect(() => createFetch([42 as never], { origins: ["https://api.example.com"] })).toThrow(
      "createFetch: the steps must be a list of step functions",
    );
    expect(() =>
      clientCredentials({ tokenUrl: "https://idp.example.com/token", clientId: "c", clientSecret: "s", retries: "x" as never }),
    ).toThrow('clientCredentials: option "retries" must be an integer from 0 to 10; got "x"');
  });
});
