import { captureError, recordingFetch, SECRETS, startHttpServer, json, useVendorServers } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";
import type { RateLimitEvent } from "@vendor-clients/auth";
import {
  createIngramMicroClient,
  fromEnv,
  INGRAM_MICRO_BASE_URLS,
  INGRAM_MICRO_RATE_LIMIT,
  paginate,
  type IngramMicroOptions,
} from "./index.ts";

// Ingram Micro's examples do not match their own schemas, and Prism (--errors) fails a response
// that breaks the schema: answers are generated from the schemas instead (--dynamic).
const servers = useVendorServers("ingram-micro/XI-Resellers-API-Spec.yaml", { dynamic: true });

const options = (extra: Partial<IngramMicroOptions> = {}): IngramMicroOptions => ({
  clientId: "im-client",
  clientSecret: SECRETS.clientSecret,
  customerNumber: "20-222222",
  countryCode: "us",
  senderId: "vendor-clients-tests",
  baseUrl: servers.prism.url,
  tokenUrl: servers.idp.tokenUrl,
  ...extra,
});

describe("Ingram Micro client against Prism (the vendor's definition) and a real OAuth server", () => {
  it("requests its token as Ingram Micro documents: a form POST with client credentials", async () => {
    const client = createIngramMicroClient(options());
    const before = servers.idp.requests.length;
    await client.tokens.getToken();
    const [request] = servers.idp.requests.slice(before);
    expect(request!.body).toEqual({ grant_type: "client_credentials", client_id: "im-client", client_secret: SECRETS.clientSecret });
    expect(request!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("makes a typed catalog call that Prism accepts: IM-* headers injected, a fresh 32-character IM-CorrelationID per request", async () => {
    const wire = recordingFetch();
    const client = createIngramMicroClient(options({ fetch: wire.fetch }));
    const { data, error, response } = await client.GET("/resellers/v6/catalog", {
      params: { query: { pageSize: 10, keyword: ["laptop"] } },
    });
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBe(200);
    expect(Array.isArray(data!.catalog)).toBe(true);
    await client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 10 } } });
    const calls = wire.requests.filter((r) => r.url.startsWith(servers.prism.url));
    expect(calls[0]!.headers).toMatchObject({
      "im-customernumber": "20-222222",
      "im-countrycode": "US",
      "im-senderid": "vendor-clients-tests",
    });
    expect(calls[0]!.headers.authorization).toMatch(/^Bearer ey/);
    expect(calls.map((c) => c.headers["im-correlationid"])).toEqual([
      expect.stringMatching(/^[0-9a-f]{32}$/),
      expect.stringMatching(/^[0-9a-f]{32}$/),
    ]);
    expect(calls[0]!.headers["im-correlationid"]).not.toBe(calls[1]!.headers["im-correlationid"]);
  });

  it("answers the differently spelled order-number paths", async () => {
    const client = createIngramMicroClient(options());
    const v61 = await client.GET("/resellers/v6.1/orders/{ordernumber}", { params: { path: { ordernumber: "20-RD128" } } });
    const cancel = await client.DELETE("/resellers/v6/orders/{OrderNumber}", { params: { path: { OrderNumber: "20-RD128" } } });
    expect([v61.response.status, cancel.response.status]).toEqual([200, 200]);
    expect(new URL(v61.response.url).pathname).toBe("/resellers/v6.1/orders/20-RD128");
    expect(new URL(cancel.response.url).pathname).toBe("/resellers/v6/orders/20-RD128");
  });

  it("after a 401 fetches one new token and retries the call once", async () => {
    let refused: string | undefined;
    // The API stops accepting the first token it sees: Prism answers 401 to a call without it.
    const wire = recordingFetch((request) => {
      const auth = request.headers.get("authorization");
      if (request.url.startsWith(servers.prism.url) && auth && (refused ??= auth) === auth) {
        const copy = new Request(request);
        copy.headers.delete("authorization");
        return copy;
      }
      return request;
    });
    const client = createIngramMicroClient(options({ fetch: wire.fetch }));
    const before = servers.idp.requests.length;
    const { response } = await client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5 } } });
    expect(response.status).toBe(200);
    expect(servers.idp.requests.length - before).toBe(2);
    const calls = wire.requests.filter((r) => r.url.startsWith(servers.prism.url));
    expect(calls).toHaveLength(2);
    expect(calls[0]!.headers["im-correlationid"]).toBe(calls[1]!.headers["im-correlationid"]);
  });

  it("caps the token lifetime at 24 hours whatever expires_in says", async () => {
    servers.idp.service.once("beforeResponse", (response: { body: Record<string, unknown> }) => {
      response.body.expires_in = 2_592_000;
    });
    const token = await createIngramMicroClient(options()).tokens.getToken();
    expect(token.expiresAt - token.obtainedAt).toBe(24 * 3600_000);
  });
});

