import { captureError, json, recordingFetch, SECRETS, startHttpServer, useVendorServers } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";
import { createAvnetClient, fromEnv, getPrices, type AvnetOptions } from "./index.ts";

const servers = useVendorServers("avnet/apim.yaml");

const SCOPE = "api://00000000-0000-0000-0000-000000000000/.default";
const options = (extra: Partial<AvnetOptions> = {}): AvnetOptions => ({
  clientId: "avnet-client",
  clientSecret: SECRETS.clientSecret,
  scope: SCOPE,
  subscriptionKey: [SECRETS.primaryKey, SECRETS.secondaryKey],
  baseUrl: servers.prism.url,
  tokenUrl: servers.idp.tokenUrl,
  ...extra,
});
const lm358 = { items: [{ itemId: 1, searchType: "REQUEST_PART", searchTerm: "LM358", quantity: 10 }] };

describe("Avnet client against Prism (our definition) and a real OAuth server", () => {
  it("requests its token with client credentials and the portal's scope in the form body", async () => {
    const client = createAvnetClient(options());
    const before = servers.idp.requests.length;
    await client.tokens.getToken();
    expect(servers.idp.requests.slice(before)[0]!.body).toEqual({
      grant_type: "client_credentials",
      client_id: "avnet-client",
      client_secret: SECRETS.clientSecret,
      scope: SCOPE,
    });
  });

  it("prices a part with a typed call carrying the bearer token and the subscription key header", async () => {
    const wire = recordingFetch();
    const client = createAvnetClient(options({ fetch: wire.fetch }));
    const { data, error, response } = await client.POST("/external/customer/price/v1/", { body: lm358 });
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data!.items![0]).toHaveProperty("quotedPartNumber");
    const call = wire.requests.find((r) => r.url.startsWith(servers.prism.url))!;
    expect(call.headers["ocp-apim-subscription-key"]).toBe(SECRETS.primaryKey);
    expect(call.headers.authorization).toMatch(/^Bearer /);
  });

  it("can send the key as the subscription-key query parameter instead", async () => {
    const wire = recordingFetch();
    const client = createAvnetClient(options({ fetch: wire.fetch, subscriptionKey: SECRETS.primaryKey, subscriptionKeyIn: "query" }));
    const { response } = await client.GET("/external/getDEXFetchProducts", { params: { query: { mpn: "LM358" } } });
    expect(response.status).toBe(200);
    const call = wire.requests.find((r) => r.url.startsWith(servers.prism.url))!;
    expect(new URL(call.url).searchParams.get("subscription-key")).toBe(SECRETS.primaryKey);
    expect(call.headers["ocp-apim-subscription-key"]).toBeUndefined();
  });

  it("keeps working when the primary subscription key is revoked: the secondary takes over for good", async () => {
    // The gateway no longer knows the primary key: Prism answers APIM's 401 for a call without a valid key.
    const wire = recordingFetch((request) => {
      if (request.headers.get("ocp-apim-subscription-key") !== SECRETS.primaryKey) return request;
      const copy = new Request(request);
      copy.headers.delete("ocp-apim-subscription-key");
      return copy;
    });
    const client = createAvnetClient(options({ fetch: wire.fetch }));
    for (let i = 0; i < 3; i++) expect((await client.POST("/external/customer/price/v1/", { body: lm358 })).response.status).toBe(200);
    const keys = wire.requests
      .filter((r) => r.url.startsWith(servers.prism.url))
      .map((r) => r.headers["ocp-apim-subscription-key"] ?? "revoked");
    expect(keys).toEqual(["revoked", SECRETS.secondaryKey, SECRETS.secondaryKey, SECRETS.secondaryKey]);
  });

  it("refreshes the token once when the gateway refuses it", async () => {
    let refused: string | undefined;
    const wire = recordingFetch((request) => {
      const auth = request.headers.get("authorization");
      if (!request.url.startsWith(servers.prism.url) || !auth || (refused ??= auth) !== auth) return request;
      const copy = new Request(request);
      copy.headers.set("authorization", "Bearer");
      return copy;
    });
    const client = createAvnetClient(options({ fetch: wire.fetch, subscriptionKey: SECRETS.primaryKey }));
    const before = servers.idp.requests.length;
    expect((await client.POST("/external/customer/price/v1/", { body: lm358 })).response.status).toBe(200);
    expect(servers.idp.requests.length - before).toBe(2);
  });

  it("rejects more than 10 lines in one request (Prism checks the definition's maxItems), which getPrices never sends", async () => {
    const client = createAvnetClient(options());
    const eleven = {
      items: Array.from({ length: 11 }, (_, i) => ({ itemId: i + 1, searchType: "REQUEST_PART", searchTerm: `P${i}`, quantity: 1 })),
    };
    const refused = await client.POST("/external/customer/price/v1/", { body: eleven });
    expect(refused.response.status).toBe(400);
    // Prism logs through a pipe: the line may arrive just after the response.
    await expect.poll(() => servers.prism.logs.join("\n")).toContain("Request body property items must NOT have more than 10 items");
    const wire = recordingFetch();
    const batched = createAvnetClient(options({ fetch: wire.fetch }));
    const results = await getPrices(
      batched,
      Array.from({ length: 23 }, (_, i) => ({ mpn: `P${i}`, quantity: 1 })),
    );
    expect(results).toHaveLength(23);
    expect(wire.requests.filter((r) => r.url.startsWith(servers.prism.url)).map((r) => JSON.parse(r.body).items.length)).toEqual([
      10, 10, 3,
    ]);
  });
});

