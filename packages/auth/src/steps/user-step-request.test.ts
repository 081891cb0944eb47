// What a user's step is handed is a platform Request, field by field the one fetch would make of the
// same call: a differential test, the same inputs through `new Request(input, init)` (what fetch
// builds) and through a client's own fetch and token requests to a user step.
import { SECRETS, startHttpServer, startOAuthServer, type OAuthTestServer } from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oauth } from "../auth.ts";
import { createClientCore } from "../client-core.ts";
import type { Step } from "../http/core.ts";
import { clientCredentials } from "../sources/client-credentials.ts";

let idp: OAuthTestServer;
let api: Awaited<ReturnType<typeof startHttpServer>>;
/** What the API answers, in order; then 200. */
let statuses: number[] = [];

beforeAll(async () => {
  idp = await startOAuthServer();
  api = await startHttpServer((_req, res) => {
    const status = statuses.shift() ?? 200;
    res.writeHead(status, { "content-type": "text/plain" }).end(String(status));
  });
});
afterAll(async () => {
  await api.close();
  await idp.stop();
});

/** Everything a step can read of a request, body included (read from a clone, so the request itself goes on unread). */
async function fieldsOf(request: Request) {
  const copy = request.clone();
  return {
    instanceOfRequest: request instanceof Request,
    url: request.url,
    method: request.method,
    headers: [...request.headers],
    body: await copy.text(),
    hasBody: request.body !== null,
    bodyUsed: request.bodyUsed,
    redirect: request.redirect,
    cache: request.cache,
    credentials: request.credentials,
    keepalive: request.keepalive,
    mode: request.mode,
    signalAborted: request.signal.aborted,
  };
}

/** What a step does with a request it is handed when it wants another: each must work as on a platform Request. */
async function rebuilt(request: Request) {
  const copy = new Request(request.clone(), { headers: { "x-added": "1" } });
  const again = new Request(request.clone());
  return { copyHeader: copy.headers.get("x-added"), copyBody: await copy.text(), againUrl: again.url };
}

/** Whether the platform's own methods take it: they check for a real Request's internal state, not the prototype. */
const isPlatformRequest = (request: Request) => {
  try {
    Request.prototype.clone.call(request);
    return true;
  } catch {
    return false;
  }
};

/** A client whose user step notes what it is handed, API calls and token requests alike. */
function client() {
  const seen: { token: boolean; request: Request }[] = [];
  const noting: Step = (request, next, context) => {
    seen.push({ token: context.operation !== undefined, request });
    return next(request);
  };
  const core = createClientCore({
    owner: "createTestClient",
    options: { retry: false, steps: { add: [{ name: "noting", step: noting, before: "headers", pipelines: ["api", "token"] }] } },
    baseUrl: api.url,
    auth: oauth(clientCredentials, { tokenUrl: idp.tokenUrl, clientId: "differential", clientSecret: SECRETS.clientSecret }),
    rateLimit: { limits: [] },
  });
  return { core, seen };
}

const form = () => {
  const data = new FormData();
  data.set("field", "value");
  return data;
};

