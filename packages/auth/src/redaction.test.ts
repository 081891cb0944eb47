import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { OAuthError } from "./errors.ts";
import { redactHeaders, redactUrl } from "./redact.ts";
import { SecretRegistry, scrub } from "./secrets.ts";
import { SECRETS, startHttpServer } from "@vendor-clients/testkit";
import { ApiError } from "./api-error.ts";
import { createClientCore } from "./client-core.ts";
import { staticToken } from "./sources/static-token.ts";
import { AccessToken } from "./token.ts";

describe("redaction", () => {
  const token = new AccessToken({
    value: "tok-Access-Value-0100",
    refreshToken: "tok-Refresh-Value-0101",
    type: "Bearer",
    obtainedAt: 0,
    expiresAt: 3_600_000,
    scope: "supply.domain",
  });

  it("keeps token values out of JSON, util.inspect, String() and console formatting", () => {
    for (const view of [
      JSON.stringify(token),
      inspect(token, { showHidden: true, depth: 5 }),
      String(token),
      `${token}`,
      inspect({ nested: { token } }, { depth: 5 }),
    ]) {
      expect(view).not.toContain("tok-Access-Value-0100");
      expect(view).not.toContain("tok-Refresh-Value-0101");
    }
    expect(JSON.parse(JSON.stringify(token))).toEqual({
      type: "Bearer",
      value: "[redacted]",
      expiresAt: "1970-01-01T01:00:00.000Z",
      scope: "supply.domain",
      refreshToken: "[redacted]",
    });
    expect(token.value).toBe("tok-Access-Value-0100"); // still there for the code that needs it
    expect(token.authorization).toBe("Bearer tok-Access-Value-0100");
  });

  it("shows a pasted token without an expiry as one that never expires, its value still hidden", async () => {
    const pasted = await staticToken({ token: SECRETS.staticToken }).getToken();
    for (const view of [JSON.stringify(pasted), inspect(pasted, { depth: 5 }), String(pasted)]) {
      expect(view).not.toContain(SECRETS.staticToken);
      expect(view).toContain("never");
    }
  });

  it("shows errors with their safe fields and never a foreign cause's properties", () => {
    const cause = Object.assign(new Error("socket hang up"), { request: { headers: { authorization: `Bearer ${SECRETS.staticToken}` } } });
    const error = new OAuthError(
      "token request failed",
      { operation: "client_credentials", endpoint: "https://idp.test/token", status: 503 },
      { cause },
    );
    for (const view of [inspect(error, { depth: 10 }), JSON.stringify(error), String(error)])
      expect(view).not.toContain(SECRETS.staticToken);
    expect(error.toJSON()).toEqual({
      name: "OAuthError",
      message: "token request failed",
      code: "OAUTH_FAILED",
      operation: "client_credentials",
      endpoint: "https://idp.test/token",
      status: 503,
      cause: { name: "Error", message: "socket hang up" },
    });
  });

  it("knows a non-ASCII secret as the text its bytes become when a server reads them the other way", () => {
    const key = "Kéy-Marker-Value-0042";
    const registry = new SecretRegistry().add(key);
    // Sent in a header (one byte a character) and read back as UTF-8; sent in a body (UTF-8) and read back as Latin-1.
    const headerEcho = new TextDecoder().decode(Buffer.from(key, "latin1"));
    const bodyEcho = Buffer.from(key, "utf8").toString("latin1");
    expect(headerEcho).toBe("K\ufffdy-Marker-Value-0042");
    expect(bodyEcho).toBe("KÃ©y-Marker-Value-0042");
    expect(registry.scrub(`sent ${headerEcho}; sent ${bodyEcho}; sent ${key}`)).toBe("sent [redacted]; sent [redacted]; sent [redacted]");
  });

  it("keeps an API key with a Latin-1 character out of an error whose body echoes the header's bytes", async () => {
    const key = "Kéy-Marker-Value-0042";
    const api = await startHttpServer((req, res) =>
      res
        .writeHead(400, { "content-type": "text/plain; charset=utf-8" })
        .end(Buffer.concat([Buffer.from("bad key "), Buffer.from(String(req.headers["x-api-key"]), "latin1")])),
    );
    try {
      const core = createClientCore({
        owner: "createTestClient",
        options: { retry: false },
        baseUrl: api.url,
        apiKey: { name: "x-api-key", in: "header", keys: [key], option: "apiKey" },
      });
      const response = await core.fetch(`${api.url}/items`);
      const body = await response.text();
      // The key went out and came back as other text: the plain value would not be found in it.
      expect(body).toBe("bad key K\ufffdy-Marker-Value-0042");
      const error = ApiError.from(response, body, { method: "GET" });
      for (const view of [error.message, JSON.stringify(error), inspect(error)]) expect(view).not.toContain("y-Marker-Value-0042");
    } finally {
      await api.close();
    }
  });

  it("redacts secret-looking query parameters, user info, credential headers and echoed secrets", () => {
    expect(redactUrl(`https://user:pw@apigw.avnet.com/items?subscription-key=${SECRETS.primaryKey}&mpn=LM358`)).toBe(
      "https://apigw.avnet.com/items?subscription-key=[redacted]&mpn=LM358",
    );
    expect(redactUrl("https://x.test/?tenant=apitest&sig=abc", ["tenant"])).toBe("https://x.test/?tenant=[redacted]&sig=[redacted]");
    expect(
      redactHeaders(new Headers({ authorization: "Bearer x", "x-api-key": "k", "ocp-apim-subscription-key": "k", tenant: "apitest" })),
    ).toEqual({ authorization: "[redacted]", "ocp-apim-subscription-key": "[redacted]", tenant: "apitest", "x-api-key": "[redacted]" });
    expect(scrub(`bad password ${SECRETS.password} (${encodeURIComponent("p@ss word!")})`, [SECRETS.password, "p@ss word!"])).toBe(
      "bad password [redacted] ([redacted])",
    );
  });
});