describe("getPrices", () => {
  it("puts every offer back with its line, in input order, across batches", async () => {
    const api = await startHttpServer((req, res) => {
      const { items } = JSON.parse(req.body) as { items: Array<{ itemId: number; searchTerm: string }> };
      // Answer in reverse order with two offers for every third line, as a real response may.
      const offers = items.flatMap((it) =>
        (it.itemId % 3 === 0 ? [it, it] : [it]).map((x, k) => ({ itemId: x.itemId, quotedPartNumber: `${x.searchTerm}-${k}` })),
      );
      json(res, 200, { items: offers.reverse() });
    });
    try {
      const client = createAvnetClient(options({ baseUrl: api.url }));
      const lookups = Array.from({ length: 12 }, (_, i) => ({ mpn: `MPN${i + 1}`, quantity: 5, line: i }));
      const results = await getPrices(client, lookups);
      expect(results.map((r) => r.lookup.line)).toEqual(lookups.map((l) => l.line));
      expect(results.map((r) => r.offers.map((o) => o.quotedPartNumber))).toEqual(
        lookups.map((l, i) => ((i + 1) % 3 === 0 ? [`${l.mpn}-1`, `${l.mpn}-0`] : [`${l.mpn}-0`])),
      );
      expect(api.requests).toHaveLength(2);
    } finally {
      await api.close();
    }
  });

  it("reports Azure API Management's error body with its status", async () => {
    const api = await startHttpServer((_req, res) =>
      json(res, 403, { statusCode: 403, message: "Out of call volume quota. Quota will be replenished in 00:00:59." }),
    );
    try {
      const client = createAvnetClient(options({ baseUrl: api.url, subscriptionKey: SECRETS.primaryKey }));
      const error = await captureError(getPrices(client, [{ mpn: "LM358", quantity: 1 }]));
      expect(error).toMatchObject({
        name: "ApiError",
        status: 403,
        vendorMessage: "Out of call volume quota. Quota will be replenished in 00:00:59.",
      });
      expect(error.message).toBe(
        `POST ${api.url}/external/customer/price/v1/ failed: HTTP 403 Out of call volume quota. Quota will be replenished in 00:00:59.`,
      );
    } finally {
      await api.close();
    }
  });

  it("checks its input", async () => {
    const client = createAvnetClient(options());
    await expect(getPrices(client, [{ mpn: "", quantity: 1 }])).rejects.toThrow(
      "getPrices: lookups[0] needs an mpn and a whole quantity ≥ 1",
    );
    await expect(getPrices(client, [], { batchSize: 11 })).rejects.toThrow('option "batchSize" must be an integer from 1 to 10');
  });
});

describe("options", () => {
  it("names what is missing or wrong", () => {
    expect(() => createAvnetClient(options({ scope: "" }))).toThrow('createAvnetClient: option "scope" is required');
    expect(() => createAvnetClient(options({ subscriptionKey: "" }))).toThrow('option "subscriptionKey" is required');
    expect(() => createAvnetClient(options({ subscriptionKey: ["primary", ""] as never }))).toThrow(
      'option "subscriptionKey" must be the product\'s subscription key, or its [primary, secondary] pair',
    );
    // A secret is never quoted.
    expect(() => createAvnetClient(options({ subscriptionKey: ["KEY-MARKER-1", ""] as never }))).not.toThrow("KEY-MARKER-1");
    // The secondary key alone is no key: the primary is reported missing.
    expect(() =>
      fromEnv({}, { AVNET_CLIENT_ID: "x", AVNET_CLIENT_SECRET: "s", AVNET_SCOPE: "s", AVNET_SUBSCRIPTION_KEY_SECONDARY: "k" }),
    ).toThrow("Avnet: missing environment variable AVNET_SUBSCRIPTION_KEY, the product's (primary) subscription key");
    expect(() => createAvnetClient(options({ subscriptionKeyIn: "cookie" as never }))).toThrow(
      'option "subscriptionKeyIn" must be "header" or "query"',
    );
    expect(() => fromEnv({}, { AVNET_CLIENT_ID: "x" })).toThrow(
      "Avnet: missing environment variables AVNET_CLIENT_SECRET, AVNET_SCOPE, AVNET_SUBSCRIPTION_KEY",
    );
  });
});
