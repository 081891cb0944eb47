import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AbortError, NetworkError, TimeoutError } from "../errors.ts";
import { clientCredentials } from "../sources/client-credentials.ts";
import { staticToken } from "../sources/static-token.ts";
import {
  captureError,
  closedPort,
  json,
  type OAuthTestServer,
  type RecordedRequest,
  SECRETS,
  startHttpServer,
  startOAuthServer,
} from "@vendor-clients/testkit";
import { TokenCache } from "../token-cache.ts";
import { apiKey } from "./api-key.ts";
import { bearer } from "./bearer.ts";
import { headers, uuid } from "./headers.ts";
import { createFetch, type CreateFetchOptions, type Step } from "./pipeline.ts";
import { parseRetryAfter } from "../rate-limit/signals.ts";
import { retry } from "./retry.ts";

let idp: OAuthTestServer;
let api: Awaited<ReturnType<typeof startHttpServer>>;
let script: (req: RecordedRequest, index: number) => { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

beforeAll(async () => {
  idp = await startOAuthServer();
  api = await startHttpServer(async (req, res, index) => {
    const answer = script(req, index);
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    json(res, answer.status, answer.body ?? { ok: true }, answer.headers);
  });
});
afterAll(async () => {
  await api.close();
  await idp.stop();
});
afterEach(() => {
  api.requests.length = 0;
});

const tokens = () => new TokenCache(clientCredentials({ tokenUrl: idp.tokenUrl, clientId: "mw", clientSecret: SECRETS.clientSecret }));
/** A pipeline allowed to reach the test API only (and any extra origins). */
const pipeline = (steps: Step[], extra: Partial<CreateFetchOptions> = {}) =>
  createFetch(steps, { ...extra, origins: [api.url, ...(extra.origins ?? [])] });
const fastRetry = (extra: Parameters<typeof retry>[0] = {}) => retry({ baseDelayMs: 1, maxDelayMs: 5, ...extra });

describe("bearer", () => {
  it("sends the cached token, and on a 401 refreshes once and replays a JSON body", async () => {
    const cache = tokens();
    const stale = await cache.getToken();
    script = (req) =>
      req.headers.authorization === `Bearer ${stale.value}` ? { status: 401, body: { message: "token expired" } } : { status: 200 };
    const fetch = pipeline([bearer(cache)]);
    const before = idp.requests.length;
    const response = await fetch(`${api.url}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sku: "A1", qty: 2 }),
    });
    expect(response.status).toBe(200);
    expect(idp.requests.length - before).toBe(1);
    expect(api.requests.map((r) => [r.headers.authorization === `Bearer ${stale.value}`, r.body])).toEqual([
      [true, '{"sku":"A1","qty":2}'],
      [false, '{"sku":"A1","qty":2}'],
    ]);
  });

  it("replays a form body too, and gives up after one retry", async () => {
    script = () => ({ status: 401 });
    const fetch = pipeline([bearer(tokens())]);
    const response = await fetch(`${api.url}/form`, { method: "POST", body: new URLSearchParams({ a: "1", b: "two" }) });
    expect(response.status).toBe(401);
    expect(api.requests.map((r) => r.body)).toEqual(["a=1&b=two", "a=1&b=two"]);
  });

  it("does not retry a static token that cannot be renewed", async () => {
    script = () => ({ status: 401 });
    const fetch = pipeline([bearer(new TokenCache(staticToken({ token: SECRETS.staticToken })))]);
    expect((await fetch(`${api.url}/x`)).status).toBe(401);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${SECRETS.staticToken}`);
  });
});

describe("API key", () => {
  const apimRefusal = {
    status: 401,
    body: {
      statusCode: 401,
      message: "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.",
    },
  };

  it("fails over from a revoked primary subscription key to the secondary, and keeps using it", async () => {
    script = (req) => (req.headers["ocp-apim-subscription-key"] === SECRETS.primaryKey ? apimRefusal : { status: 200 });
    const fetch = pipeline([apiKey({ name: "Ocp-Apim-Subscription-Key", keys: [SECRETS.primaryKey, SECRETS.secondaryKey] })]);
    expect((await fetch(`${api.url}/a`)).status).toBe(200);
    expect((await fetch(`${api.url}/b`)).status).toBe(200);
    expect(api.requests.map((r) => r.headers["ocp-apim-subscription-key"])).toEqual([
      SECRETS.primaryKey,
      SECRETS.secondaryKey,
      SECRETS.secondaryKey,
    ]);
  });

  it("puts the key in the query where a header cannot be set, and keeps it out of error messages", async () => {
    script = () => ({ status: 200 });
    const fetch = pipeline([apiKey({ name: "subscription-key", in: "query", keys: SECRETS.primaryKey })]);
    await fetch(`${api.url}/items?mpn=LM358`);
    expect(api.requests[0]!.url).toBe(`/items?mpn=LM358&subscription-key=${SECRETS.primaryKey}`);
    const port = await closedPort();
    const down = `http://127.0.0.1:${port}`;
    const error = await captureError<NetworkError>(
      pipeline([apiKey({ name: "subscription-key", in: "query", keys: SECRETS.primaryKey })], { origins: [down] })(`${down}/items`),
    );
    // The key travels on the wire only: not in the message, not even redacted.
    expect(error.message).toMatch(new RegExp(`^GET ${down}/items failed \\(waiting for the response headers\\): .*ECONNREFUSED`));
  });

  it("leaves other 401s alone (an expired token is the bearer step's business)", async () => {
    script = () => ({ status: 401, body: { error: "invalid_token" } });
    const fetch = pipeline([apiKey({ name: "x-api-key", keys: [SECRETS.primaryKey, SECRETS.secondaryKey] })]);
    expect((await fetch(`${api.url}/a`)).status).toBe(401);
    expect(api.requests).toHaveLength(1);
  });
});

describe("headers", () => {
  it("adds static headers and a fresh id per request that stays the same across retries", async () => {
    script = (_req, index) => (index === 0 ? { status: 503 } : { status: 200 });
    const fetch = pipeline([
      headers({ static: { "IM-CustomerNumber": "20-222222", "IM-CountryCode": "US" }, perRequest: { "IM-CorrelationID": uuid } }),
      fastRetry(),
    ]);
    await fetch(`${api.url}/catalog`);
    await fetch(`${api.url}/catalog`, { headers: { "IM-CorrelationID": "given-by-caller" } });
    const ids = api.requests.map((r) => r.headers["im-correlationid"]);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).toBe("given-by-caller");
    expect(api.requests.every((r) => r.headers["im-customernumber"] === "20-222222" && r.headers["im-countrycode"] === "US")).toBe(true);
  });
});