/** The calls a user makes through a client's fetch: every kind of body fetch takes, and a Request as input. */
const CALLS: [string, () => [string | Request, RequestInit?]][] = [
  ["a GET with headers", () => [`${api.url}/items?q=1`, { headers: { Accept: "application/json", "X-Trace": "t1" } }]],
  [
    "a POST of JSON text",
    () => [`${api.url}/items`, { method: "POST", body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json" } }],
  ],
  ["a POST of text with no content type", () => [`${api.url}/items`, { method: "post", body: "plain" }]],
  ["a PATCH of a form", () => [`${api.url}/items/1`, { method: "PATCH", body: new URLSearchParams({ a: "1", b: "two" }) }]],
  ["a PUT of a Blob", () => [`${api.url}/items/1`, { method: "PUT", body: new Blob(["blob"], { type: "application/x-test" }) }]],
  ["a POST of bytes", () => [`${api.url}/items`, { method: "POST", body: new TextEncoder().encode("bytes") }]],
  [
    "a POST of a stream",
    () => [`${api.url}/items`, { method: "POST", body: new Blob(["streamed"]).stream(), duplex: "half" } as RequestInit],
  ],
  ["a POST of FormData", () => [`${api.url}/items`, { method: "POST", body: form() }]],
  [
    "options beside the request",
    () => [`${api.url}/items`, { cache: "no-store", keepalive: true, redirect: "manual", mode: "same-origin" }],
  ],
  ["a Request as input", () => [new Request(`${api.url}/items`, { method: "DELETE", headers: { "X-Reason": "test" } })]],
];

describe("what a user's step is handed", () => {
  it.each(CALLS)("%s: the Request fetch would make, field by field", async (_name, make) => {
    const [input, init] = make();
    const expected = new Request(...(make() as [string | Request, RequestInit?]));
    const { core, seen } = client();
    const response = await core.fetch(input, init);
    expect(response.status).toBe(200);
    const handed = seen.find((entry) => !entry.token)!.request;
    const [mine, platform] = [await fieldsOf(handed), await fieldsOf(expected)];
    // A multipart boundary is random per encoding: compare the bodies with it taken out.
    const boundary = (fields: typeof mine) =>
      /boundary=(\S+)/.exec(String(fields.headers.find(([name]) => name === "content-type")?.[1]))?.[1];
    const unbound = (fields: typeof mine) => {
      const b = boundary(fields);
      return b ? JSON.parse(JSON.stringify(fields).replaceAll(b, "BOUNDARY")) : fields;
    };
    expect(unbound(mine)).toEqual(unbound(platform));
    const [copied, platformCopy] = [await rebuilt(handed), await rebuilt(expected)];
    const strip = (copy: typeof copied) => ({ ...copy, copyBody: copy.copyBody.replace(/-+formdata-[\w-]+/g, "BOUNDARY") });
    expect(strip(copied)).toEqual(strip(platformCopy));
    expect(isPlatformRequest(handed)).toBe(true);
  });

  it("a token request is a platform Request too", async () => {
    const { core, seen } = client();
    await core.fetch(`${api.url}/items`);
    const token = seen.find((entry) => entry.token)!.request;
    // The token pipeline is opted into: a step there is handed the token request as it is sent, client secret and all.
    expect(isPlatformRequest(token)).toBe(true);
    const copy = new Request(token.clone(), { headers: { "x-added": "1" } });
    expect(copy.method).toBe("POST");
    expect(await copy.text()).toContain("grant_type=client_credentials");
  });

  it("a step nearest the wire is handed no credential: the token and the key go on the wire only", async () => {
    const handed: string[] = [];
    const noting: Step = async (request, next) => {
      handed.push(JSON.stringify({ url: request.url, headers: [...request.headers], body: await request.clone().text() }));
      return next(request);
    };
    const core = createClientCore({
      owner: "createTestClient",
      options: { retry: false, steps: { add: [{ name: "innermost", phase: "wire", step: noting }] } },
      baseUrl: api.url,
      auth: oauth(clientCredentials, { tokenUrl: idp.tokenUrl, clientId: "differential", clientSecret: SECRETS.clientSecret }),
      apiKey: { name: "subscription-key", in: "query", keys: SECRETS.primaryKey },
      rateLimit: { limits: [] },
    });
    await core.fetch(`${api.url}/items`, { method: "POST", body: "{}" });
    const token = (await core.tokens!.getToken()).value;
    expect(handed).toHaveLength(1);
    for (const secret of [token, SECRETS.primaryKey, SECRETS.clientSecret]) expect(handed[0]).not.toContain(secret);
    // …and the server did get them.
    const received = api.requests.at(-1)!;
    expect(received.headers.authorization).toBe(`Bearer ${token}`);
    expect(received.url).toContain("subscription-key=");
  });

  it.each(["call", "attempt"] as const)(
    "a streamed body survives a user step in the %s phase across a retry and a fresh token's resend",
    async (phase) => {
      const bodies: string[] = [];
      const noting: Step = async (request, next) => {
        bodies.push(await request.clone().text());
        return next(request);
      };
      const core = createClientCore({
        owner: "createTestClient",
        options: { retry: { baseDelayMs: 1, maxDelayMs: 2, methods: ["POST"] }, steps: { add: [{ name: "noting", step: noting, phase }] } },
        baseUrl: api.url,
        auth: oauth(clientCredentials, { tokenUrl: idp.tokenUrl, clientId: "differential", clientSecret: SECRETS.clientSecret }),
        rateLimit: { limits: [] },
      });
      api.requests.length = 0;
      statuses = [503, 401];
      const body = new Blob(["streamed once"]).stream();
      const response = await core.fetch(`${api.url}/items`, { method: "POST", body, duplex: "half" } as RequestInit);
      expect(response.status).toBe(200);
      // Three sends (503, 401, then 200), each with the whole body.
      expect(api.requests.map((request) => request.body)).toEqual(["streamed once", "streamed once", "streamed once"]);
      expect(bodies.every((text) => text === "streamed once")).toBe(true);
    },
  );
});
