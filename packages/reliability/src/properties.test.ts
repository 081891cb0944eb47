import { inspect } from "node:util";
import { clientCredentials, ConfigError, OAuthError, passwordGrant } from "@vendor-clients/auth";
import { parseRetryAfter, parseTokenResponse } from "@vendor-clients/auth/internal";
import fc from "fast-check";
import { propertySeed } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";

fc.configureGlobal({ seed: propertySeed() });

const SECRET = "tok-Property-Secret-9f8e7d";
const context = {
  operation: "token request",
  endpoint: "https://idp.test/token",
  defaultLifetimeSeconds: 3600,
  secrets: [],
  now: 1_000_000,
};

/** Any JSON value, sometimes carrying the secret token where a careless parser might echo it. */
const bodyField = fc.oneof(fc.jsonValue(), fc.constant(SECRET), fc.constant(`prefix ${SECRET}`));
const tokenBody = fc.record(
  {
    access_token: fc.oneof(fc.constant(SECRET), fc.string(), fc.integer(), fc.constant(null)),
    token_type: fc.oneof(fc.constantFrom("Bearer", "bearer", "BEARER", "mac", ""), fc.string(), fc.integer()),
    expires_in: fc.oneof(fc.integer({ min: -1e6, max: 1e9 }), fc.double(), fc.string(), fc.constant("3600"), fc.constant(null)),
    refresh_token: bodyField,
    scope: fc.oneof(fc.string(), fc.array(fc.string()), fc.integer()),
    error: fc.oneof(fc.constantFrom("invalid_client", "invalid_grant"), fc.string()),
    extra: bodyField,
  },
  { requiredKeys: [] },
);

describe("properties", () => {
  it("token-response parsing returns a token or throws an OAuthError, and never shows the token in the error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          tokenBody.map((b) => JSON.stringify(b)),
          fc.string(),
          fc.constant(`{"access_token":"${SECRET}"`),
          fc.constant(`<html>${SECRET}</html>`),
        ),
        fc.constantFrom(200, 201, 400, 401, 429, 500, 502, 503),
        fc.constantFrom("application/json", "text/html", "text/plain", ""),
        async (body, status, contentType) => {
          const response = new Response(body, { status, headers: contentType ? { "content-type": contentType } : {} });
          try {
            const token = await parseTokenResponse(response, context);
            expect(status).toBeLessThan(300);
            expect(typeof token.value).toBe("string");
            expect(token.value.length).toBeGreaterThan(0);
            expect(token.expiresAt).toBeGreaterThan(context.now);
            expect(token.type).toBe("Bearer");
            expect(JSON.stringify(token) + inspect(token)).not.toContain(SECRET);
          } catch (error) {
            expect(error).toBeInstanceOf(OAuthError);
            const shown = `${(error as Error).message} ${JSON.stringify(error)} ${inspect(error)}`;
            // The description field may legitimately quote what the server said, but never the token fields.
            if (!/"error_description"/.test(body)) expect(shown).not.toContain(SECRET);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("Retry-After parsing never yields a negative or non-finite wait", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.nat().map(String),
          fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
          fc.constant(""),
        ),
        (value) => {
          const ms = parseRetryAfter(value, Date.parse("2026-11-22T12:00:00Z"));
          if (ms !== undefined) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
          if (/^\s*\d+\s*$/.test(value)) expect(ms).toBe(Number(value.trim()) * 1000);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("option validation accepts or throws a ConfigError naming the option, never another error, never the secret", () => {
    const anything = fc.oneof(fc.anything(), fc.string(), fc.webUrl(), fc.constant(undefined));
    fc.assert(
      fc.property(
        anything,
        anything,
        anything,
        anything,
        fc.constantFrom("client", "password"),
        (tokenUrl, clientId, scopes, timeoutMs, kind) => {
          const secret = "pw-Property-Secret-1a2b";
          try {
            if (kind === "client") clientCredentials({ tokenUrl, clientId, clientSecret: secret, scopes, timeoutMs } as never);
            else passwordGrant({ tokenUrl, clientId, username: clientId, password: secret, scopes, timeoutMs } as never);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
            expect(["tokenUrl", "clientId", "username", "scopes", "timeoutMs"]).toContain((error as ConfigError).option);
            expect((error as Error).message).not.toContain(secret);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
