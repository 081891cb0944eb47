import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { graphqlThrottlingAs429, type RateLimitEvent } from "@vendor-clients/auth";
import { fileTokenStore, loopbackLogin } from "@vendor-clients/auth/node";
import {
  captureError,
  SECRETS,
  startNexarServer,
  startOAuthServer,
  type NexarTestServer,
  type OAuthTestServer,
} from "@vendor-clients/testkit";
import { GraphQLError, parse } from "graphql";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createNexarClient,
  fromEnv,
  NEXAR_ENDPOINT,
  getProjects,
  getWorkspaces,
  graphqlAuthErrorsAsUnauthorized,
  multiMatch,
  NexarGraphQLError,
  search,
  searchMpn,
  type NexarOptions,
  type SearchVariables,
} from "./index.ts";

let idp: OAuthTestServer;
let nexar: NexarTestServer;
let refusedTokens: Set<string>;
let refusal: "http-401" | "graphql-auth-error" = "graphql-auth-error";
const SEARCH_HITS = 130;

beforeAll(async () => {
  idp = await startOAuthServer();
  nexar = await startNexarServer({
    authorize: (authorization) => (!authorization?.startsWith("Bearer ") ? "http-401" : refusedTokens.has(authorization) ? refusal : "ok"),
    resolvers: (store) => ({
      Query: {
        supSearch: (_: unknown, { start = 0, limit = 10 }: { start?: number; limit?: number }) => ({
          hits: SEARCH_HITS,
          results: Array.from({ length: Math.max(0, Math.min(limit, SEARCH_HITS - start)) }, (_, i) => ({
            description: `hit ${start + i}`,
            part: { mpn: `P${start + i}` },
          })),
        }),
        // Answers in reverse order, as nothing obliges the API to keep the input's.
        supMultiMatch: (_: unknown, { queries }: { queries: Array<{ mpn: string; reference: string }> }) =>
          queries.map((q) => ({ reference: q.reference, hits: 1, error: null, parts: [{ mpn: q.mpn }] })).reverse(),
        supParts: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => ({ id, mpn: `MPN-${id}` })),
        desProjects: (_: unknown, { after }: { after?: string }) => ({
          totalCount: 3,
          pageInfo: { hasNextPage: !after, endCursor: after ? "c2" : "c1" },
          nodes: after ? [{ name: "Gamma" }] : [{ name: "Alpha" }, { name: "Beta" }],
        }),
      },
      // One part of several fails: GraphQL answers the others and reports the one (partial data).
      SupPart: {
        mpn: (part: { id?: string; mpn?: string }) => {
          if (part.id === "missing") throw new GraphQLError("part not found", { extensions: { code: "NOT_FOUND" } });
          return part.mpn ?? store.get(part as never, "mpn");
        },
      },
    }),
  });
});
afterAll(async () => {
  await Promise.all([idp?.stop(), nexar?.close()]);
});
beforeEach(() => {
  refusedTokens = new Set();
  nexar.requests.length = 0;
});

const supply = (extra: Partial<NexarOptions> = {}) =>
  createNexarClient({ clientId: "nexar-app", clientSecret: SECRETS.clientSecret, baseUrl: nexar.url, tokenUrl: idp.tokenUrl, ...extra });

