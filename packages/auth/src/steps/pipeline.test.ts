import { oauth } from "../auth.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { json, type OAuthTestServer, SECRETS, startHttpServer, startOAuthServer } from "@vendor-clients/testkit";
import { createClientCore, STEP_ORDER, type CommonClientOptions } from "../client-core.ts";
import { ConfigError } from "../errors.ts";
import { setWireHeader, type Step } from "../http/core.ts";
import { clientCredentials } from "../sources/client-credentials.ts";
import { assembleSteps, type StepsOptions } from "./pipeline.ts";

let idp: OAuthTestServer;
let api: Awaited<ReturnType<typeof startHttpServer>>;
/** The statuses the API answers, in order; then 200. */
let statuses: number[];

beforeAll(async () => {
  idp = await startOAuthServer();
  api = await startHttpServer((_req, res) => json(res, statuses.shift() ?? 200, { ok: true }));
});
afterAll(async () => {
  await api.close();
  await idp.stop();
});
beforeEach(() => {
  statuses = [];
  api.requests.length = 0;
});

/** A client with every built-in step this core has: vendor headers, bearer, retry (fast), rate limit, API key, a vendor step. */
const client = (steps: StepsOptions | undefined, seen: string[] = [], extra: Partial<CommonClientOptions> = {}) =>
  createClientCore({
    owner: "createTestClient",
    options: { retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...(steps ? { steps } : {}), ...extra },
    baseUrl: api.url,
    auth: oauth(clientCredentials, { tokenUrl: idp.tokenUrl, clientId: "steps", clientSecret: SECRETS.clientSecret }),
    headers: { static: { "X-Tenant": "t1" } },
    apiKey: { name: "x-api-key", keys: SECRETS.apiKey },
    rateLimit: { limits: [] },
    vendorSteps: [named("vendor", seen)],
  });

/** A step that notes its name (and whether it saw a token request) each time it runs. */
const named =
  (name: string, seen: string[]): Step =>
  (request, next, context) => {
    seen.push(context.operation ? `${name}(token)` : name);
    return next(request);
  };

