import { json, SECRETS, startHttpServer, startOAuthServer } from "@vendor-clients/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { oauth } from "./auth.ts";
import { createClientCore } from "./client-core.ts";
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
