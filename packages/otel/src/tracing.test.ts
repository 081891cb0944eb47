import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import {
  type CommonClientOptions,
  clientCredentials,
  createClientCore,
  memoryRateLimiter,
  oauth,
  type RateLimitOptions,
  RateLimitError,
  type Step,
  TimeoutError,
} from "@vendor-clients/auth";
import { json, SECRETS, startHttpServer } from "@vendor-clients/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIngramMicroClient, INGRAM_MICRO_GET_ENDPOINTS } from "@vendor-clients/ingram-micro";
import { tracing } from "./index.ts";

/** Marker values: none may appear anywhere in a span. The order id stands for any id in a path. */
const TOKEN = "tok-Marker-Access-Value-0099";
const CUSTOMER = "cust-Marker-Number-0098";
const ORDER_ID = "ord-Marker-Id-0097";
const MARKERS = [...Object.values(SECRETS), TOKEN, CUSTOMER, ORDER_ID];

let server: Awaited<ReturnType<typeof startHttpServer>>;
/** What the API answers each request with, in order; then 200. */
let answers: { status: number; delayMs?: number }[];
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(async () => {
  // A server that echoes everything it is sent (headers, query, form) in its headers and bodies, token endpoint included.
  server = await startHttpServer(async (req, res) => {
    const echo = encodeURIComponent(JSON.stringify({ url: req.url, headers: req.headers, body: req.body }));
    if (req.url.startsWith("/token"))
      return json(res, 200, { access_token: TOKEN, token_type: "Bearer", expires_in: 3600, echo: req.body }, { "x-echo": echo });
    const answer = answers.shift() ?? { status: 200 };
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    json(res, answer.status, { echo: req }, { "x-echo": echo, ...(answer.status === 429 ? { "retry-after": "0" } : {}) });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  answers = [];
  exporter.reset();
});

/** A client as a vendor's is built: client credentials, an API key in the query, a vendor header, rate limits and retries. */
const client = (rateLimit: RateLimitOptions = {}, extra: Partial<CommonClientOptions> = {}) =>
  createClientCore({
    owner: "createTracedClient",
    options: {
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      rateLimit: { limiter: memoryRateLimiter(), ...rateLimit },
      steps: { add: tracing({ tracerProvider: provider, urlTemplate: ["/orders/{orderId}", "/orders"] }) },
      ...extra,
    },
    baseUrl: `${server.url}/api`,
    auth: oauth(clientCredentials, { tokenUrl: `${server.url}/token`, clientId: "traced", clientSecret: SECRETS.clientSecret }),
    apiKey: { name: "subscription-key", in: "query", keys: SECRETS.primaryKey },
    headers: { static: { "X-Customer": CUSTOMER } },
    rateLimit: { limits: [] },
  });

const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().filter((span) => span.name === name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** Every span as an exporter would send it: names, attributes, events and their attributes, status. */
const exported = () =>
  JSON.stringify(
    spans().map((span) => ({
      name: span.name,
      attributes: span.attributes,
      events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
      status: span.status,
      resource: span.resource.attributes,
    })),
  );

describe("tracing", () => {
  it("emits a span per call and per attempt, and per token request, by the HTTP client conventions", async () => {
    answers = [{ status: 503 }];
    const core = client();
    const response = await core.fetch(`${server.url}/api/orders/${ORDER_ID}`);
    expect(response.status).toBe(200);

    const [tokenCall, tokenAttempt] = [...named("POST /token")].sort((a) => (a.kind === SpanKind.INTERNAL ? -1 : 1));
    expect(tokenCall!.kind).toBe(SpanKind.INTERNAL);
    expect(tokenCall!.attributes).toMatchObject({
      "http.request.method": "POST",
      "url.template": "/token",
      "server.address": "127.0.0.1",
      "vendor_clients.operation": "client_credentials token request",
      "http.response.status_code": 200,
    });
    expect(tokenAttempt!.kind).toBe(SpanKind.CLIENT);
    expect(parentOf(tokenAttempt!)).toBe(tokenCall!.spanContext().spanId);

    const call = named("GET /orders/{orderId}").find((span) => span.kind === SpanKind.INTERNAL)!;
    const attempts = named("GET /orders/{orderId}").filter((span) => span.kind === SpanKind.CLIENT);
    expect(call.attributes).toEqual({
      "http.request.method": "GET",
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(server.url).port),
      "url.scheme": "http",
      "url.template": "/orders/{orderId}",
      "http.response.status_code": 200,
    });
    expect(attempts).toHaveLength(2);
    expect(attempts.map((span) => parentOf(span))).toEqual([call.spanContext().spanId, call.spanContext().spanId]);
    expect(attempts.map((span) => span.spanContext().traceId)).toEqual([call.spanContext().traceId, call.spanContext().traceId]);
    // The first attempt failed with a 503 (an error for a client, typed by its status); the second is the first resend.
    expect(attempts[0]!.attributes).toMatchObject({ "http.response.status_code": 503, "error.type": "503" });
    expect(attempts[0]!.attributes["http.request.resend_count"]).toBeUndefined();
    expect(attempts[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(attempts[1]!.attributes).toMatchObject({ "http.response.status_code": 200, "http.request.resend_count": 1 });
    expect(attempts[1]!.status.code).toBe(SpanStatusCode.UNSET);
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("puts nothing secret in any span, whatever the server echoes, failures included", async () => {
    answers = [{ status: 401 }, { status: 401 }, { status: 200, delayMs: 1000 }];
    const core = client({}, { timeoutMs: 300, retry: false });
    // A 401 (the token is dropped and one fresh one tried), then a timeout on a path no template matches.
    expect((await core.fetch(`${server.url}/api/orders/${ORDER_ID}?customer=${CUSTOMER}`)).status).toBe(401);
    await expect(core.fetch(`${server.url}/api/unlisted/${ORDER_ID}`)).rejects.toBeInstanceOf(TimeoutError);
    const timedOut = named("GET").find((span) => span.kind === SpanKind.INTERNAL)!;
    expect(timedOut.attributes["url.template"]).toBeUndefined();
    expect(timedOut.attributes["error.type"]).toBe("TimeoutError");
    expect(named("POST /token").length).toBeGreaterThanOrEqual(2);
    const text = exported();
    for (const marker of MARKERS) expect(text.includes(marker), `${marker} is in a span: ${text.slice(0, 400)}`).toBe(false);
    expect(text).not.toMatch(/url\.full|url\.query|http\.request\.header|http\.response\.header/);
  });

  it("records a wait for the rate limit, and a refusal, as events on the attempt that waited", async () => {
    const core = client({ limits: [{ limit: 1, windowMs: 200 }], marginMs: 0, maxWaitMs: 5000 });
    await core.tokens!.getToken();
    exporter.reset();
    // Two calls at once with a budget of one per 200 ms: the second waits for its slot.
    await Promise.all([core.fetch(`${server.url}/api/orders`), core.fetch(`${server.url}/api/orders`)]);
    const waits = named("GET /orders")
      .filter((span) => span.kind === SpanKind.CLIENT)
      .flatMap((span) => span.events.filter((event) => event.name === "rate_limit.wait"));
    expect(waits).toHaveLength(1);
    expect(waits[0]!.attributes).toMatchObject({ "rate_limit.reason": "limit", "rate_limit.limit": "1 per 200 ms" });
    expect(waits[0]!.attributes!["rate_limit.wait_ms"]).toBeGreaterThan(0);

    const strict = client({ limits: [{ limit: 1, windowMs: 60_000 }], maxWaitMs: 10 });
    await strict.fetch(`${server.url}/api/orders`);
    exporter.reset();
    await expect(strict.fetch(`${server.url}/api/orders`)).rejects.toBeInstanceOf(RateLimitError);
    const [refused] = named("GET /orders").filter((span) => span.kind === SpanKind.CLIENT);
    expect(refused!.events.map((event) => event.name)).toEqual(["rate_limit.refused"]);
    expect(refused!.attributes["error.type"]).toBe("RateLimitError");
    expect(exported()).not.toContain("traced");
  });
  it("keeps a wait's event when another step's rate-limit listener throws, and names a call's attempts by the call", async () => {
    const heard: string[] = [];
    const templateCalls: string[] = [];
    // A user's step that listens to this call's rate-limit events too, and fails doing so (the rate-limit step ignores that).
    const listening: Step = (request, next, context) => {
      (context.rateLimitListeners ??= []).push((event) => {
        heard.push(event.type);
        throw new Error("a user's listener that fails");
      });
      return next(request);
    };
    const traced = tracing({
      tracerProvider: provider,
      urlTemplate: (request) => {
        templateCalls.push(request.method);
        return new URL(request.url).pathname.endsWith("/orders") ? "/orders" : undefined;
      },
    });
    const core = createClientCore({
      owner: "createTracedClient",
      options: {
        retry: { baseDelayMs: 1, maxDelayMs: 2 },
        rateLimit: { limiter: memoryRateLimiter() },
        steps: { add: [{ name: "listening", step: listening, before: "retry" }, ...traced] },
      },
      baseUrl: `${server.url}/api`,
      auth: oauth(clientCredentials, { tokenUrl: `${server.url}/token`, clientId: "traced", clientSecret: SECRETS.clientSecret }),
      rateLimit: { limits: [{ limit: 1, windowMs: 150 }], marginMs: 0 },
    });
    await core.tokens!.getToken();
    exporter.reset();
    answers = [{ status: 503 }];
    // The first call is sent twice (a 503, then the resend); the other calls wait for their slots.
    const statuses = await Promise.all([1, 2].map(async () => (await core.fetch(`${server.url}/api/orders`)).status));
    expect(statuses).toEqual([200, 200]);
    expect(heard.filter((type) => type === "wait").length).toBeGreaterThan(0);
    const attempts = named("GET /orders").filter((span) => span.kind === SpanKind.CLIENT);
    expect(attempts).toHaveLength(3);
    const waits = attempts.flatMap((span) => span.events.filter((event) => event.name === "rate_limit.wait"));
    expect(waits).toHaveLength(heard.filter((type) => type === "wait").length);
    // Once per call, not once per attempt: the template function is the user's code, and may be costly.
    expect(templateCalls).toEqual(["GET", "GET"]);
  });
});

describe("tracing a vendor's client", () => {
  it("goes in through the client's steps option, with the vendor's path templates", async () => {
    const im = createIngramMicroClient({
      clientId: "traced",
      clientSecret: SECRETS.clientSecret,
      customerNumber: "20-222222",
      countryCode: "US",
      baseUrl: server.url,
      tokenUrl: `${server.url}/token`,
      steps: { add: tracing({ tracerProvider: provider, urlTemplate: INGRAM_MICRO_GET_ENDPOINTS }) },
    });
    const { response } = await im.GET("/resellers/v6/catalog/details/{ingramPartNumber}", {
      params: { path: { ingramPartNumber: ORDER_ID } },
    });
    expect(response.status).toBe(200);
    expect(spans().map((span) => `${span.kind === SpanKind.CLIENT ? "attempt" : "call"} ${span.name}`)).toEqual([
      "attempt POST /token",
      "call POST /token",
      "attempt GET /resellers/v6/catalog/details/{ingramPartNumber}",
      "call GET /resellers/v6/catalog/details/{ingramPartNumber}",
    ]);
    const text = exported();
    for (const marker of MARKERS) expect(text.includes(marker), `${marker} is in a span`).toBe(false);
  });
});