describe("paginate", () => {
  it("walks pageNumber/pageSize until recordsFound, one page at a time", async () => {
    const catalog = Array.from({ length: 5 }, (_, i) => ({ ingramPartNumber: `IM-${i}` }));
    const api = await startHttpServer((req, res) => {
      const url = new URL(req.url, "http://x");
      const page = Number(url.searchParams.get("pageNumber"));
      const size = Number(url.searchParams.get("pageSize"));
      json(res, 200, {
        recordsFound: catalog.length,
        pageSize: size,
        pageNumber: page,
        catalog: catalog.slice((page - 1) * size, page * size),
      });
    });
    try {
      const client = createIngramMicroClient(options({ baseUrl: api.url }));
      const parts: string[] = [];
      for await (const product of paginate(
        (page) => client.GET("/resellers/v6/catalog", { params: { query: { ...page, keyword: ["x"] } } }),
        (r) => r.catalog,
        { pageSize: 2 },
      ))
        parts.push(product.ingramPartNumber!);
      expect(parts).toEqual(["IM-0", "IM-1", "IM-2", "IM-3", "IM-4"]);
      expect(api.requests.map((r) => new URL(r.url, "http://x").searchParams.get("pageNumber"))).toEqual(["1", "2", "3"]);
    } finally {
      await api.close();
    }
  });

  it("puts the traceid of Ingram Micro's error body in the ApiError, for its support (the definition's ErrorResponse)", async () => {
    const api = await startHttpServer((_req, res) =>
      json(res, 400, {
        errors: [{ traceid: "a1b2c3", type: "errors/bad-request", message: "Input passed is not in right or expected format." }],
      }),
    );
    try {
      const client = createIngramMicroClient(options({ baseUrl: api.url, retry: false }));
      const { error, response } = await client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5 } } });
      const { ApiError } = await import("@vendor-clients/auth");
      const thrown = ApiError.from(response, error, { method: "GET" });
      expect(thrown.traceId).toBe("a1b2c3");
      expect(thrown.message).toContain("(trace id a1b2c3)");
    } finally {
      await api.close();
    }
  });

  it("sends IM-SenderID per call when the client has none (POST /resellers/v7/vendorrequiredinfo requires it)", async () => {
    const wire = recordingFetch();
    const { senderId: _, ...withoutSender } = options({ fetch: wire.fetch });
    const client = createIngramMicroClient(withoutSender);
    await client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5 } }, headers: { "IM-SenderID": "acme-per-call" } });
    await client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5 } } });
    const calls = wire.requests.filter((r) => r.url.startsWith(servers.prism.url));
    expect(calls[0]!.headers["im-senderid"]).toBe("acme-per-call");
    expect(calls[1]!.headers["im-senderid"]).toBeUndefined();
  });

  it("throws an ApiError with status and Ingram Micro's error code", async () => {
    const api = await startHttpServer((_req, res) =>
      json(res, 400, { errors: [{ id: "IM-400-12", message: "pageSize must be at most 100" }] }),
    );
    try {
      const client = createIngramMicroClient(options({ baseUrl: api.url, retry: false }));
      const error = await captureError(
        paginate(
          (page) => client.GET("/resellers/v6/catalog", { params: { query: page } }),
          (r) => r.catalog,
        ).next(),
      );
      expect(error).toMatchObject({ name: "ApiError", status: 400, vendorCode: "IM-400-12" });
      expect(error.message).toBe(
        `GET ${api.url}/resellers/v6/catalog?pageNumber=1&pageSize=100 failed: HTTP 400 [IM-400-12] pageSize must be at most 100`,
      );
    } finally {
      await api.close();
    }
  });
});

