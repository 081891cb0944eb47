import { captureError, json, recordingFetch, SECRETS, startHttpServer, useVendorServers } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";
import { AVIONTE_BASE_URL, AVIONTE_SCOPE, avionte, createAvionteClient, fromEnv, paginate, type AvionteOptions } from "./index.ts";

const servers = useVendorServers("avionte/front-office.yaml");

const options = (extra: Partial<AvionteOptions> = {}): AvionteOptions => ({
  clientId: "avionte-partner",
  clientSecret: SECRETS.clientSecret,
  apiKey: SECRETS.apiKey,
  tenant: "apitest",
  baseUrl: servers.prism.url,
  tokenUrl: servers.idp.tokenUrl,
  ...extra,
});
const toPrism = (r: { url: string }) => r.url.startsWith(servers.prism.url);

describe("Avionté client against Prism (our definition) and a real OAuth server", () => {
  it("requests its token with the x-api-key header and the Front Office scope", async () => {
    const client = createAvionteClient(options());
    const before = servers.idp.requests.length;
    await client.tokens.getToken();
    const [request] = servers.idp.requests.slice(before);
    expect(request!.body).toEqual({
      grant_type: "client_credentials",
      client_id: "avionte-partner",
      client_secret: SECRETS.clientSecret,
      scope: AVIONTE_SCOPE,
    });
    expect(request!.headers["x-api-key"]).toBe(SECRETS.apiKey);
  });

  it("reads a talent with a typed call carrying the bearer token, x-api-key, Tenant and a fresh RequestId", async () => {
    const wire = recordingFetch();
    const client = createAvionteClient(options({ fetch: wire.fetch }));
    const { data, error, response } = await client.GET("/talent/{talentId}", { params: { path: { talentId: 662 } } });
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data!.id).toBeTypeOf("number");
    await client.GET("/talent/{talentId}", { params: { path: { talentId: 663 } } });
    const [first, second] = wire.requests.filter(toPrism);
    expect(first!.headers).toMatchObject({
      "x-api-key": SECRETS.apiKey,
      tenant: "apitest",
      authorization: expect.stringMatching(/^Bearer /),
    });
    expect(first!.headers.requestid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second!.headers.requestid).not.toBe(first!.headers.requestid);
  });

  it("sends FrontOfficeTenantId when the numeric tenant id is given", async () => {
    const wire = recordingFetch();
    const client = createAvionteClient(options({ fetch: wire.fetch, tenant: undefined, frontOfficeTenantId: 4021 }));
    expect((await client.GET("/branch")).response.status).toBe(200);
    expect(wire.requests.filter(toPrism)[0]!.headers).toMatchObject({ frontofficetenantid: "4021" });
  });

  it("refreshes the token once after a 401", async () => {
    let refused: string | undefined;
    const wire = recordingFetch((request) => {
      const auth = request.headers.get("authorization");
      if (!toPrism(request) || !auth || (refused ??= auth) !== auth) return request;
      const copy = new Request(request);
      copy.headers.delete("authorization");
      return copy;
    });
    const client = createAvionteClient(options({ fetch: wire.fetch }));
    const before = servers.idp.requests.length;
    expect((await client.GET("/talent/{talentId}", { params: { path: { talentId: 1 } } })).response.status).toBe(200);
    expect(servers.idp.requests.length - before).toBe(2);
  });

  it("pages through ids and multi-query requests that Prism accepts", async () => {
    const wire = recordingFetch();
    const client = createAvionteClient(options({ fetch: wire.fetch }));
    const talents = [];
    // Prism answers every page with the same example: one page is all it can show.
    for await (const talent of paginate(client, "talents", { maxPages: 1 })) talents.push(talent);
    expect(talents.length).toBeGreaterThan(0);
    const calls = wire.requests.filter(toPrism).map((r) => `${r.method} ${new URL(r.url).pathname}`);
    expect(calls).toEqual(["GET /talents/ids/1/100", "POST /talents/multi-query"]);
  });
});