describe("Nexar supply data", () => {
  it("gets a client-credentials token with scope supply.domain and sends it as a bearer token", async () => {
    const before = idp.requests.length;
    const client = supply();
    const result = await searchMpn(client, "LM358", { authorizedOnly: true, country: "DE", currency: "EUR" });
    expect(idp.requests.slice(before)[0]!.body).toEqual({
      grant_type: "client_credentials",
      client_id: "nexar-app",
      client_secret: SECRETS.clientSecret,
      scope: "supply.domain",
    });
    expect(nexar.requests[0]).toMatchObject({
      operationName: "NexarSearchMpn",
      variables: { q: "LM358", authorizedOnly: true, country: "DE", currency: "EUR" },
    });
    expect(nexar.requests[0]!.authorization).toMatch(/^Bearer ey/);
    expect(result.results?.[0]?.part.sellers[0]?.offers[0]?.prices[0]).toHaveProperty("price");
  });

  it("pages through a search with start/limit up to the hits there are", async () => {
    const seen: string[] = [];
    for await (const hit of search(supply(), "op amp", { pageSize: 50 })) seen.push(hit.part.mpn);
    expect(seen).toHaveLength(SEARCH_HITS);
    expect(seen.slice(0, 2)).toEqual(["P0", "P1"]);
    expect(nexar.requests.map((r) => [r.variables.start, r.variables.limit])).toEqual([
      [0, 50],
      [50, 50],
      [100, 50],
    ]);
  });

  it("stops at maxResults (the API caps a search at 1000 hits)", async () => {
    let count = 0;
    for await (const _ of search(supply(), "op amp", { pageSize: 20, maxResults: 30 })) count++;
    expect(count).toBe(30);
    expect(nexar.requests.map((r) => [r.variables.start, r.variables.limit])).toEqual([
      [0, 20],
      [20, 10],
    ]);
  });

  it("matches a bill of materials in batches and puts every match back at its line", async () => {
    const lines = Array.from({ length: 45 }, (_, i) => ({ mpn: `MPN-${i}`, quantity: i + 1 }));
    const progress: number[] = [];
    const results = await multiMatch(supply(), lines, {
      batchSize: 20,
      requireAuthorizedSellers: true,
      onProgress: (done) => progress.push(done),
    });
    expect(results.lines.map((r) => r.match?.parts[0]?.mpn)).toEqual(lines.map((l) => l.mpn));
    expect(results.lines.map((r) => r.line.quantity)).toEqual(lines.map((l) => l.quantity));
    expect(nexar.requests.map((r) => (r.variables.queries as unknown[]).length)).toEqual([20, 20, 5]);
    expect(nexar.requests[0]!.variables.options).toEqual({ requireAuthorizedSellers: true });
    expect(progress.sort((a, b) => a - b)).toEqual([20, 40, 45]);
  });

  it("returns partial data with typed errors (path and code), or throws them with the data attached", async () => {
    const client = supply();
    const { NexarPartsDocument } = await import("./index.ts");
    const partial = await client.requestWithErrors(NexarPartsDocument, { ids: ["1", "missing", "3"] });
    expect(partial.errors).toEqual([{ message: "part not found", path: ["supParts", 1, "mpn"], code: "NOT_FOUND" }]);
    expect(partial.data?.supParts.map((p) => p?.mpn ?? null)).toEqual(["MPN-1", null, "MPN-3"]);
    const error = await captureError<NexarGraphQLError>(client.request(NexarPartsDocument, { ids: ["missing"] }));
    expect(error).toBeInstanceOf(NexarGraphQLError);
    expect(error.message).toBe("Nexar Parts failed: part not found [NOT_FOUND] at supParts.0.mpn");
    expect(error.data).toEqual({ supParts: [null] });
    expect(error.operationName).toBe("NexarParts");
  });

  it.each(["graphql-auth-error", "http-401"] as const)(
    "refreshes the token once after an authentication error (%s) and retries",
    async (kind) => {
      refusal = kind;
      const client = supply();
      const first = await client.tokens.getToken();
      refusedTokens.add(`Bearer ${first.value}`);
      const before = idp.requests.length;
      const result = await searchMpn(client, "NE555");
      expect(result.hits).toBeTypeOf("number");
      expect(idp.requests.length - before).toBe(1);
      expect(nexar.requests.map((r) => r.authorization === `Bearer ${first.value}`)).toEqual([true, false]);
    },
  );

  it("runs a user's own typed document", async () => {
    const sellers: TypedDocumentNode<{ supSellers: Array<{ name: string }> }, Record<string, never>> = parse(
      "query Sellers { supSellers { name } }",
    );
    const data = await supply().request(sellers);
    expect(data.supSellers.every((s) => typeof s.name === "string")).toBe(true);
  });

  it("with a file store, a second client (a second run) makes no token request", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "nexar-tokens-")), "tokens.json");
    await searchMpn(supply({ store: fileTokenStore({ path }) }), "LM358");
    const before = idp.requests.length;
    await searchMpn(supply({ store: fileTokenStore({ path }) }), "LM358");
    expect(idp.requests.length).toBe(before);
  });
});

describe("users' own documents", () => {
  it("search pages through the user's own search document, with sort and filters passed on", async () => {
    const own: TypedDocumentNode<
      { supSearch: { hits: number; results: Array<{ part: { mpn: string } }> | null } },
      SearchVariables & { sort?: string | null; sortDir?: "asc" | "desc" | null }
    > = parse(
      "query MySearch($q: String!, $start: Int, $limit: Int, $sort: String, $sortDir: SupSortDirection) { supSearch(q: $q, start: $start, limit: $limit, sort: $sort, sortDir: $sortDir) { hits results { part { mpn } } } }",
    );
    const seen: string[] = [];
    for await (const hit of search(supply(), "op amp", { document: own, pageSize: 100, sort: "mpn", sortDir: "desc" }))
      seen.push(hit.part.mpn);
    expect(seen).toHaveLength(SEARCH_HITS);
    expect(nexar.requests.map((r) => [r.operationName, r.variables.sort, r.variables.sortDir])).toEqual([
      ["MySearch", "mpn", "desc"],
      ["MySearch", "mpn", "desc"],
    ]);
  });

  it("the cursor pager stops with an error when a server hands back a cursor it gave before (no endless paging)", async () => {
    const looping = await startNexarServer({
      resolvers: {
        Query: {
          desProjects: () => ({ totalCount: 9, pageInfo: { hasNextPage: true, endCursor: "same" }, nodes: [{ name: "Again" }] }),
        },
      },
    });
    try {
      const names: (string | null)[] = [];
      const error = await captureError(
        (async () => {
          for await (const project of getProjects(supply({ baseUrl: looping.url }), "https://w.365.altium.com")) names.push(project.name);
        })(),
      );
      expect(String(error)).toContain('the connection returned the cursor "same" a second time');
      expect(names).toEqual(["Again", "Again"]);
    } finally {
      await looping.close();
    }
  });
});