describe("retry", () => {
  it("honours Retry-After in seconds on a 429, for a POST too", async () => {
    script = (_req, index) => (index === 0 ? { status: 429, headers: { "retry-after": "1" } } : { status: 200 });
    const started = Date.now();
    const response = await pipeline([fastRetry()])(`${api.url}/q`, { method: "POST", body: "x" });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(api.requests.map((r) => r.body)).toEqual(["x", "x"]);
  });

  it("retries 502/503/504 for idempotent methods only, and stops after the allowed attempts", async () => {
    script = () => ({ status: 503 });
    expect((await pipeline([fastRetry({ retries: 2 })])(`${api.url}/g`)).status).toBe(503);
    expect(api.requests).toHaveLength(3);
    api.requests.length = 0;
    expect((await pipeline([fastRetry()])(`${api.url}/p`, { method: "POST", body: "{}" })).status).toBe(503);
    expect(api.requests).toHaveLength(1);
  });

  it("returns at once when Retry-After asks for longer than allowed", async () => {
    script = () => ({ status: 429, headers: { "retry-after": "3600" } });
    expect((await pipeline([fastRetry({ maxRetryAfterMs: 5000 })])(`${api.url}/slow`)).status).toBe(429);
    expect(api.requests).toHaveLength(1);
  });

  it("stops waiting when the caller aborts", async () => {
    script = () => ({ status: 429, headers: { "retry-after": "30" } });
    const controller = new AbortController();
    const pending = pipeline([fastRetry()])(`${api.url}/abort`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await captureError(pending)).toBeInstanceOf(AbortError);
  });

  it("retries a refused connection for idempotent methods, then reports it", async () => {
    const port = await closedPort();
    const down = `http://127.0.0.1:${port}`;
    let retries = 0;
    const error = await captureError(pipeline([fastRetry({ onRetry: () => void retries++ })], { origins: [down] })(`${down}/down`));
    expect(error).toBeInstanceOf(NetworkError);
    expect(retries).toBe(2);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("-1", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("timeout", () => {
  it("limits each attempt and names the request", async () => {
    script = () => ({ status: 200, delayMs: 500 });
    const error = await captureError<TimeoutError>(pipeline([], { timeoutMs: 100 })(`${api.url}/slow?code=abc`));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(
      `GET ${api.url}/slow?code=[redacted] got no complete response within 100 ms (waiting for the response headers)`,
    );
  });

  it("gives each retry its own time", async () => {
    script = (_req, index) => (index === 0 ? { status: 200, delayMs: 400 } : { status: 200 });
    const response = await pipeline([fastRetry()], { timeoutMs: 150 })(`${api.url}/flaky`);
    expect(response.status).toBe(200);
    expect(api.requests).toHaveLength(2);
  });
});

describe("one pipeline", () => {
  it("serves as the fetch of any client: token, key, vendor headers, retry and timeout together", async () => {
    const seen: string[] = [];
    const trace: Step = async (request, next) => {
      seen.push(request.headers.get("x-request-id") ?? "none");
      return next(request);
    };
    script = (_req, index) => (index === 0 ? { status: 502 } : { status: 200, body: { items: [1, 2] } });
    const fetch = pipeline(
      [
        headers({ perRequest: { "x-request-id": uuid } }),
        fastRetry(),
        trace,
        apiKey({ name: "x-api-key", keys: SECRETS.apiKey }),
        bearer(tokens()),
      ],
      { timeoutMs: 5000 },
    );
    const response = await fetch(new Request(`${api.url}/items`));
    expect(await response.json()).toEqual({ items: [1, 2] });
    expect(new Set(seen).size).toBe(1);
    expect(api.requests.every((r) => r.headers["x-api-key"] === SECRETS.apiKey && r.headers.authorization?.startsWith("Bearer "))).toBe(
      true,
    );
  });
});
