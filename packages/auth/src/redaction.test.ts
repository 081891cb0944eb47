import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { OAuthError } from "./errors.ts";
import { redactHeaders, redactUrl } from "./redact.ts";
import { scrub } from "./secrets.ts";
import { SECRETS } from "@vendor-clients/testkit";
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