describe("Nexar design data", () => {
  it("logs a user in with authorization code + PKCE, then lists workspaces and pages through projects", async () => {
    const client = createNexarClient({
      clientId: "nexar-cli",
      clientSecret: SECRETS.clientSecret,
      flow: "authorization-code",
      baseUrl: nexar.url,
      tokenUrl: idp.tokenUrl,
      authorizeUrl: idp.authorizeUrl,
      login: (source, options) => loopbackLogin(source, { ...options, open: (url) => void fetch(url).then((r) => r.body?.cancel()) }),
    });
    const workspaces = await getWorkspaces(client);
    expect(Array.isArray(workspaces)).toBe(true);
    const exchange = idp.requests.find((r) => r.body.grant_type === "authorization_code")!;
    expect(exchange.body.code_verifier).toBeTruthy();
    // The design login sends the client id and secret with the code, as Nexar's design apps are set up.
    const credentials = exchange.body.client_secret
      ? `${exchange.body.client_id}:${exchange.body.client_secret}`
      : Buffer.from(String(exchange.headers.authorization).replace(/^Basic /, ""), "base64").toString();
    expect(credentials).toBe(`nexar-cli:${SECRETS.clientSecret}`);
    const names: (string | null)[] = [];
    for await (const project of getProjects(client, "https://workspace.365.altium.com", { pageSize: 2 })) names.push(project.name);
    expect(names).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(nexar.requests.filter((r) => r.operationName === "NexarProjects").map((r) => r.variables.after ?? null)).toEqual([null, "c1"]);
  });
});

describe("options", () => {
  it("names what is missing", () => {
    expect(() => createNexarClient({ clientId: "x" })).toThrow(
      'createNexarClient: option "clientSecret" is required: the app\'s client secret (supply data and design login alike)',
    );
    expect(() => createNexarClient({ clientId: "x", flow: "authorization-code" })).toThrow('option "clientSecret" is required');
    expect(() => createNexarClient({ clientId: "x", clientSecret: "y", flow: "device" as never })).toThrow(
      'option "flow" must be "client-credentials" or "authorization-code"',
    );
  });

  it("takes baseUrl like every vendor client (from NEXAR_ENDPOINT too)", () => {
    const credentials = { clientId: "x", clientSecret: "y" };
    expect(createNexarClient({ ...credentials, baseUrl: "http://127.0.0.1:9/graphql" }).baseUrl).toBe("http://127.0.0.1:9/graphql");
    expect(createNexarClient(credentials).baseUrl).toBe(NEXAR_ENDPOINT);
    const env = { NEXAR_CLIENT_ID: "x", NEXAR_CLIENT_SECRET: "y", NEXAR_ENDPOINT: "http://127.0.0.1:9/g" };
    expect(fromEnv({}, env).baseUrl).toBe("http://127.0.0.1:9/g");
    // Overrides win.
    expect(fromEnv({ baseUrl: "http://127.0.0.1:9/override" }, env).baseUrl).toBe("http://127.0.0.1:9/override");
  });
});

describe("Nexar rate limits", () => {
  it("token requests take slots of Nexar's token quota (2 a second): a third token within the second waits, and the hook hears it", async () => {
    const events: RateLimitEvent[] = [];
    // A client id of its own: the process-wide budget of other tests' clients is not this one's.
    const nexarClient = supply({ clientId: "nexar-quota", rateLimit: { onRateLimit: (e) => events.push(e) } });
    const started = Date.now();
    for (let i = 0; i < 3; i++) await nexarClient.tokens.getToken({ forceRefresh: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const waits = events.filter((e) => e.type === "wait");
    expect(waits).toMatchObject([{ key: "nexar|nexar-quota|token", reason: "limit", limit: "2 per 1 s" }]);
    expect(JSON.stringify(events)).not.toContain(SECRETS.clientSecret);
  });
});

describe("Nexar's GraphQL signals", () => {
  it("AuthExpiredToken in a 200 counts as a 401 (a fresh token helps); throttling as a 429", async () => {
    const answer = (code: string) => async () =>
      new Response(JSON.stringify({ data: null, errors: [{ message: "m", extensions: { code } }] }), {
        headers: { "content-type": "application/json" },
      });
    expect(
      (await graphqlAuthErrorsAsUnauthorized(new Request("http://127.0.0.1/graphql"), answer("AuthExpiredToken"), {} as never)).status,
    ).toBe(401);
    expect(
      (await graphqlAuthErrorsAsUnauthorized(new Request("http://127.0.0.1/graphql"), answer("AUTH_NOT_AUTHORIZED"), {} as never)).status,
    ).toBe(200);
    expect((await graphqlThrottlingAs429(new Request("http://127.0.0.1/graphql"), answer("RATE_LIMITED"), {} as never)).status).toBe(429);
  });
});