describe("the step builder", () => {
  it("declares the order once: API and token pipelines are the built-in steps in it, each where it belongs", () => {
    expect(STEP_ORDER).toEqual(["headers", "bearer", "retry", "rateLimit", "apiKey", "logging", "vendor"]);
    const mark = (name: string): Step => Object.defineProperty(async () => new Response(), "name", { value: name });
    const names = (steps: Step[]) => steps.map((s) => s.name);
    const all = Object.fromEntries(STEP_ORDER.map((name) => [name, mark(name)]));
    expect(names(assembleSteps("api", all, undefined, "t"))).toEqual(STEP_ORDER);
    expect(names(assembleSteps("token", all, undefined, "t"))).toEqual(["retry", "rateLimit", "logging"]);
    // By phase: at the end of it; before/after: next to the step named; the token pipeline only when asked.
    const options: StepsOptions = {
      add: [
        { name: "first", step: mark("first"), before: "headers", pipelines: ["api", "token"] },
        { name: "perCall", step: mark("perCall"), phase: "call" },
        { name: "perAttempt", step: mark("perAttempt") },
        { name: "signer", step: mark("signer"), after: "apiKey" },
        { name: "afterSigner", step: mark("afterSigner"), after: "signer", pipelines: ["token"] },
      ],
      replace: { logging: mark("myLogging") },
      remove: ["rateLimit"],
    };
    expect(names(assembleSteps("api", all, options, "t"))).toEqual([
      "first",
      "headers",
      "bearer",
      "perCall",
      "retry",
      "apiKey",
      "signer",
      "myLogging",
      "perAttempt",
      "vendor",
    ]);
    expect(names(assembleSteps("token", all, options, "t"))).toEqual(["first", "retry", "afterSigner", "myLogging"]);
  });

  it("refuses a name it does not know, naming it and the steps there are", () => {
    const build = (steps: StepsOptions) => () => client(steps);
    const valid = "the steps are headers, bearer, retry, rateLimit, apiKey, logging, vendor";
    expect(build({ remove: ["retyr"] })).toThrow(`createTestClient: option "steps.remove" names no step "retyr"; ${valid}`);
    expect(build({ replace: { bearr: async (r, n) => n(r) } })).toThrow(`option "steps.replace" names no step "bearr"; ${valid}`);
    expect(build({ add: [{ name: "x", step: async (r, n) => n(r), after: "tracing" }] })).toThrow(
      `option "steps.add[0].after" names no step "tracing"; ${valid}`,
    );
    const shape =
      'option "steps.add[0]" must be { name, step } with a name no other step has, and at most one of phase (call, retry, attempt, wire), before or after a step';
    expect(build({ add: [{ name: "x", step: async (r, n) => n(r), phase: "sign" as never }] })).toThrow(shape);
    expect(build({ add: [{ name: "retry", step: async (r, n) => n(r) }] })).toThrow(shape);
    expect(build({ add: [{ name: "x", step: async (r, n) => n(r), before: "retry", after: "retry" }] })).toThrow(shape);
    expect(build({ add: [{ name: "x", step: "no" as never }] })).toThrow('option "steps.add[0].step" must be a step function');
    expect(build({ replace: { retry: 1 as never } })).toThrow('option "steps.replace.retry" must be a step function');
    const error = (() => {
      try {
        client({ remove: ["nope"] });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe("steps.remove");
  });

  it("runs an added step per attempt after retry, and on token requests only when it asks to", async () => {
    const seen: string[] = [];
    statuses = [503];
    const core = client(
      {
        add: [
          { name: "attempts", step: named("attempt", seen), after: "retry", pipelines: ["api", "token"] },
          { name: "calls", step: named("call", seen), phase: "call" },
        ],
      },
      seen,
    );
    expect((await core.fetch(`${api.url}/orders`)).status).toBe(200);
    // One token request (its attempt seen), then the call, then two attempts of it (a 503 retried); the vendor step innermost.
    expect(seen).toEqual(["attempt(token)", "call", "attempt", "vendor", "attempt", "vendor"]);
  });

  it("replaces a built-in step in its place (a signer instead of the bearer token) and removes one (no retries)", async () => {
    statuses = [503];
    const signer: Step = (request, next, context) => {
      setWireHeader(context, "authorization", "Signature keyId=test");
      return next(request);
    };
    const core = client({ replace: { bearer: signer }, remove: ["retry"] });
    expect((await core.fetch(`${api.url}/orders`)).status).toBe(503);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.headers.authorization).toBe("Signature keyId=test");
    expect(api.requests[0]!.headers["x-tenant"]).toBe("t1");
  });

  it("removing retry removes it from token requests too, as `retry: false` does", async () => {
    const seen: string[] = [];
    const outage = await startHttpServer((_req, res) => json(res, 503, { error: "temporarily_unavailable" }));
    try {
      const core = createClientCore({
        owner: "createTestClient",
        options: { steps: { remove: ["retry"], add: [{ name: "count", step: named("attempt", seen), pipelines: ["token"] }] } },
        baseUrl: api.url,
        auth: oauth(clientCredentials, { tokenUrl: `${outage.url}/token`, clientId: "steps", clientSecret: SECRETS.clientSecret }),
      });
      await expect(core.tokens.getToken()).rejects.toThrow(/503/);
      expect(seen).toEqual(["attempt(token)"]);
      expect(outage.requests).toHaveLength(1);
    } finally {
      await outage.close();
    }
  });
});

describe("a client at another base URL", () => {
  it("shares its core, tokens and steps, and sends them only to the new origin", async () => {
    const seen: string[] = [];
    const core = client(undefined, seen);
    const region = await startHttpServer((_req, res) => json(res, 200, { region: true }));
    try {
      const there = core.at(region.url);
      expect(there.tokens).toBe(core.tokens);
      expect(there.secrets).toBe(core.secrets);
      expect((await there.fetch(`${region.url}/parts`)).status).toBe(200);
      const token = await core.tokens.getToken();
      expect(region.requests[0]!.headers.authorization).toBe(`Bearer ${token.value}`);
      expect(seen).toEqual(["vendor"]);
      await expect(there.fetch(`${api.url}/parts`)).rejects.toThrow(/sends credentials only to/);
      expect(() => core.at("http://region.example.com")).toThrow(/plain http/);
    } finally {
      await region.close();
    }
  });
});