describe("paginate", () => {
  it("walks pages until an empty one and fetches records in batches of at most 100, in order", async () => {
    const all = Array.from({ length: 250 }, (_, i) => 1000 + i);
    const api = await startHttpServer((req, res) => {
      const ids = /\/jobs\/ids\/(\d+)\/(\d+)$/.exec(req.url);
      if (ids) {
        const [page, size] = [Number(ids[1]), Number(ids[2])];
        return json(res, 200, all.slice((page - 1) * size, page * size));
      }
      json(
        res,
        200,
        (JSON.parse(req.body) as number[]).map((id) => ({ id, title: `Job ${id}` })),
      );
    });
    try {
      const client = createAvionteClient(options({ baseUrl: api.url }));
      const jobs: number[] = [];
      for await (const job of paginate(client, "jobs", { batchSize: 40 })) jobs.push(job.id!);
      expect(jobs).toEqual(all);
      const pages = api.requests.filter((r) => r.method === "GET").map((r) => r.url);
      expect(pages).toEqual(["/jobs/ids/1/100", "/jobs/ids/2/100", "/jobs/ids/3/100", "/jobs/ids/4/100"]);
      const batches = api.requests.filter((r) => r.method === "POST").map((r) => (JSON.parse(r.body) as number[]).length);
      expect(batches).toEqual([40, 40, 20, 40, 40, 20, 40, 10]);
    } finally {
      await api.close();
    }
  });

  it("returns every record from an endpoint that caps its pages below the size asked for", async () => {
    // Avionté: "typical maximum is 100 records per request, heavier bulk endpoints may be lower".
    const all = Array.from({ length: 237 }, (_, i) => 5000 + i * 3);
    const cap = 37;
    const api = await startHttpServer((req, res) => {
      const ids = /\/placements\/ids\/(\d+)\/(\d+)$/.exec(req.url);
      if (ids) {
        const size = Math.min(Number(ids[2]), cap);
        return json(res, 200, all.slice((Number(ids[1]) - 1) * size, Number(ids[1]) * size));
      }
      json(
        res,
        200,
        (JSON.parse(req.body) as number[]).map((id) => ({ id })),
      );
    });
    try {
      const client = createAvionteClient(options({ baseUrl: api.url }));
      const placements: number[] = [];
      for await (const placement of paginate(client, "placements")) placements.push(placement.id!);
      expect(placements).toEqual(all);
      // 7 pages of 37 or fewer, then the empty page that ends the walk.
      expect(api.requests.filter((r) => r.method === "GET")).toHaveLength(8);
    } finally {
      await api.close();
    }
  });

  it("refuses a server that answers every page with the same ids instead of looping forever", async () => {
    const api = await startHttpServer((req, res) =>
      req.method === "GET"
        ? json(res, 200, [1, 2, 3])
        : json(
            res,
            200,
            (JSON.parse(req.body) as number[]).map((id) => ({ id })),
          ),
    );
    try {
      const client = createAvionteClient(options({ baseUrl: api.url }));
      const seen: number[] = [];
      const error = await captureError(
        (async () => {
          for await (const talent of paginate(client, "talents")) seen.push(talent.id!);
        })(),
      );
      expect(error).toMatchObject({
        name: "VendorClientsError",
        message: "paginate: page 2 of talents repeats page 1 (3 ids): the server ignores the page number; stopped instead of looping",
      });
      expect(seen).toEqual([1, 2, 3]);
    } finally {
      await api.close();
    }
  });

  it("stops at an empty page, fetches lazily, and reports errors with their status", async () => {
    const api = await startHttpServer((req, res) =>
      req.method === "GET" ? json(res, 200, req.url.includes("/ids/1/") ? [1, 2] : []) : json(res, 500, { message: "boom" }),
    );
    try {
      const client = createAvionteClient(options({ baseUrl: api.url, retry: false }));
      const iterator = paginate(client, "contacts", { pageSize: 2 });
      expect(api.requests).toHaveLength(0);
      const error = await captureError(iterator.next());
      expect(error).toMatchObject({ name: "ApiError", status: 500 });
      await expect(paginate(client, "nope" as never).next()).rejects.toThrow(
        "paginate: resource must be one of talents, companies, contacts, jobs, placements",
      );
      await expect(paginate(client, "talents", { pageSize: 500 }).next()).rejects.toThrow(
        'option "pageSize" must be an integer from 1 to 100',
      );
    } finally {
      await api.close();
    }
  });
});

describe("options", () => {
  it("names what is missing or wrong", () => {
    expect(() => createAvionteClient(options({ tenant: undefined }))).toThrow(
      'createAvionteClient: option "tenant" is required: the tenant code, e.g. apitest (or the numeric tenant id instead)',
    );
    expect(() => createAvionteClient(options({ apiKey: "" }))).toThrow(
      'createAvionteClient: option "apiKey" is required: the partner x-api-key',
    );
    expect(() => createAvionteClient(options({ frontOfficeTenantId: -1 }))).toThrow(
      'option "frontOfficeTenantId" must be a positive integer',
    );
    expect(() => fromEnv({}, { AVIONTE_CLIENT_ID: "x", AVIONTE_CLIENT_SECRET: "y", AVIONTE_API_KEY: "z" })).toThrow(
      "Avionté: missing environment variable AVIONTE_TENANT, the tenant code",
    );
    const credentials = { AVIONTE_CLIENT_ID: "x", AVIONTE_CLIENT_SECRET: "y", AVIONTE_API_KEY: "z" };
    expect(fromEnv({}, { ...credentials, AVIONTE_FRONT_OFFICE_TENANT_ID: "42" }).baseUrl).toBe(AVIONTE_BASE_URL);
    // Either tenant variable will do: a run that skips unconfigured vendors must not demand the code.
    expect(avionte.requiredVariables).toEqual(["AVIONTE_CLIENT_ID", "AVIONTE_CLIENT_SECRET", "AVIONTE_API_KEY"]);
    expect(() => fromEnv({}, { ...credentials, AVIONTE_FRONT_OFFICE_TENANT_ID: "4x2" })).toThrow(
      'Avionté: environment variable AVIONTE_FRONT_OFFICE_TENANT_ID must be a positive integer; got "4x2"',
    );
    expect(() => fromEnv({}, {})).toThrow(
      "Avionté: missing environment variables AVIONTE_CLIENT_ID, AVIONTE_CLIENT_SECRET, AVIONTE_API_KEY",
    );
  });
});
