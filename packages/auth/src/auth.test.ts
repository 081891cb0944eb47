import { inspect } from "node:util";
import { captureError, captureThrow, closedPort, json, SECRETS, startHttpServer, startOAuthServer } from "@vendor-clients/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { oauth, tokenAuth } from "./auth.ts";
import { createClientCore } from "./client-core.ts";
import type { ConfigError } from "./errors.ts";
import type { TokenStore } from "./stores/token-store.ts";
import { SecretRegistry } from "./secrets.ts";
import { clientCredentials } from "./sources/client-credentials.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("oauth(grant, options): auth as one strategy object", () => {
  it("is built once on the client: its token requests go through the client's token pipeline, each token joins the registry once", async () => {
    const idp = await startOAuthServer();
    const api = await startHttpServer((_req, res) => json(res, 200, { ok: true }));
    const registered = vi.spyOn(SecretRegistry.prototype, "addIssued");
    try {
      const seen: string[] = [];
      const core = createClientCore({
        owner: "createTestClient",
        options: {
          steps: {
            add: [
              {
                name: "witness",
                step: (request, next, context) => (seen.push(context.operation ?? "api call"), next(request)),
                pipelines: ["api", "token"],
              },
            ],
          },
        },
        baseUrl: api.url,
        auth: oauth(
          clientCredentials,
          { tokenUrl: idp.tokenUrl, clientId: "strategy", clientSecret: SECRETS.clientSecret },
          { cache: { maxLifetimeMs: 60_000 }, skip: (request) => request.url.endsWith("/public") },
        ),
      });
      for (let i = 0; i < 3; i++) expect((await core.fetch(`${api.url}/private`)).status).toBe(200);
      expect((await core.fetch(`${api.url}/public`)).status).toBe(200);
      const token = await core.tokens.getToken();
      expect(seen).toEqual(["client_credentials token request", "api call", "api call", "api call", "api call"]);
      expect(api.requests.map((r) => r.headers.authorization)).toEqual([...Array(3).fill(`Bearer ${token.value}`), undefined]);
      // The cache setting reached the cache: the token's lifetime is capped.
      expect(token.expiresAt - token.obtainedAt).toBeLessThanOrEqual(60_000);
      // Registered where it entered the client (the cache), not again by the endpoint or by each call's bearer step.
      expect(registered.mock.calls.filter((args) => (args as unknown[]).includes(token.value))).toHaveLength(1);
      expect(core.secrets.scrub(`echo ${token.value}`)).toBe("echo [redacted]");
    } finally {
      await api.close();
      await idp.stop();
    }
  });
});

describe("tokenAuth(options): a token the user brings", () => {
  it("sends it as a bearer token and answers a 401 with the API's answer: no second try, no token request", async () => {
    const statuses = [503, 200, 401];
    const api = await startHttpServer((_req, res) => {
      const status = statuses.shift() ?? 200;
      json(res, status, status === 401 ? { message: "Access Denied: the token is revoked" } : { ok: true });
    });
    // The client's store gets no copy of a token it cannot renew (a file or Redis would keep the secret for nothing).
    const stored: unknown[] = [];
    const store: TokenStore = { get: async () => undefined, set: async (_key, record) => void stored.push(record), delete: async () => {} };
    const lines: string[] = [];
    const hooks: unknown[] = [];
    try {
      const core = createClientCore({
        owner: "createTestClient",
        options: {
          store,
          logger: { debug: (m, f) => lines.push(m, JSON.stringify(f)), warn: (m, f) => lines.push(m, JSON.stringify(f)) },
          retry: { baseDelayMs: 1, maxDelayMs: 1, onRetry: (info) => hooks.push(info) },
          steps: { add: [{ name: "witness", step: (request, next) => (hooks.push([...request.headers], request.url), next(request)) }] },
        },
        baseUrl: api.url,
        auth: tokenAuth({ token: SECRETS.staticToken, skip: (request) => request.url.endsWith("/public") }),
      });
      expect((await core.fetch(`${api.url}/private`)).status).toBe(200); // after a 503 and one retry
      const refused = await core.fetch(`${api.url}/private`);
      expect([refused.status, await refused.json()]).toEqual([401, { message: "Access Denied: the token is revoked" }]);
      expect((await core.fetch(`${api.url}/public`)).status).toBe(200);
      expect(api.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
        ["/private", `Bearer ${SECRETS.staticToken}`],
        ["/private", `Bearer ${SECRETS.staticToken}`],
        ["/private", `Bearer ${SECRETS.staticToken}`],
        ["/public", undefined],
      ]);
      expect(core.tokens.renewable).toBe(false);
      expect(stored).toEqual([]);
      // Every way it could leave: log lines, hook arguments, the client and its tokens shown, an error.
      expect(hooks.length).toBeGreaterThan(4);
      expect(lines.length).toBeGreaterThan(0);
      const error = await captureError(core.fetch(`http://127.0.0.1:${await closedPort()}/x`));
      for (const view of [
        lines.join("\n"),
        JSON.stringify(hooks),
        inspect(core, { depth: 6, showHidden: true }),
        inspect(core.tokens, { depth: 6, showHidden: true }),
        JSON.stringify(await core.tokens.getToken()),
        String(error),
      ])
        expect(view).not.toContain(SECRETS.staticToken);
      // One of the client's secrets before any call made it travel: what leaves is scrubbed of it.
      expect(core.secrets.scrub(`echo ${SECRETS.staticToken}`)).toBe("echo [redacted]");
    } finally {
      await api.close();
    }
  });

  it("is one of the client's secrets as soon as the client is made, before any call", () => {
    const core = createClientCore({
      owner: "createTestClient",
      options: {},
      baseUrl: "https://api.example",
      auth: tokenAuth({ token: SECRETS.staticToken }),
    });
    expect(core.secrets.scrub(`token=${SECRETS.staticToken}`)).toBe("token=[redacted]");
  });

  it("refuses a token that cannot travel in a header, and a misspelled option, by name and without quoting the token", () => {
    expect(captureThrow<ConfigError>(() => tokenAuth({ token: `${SECRETS.staticToken}\n` })).message).toBe(
      'tokenAuth: option "token" contains a line break or NUL character, which cannot be sent in an HTTP header',
    );
    expect(captureThrow<ConfigError>(() => tokenAuth({ token: SECRETS.staticToken, expires: 1 } as never)).message).toBe(
      'tokenAuth: unknown option "expires"; did you mean "expiresAt"?',
    );
    expect(captureThrow<ConfigError>(() => tokenAuth({ token: SECRETS.staticToken, skip: "/public" } as never)).message).toBe(
      'tokenAuth: option "skip" must be a function',
    );
    expect(captureThrow<ConfigError>(() => tokenAuth({ token: `Bearer ${SECRETS.staticToken}` })).message).toBe(
      'tokenAuth: option "token" starts with "Bearer ": pass the token alone (the client writes the scheme)',
    );
    expect(captureThrow<ConfigError>(() => tokenAuth({ token: "" })).message).toBe(
      'tokenAuth: option "token" must be a non-empty string; got an empty string',
    );
  });
});