describe("rate limits (Ingram Micro: 60 GET per minute per endpoint, 429 with X-RateLimit-Reset)", () => {
  it("a 429 with only X-RateLimit-Reset is waited out until the reset, for every call to that endpoint, then retried", async () => {
    let resetAt = 0;
    const arrivals: { path: string; at: number }[] = [];
    const api = await startHttpServer((req, res, index) => {
      arrivals.push({ path: new URL(req.url, "http://x").pathname, at: Date.now() });
      if (index === 0) {
        resetAt = (Math.floor(Date.now() / 1000) + 2) * 1000;
        return json(res, 429, { errors: [{ message: "rate limit" }] }, { "x-ratelimit-reset": String(resetAt / 1000) });
      }
      return json(res, 200, { recordsFound: 0, pageSize: 25, pageNumber: 1, catalog: [] });
    });
    try {
      const events: RateLimitEvent[] = [];
      const client = createIngramMicroClient(
        options({ baseUrl: api.url, clientId: "im-rate", rateLimit: { onRateLimit: (e) => events.push(e) } }),
      );
      const first = client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5 } } });
      while (!events.some((e) => e.type === "throttled")) await new Promise((r) => setTimeout(r, 5));
      const second = client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5 } } });
      expect((await first).response.status).toBe(200);
      expect((await second).response.status).toBe(200);
      expect(arrivals.length).toBe(3);
      for (const a of arrivals.slice(1)) expect(a.at).toBeGreaterThanOrEqual(resetAt);
      expect(events.find((e) => e.type === "throttled")).toMatchObject({
        key: "ingram-micro|im-rate|GET /resellers/v6/catalog",
        status: 429,
        source: "x-ratelimit-reset",
      });
    } finally {
      await api.close();
    }
  });

  it("keys by endpoint template: two part numbers share the details endpoint's budget", () => {
    const key = INGRAM_MICRO_RATE_LIMIT.key;
    expect(key(new Request("https://api.ingrammicro.com/resellers/v6/catalog/details/3YU291"))).toBe(
      key(new Request("https://api.ingrammicro.com/sandbox/resellers/v6/catalog/details/4XV512")),
    );
    expect(key(new Request("https://api.ingrammicro.com/resellers/v6/quotes/search"))).toBe("GET /resellers/v6/quotes/search");
  });
});

describe("options", () => {
  it("defaults to production and knows the sandbox", () => {
    expect(createIngramMicroClient(options({ baseUrl: undefined })).baseUrl).toBe(INGRAM_MICRO_BASE_URLS.production);
    expect(createIngramMicroClient(options({ baseUrl: undefined, environment: "sandbox" })).baseUrl).toBe(
      "https://api.ingrammicro.com/sandbox",
    );
  });

  it("names the option that is wrong", () => {
    expect(() => createIngramMicroClient(options({ countryCode: "USA" }))).toThrow(
      'createIngramMicroClient: option "countryCode" must be a two-letter ISO country code such as "US"; got "USA"',
    );
    expect(() => createIngramMicroClient(options({ customerNumber: "12345678901" }))).toThrow(
      'option "customerNumber" must be your Ingram Micro customer number',
    );
    expect(() => createIngramMicroClient(options({ environment: "staging" as never }))).toThrow(
      'option "environment" must be "production" or "sandbox"',
    );
    expect(() => createIngramMicroClient(options({ clientSecret: "" }))).toThrow(
      'createIngramMicroClient: option "clientSecret" is required: the app\'s client secret',
    );
  });

  it("reads the environment and names every missing variable", () => {
    expect(() => fromEnv({}, { INGRAM_MICRO_CLIENT_ID: "id" })).toThrow(
      "Ingram Micro: missing environment variables INGRAM_MICRO_CLIENT_SECRET, INGRAM_MICRO_CUSTOMER_NUMBER, INGRAM_MICRO_COUNTRY_CODE (see .env.example)",
    );
    const client = fromEnv(
      {},
      {
        INGRAM_MICRO_CLIENT_ID: "id",
        INGRAM_MICRO_CLIENT_SECRET: SECRETS.clientSecret,
        INGRAM_MICRO_CUSTOMER_NUMBER: "20-222222",
        INGRAM_MICRO_COUNTRY_CODE: "US",
        INGRAM_MICRO_ENVIRONMENT: "sandbox",
      },
    );
    expect(client.baseUrl).toBe(INGRAM_MICRO_BASE_URLS.sandbox);
  });
});
