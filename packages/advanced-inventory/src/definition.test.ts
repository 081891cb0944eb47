import { readDefinition, specPath, startPrism, type PrismServer } from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What specs/advanced-inventory/web-api.yaml says, checked against DSI's technical guide
// (../shared/facts/dsi.md): these fail if the definition drifts from what the vendor shows.
const definition = readDefinition("advanced-inventory/web-api.yaml");

let prism: PrismServer;
beforeAll(async () => {
  prism = await startPrism(specPath("advanced-inventory/web-api.yaml"));
}, 60_000);
afterAll(async () => {
  await prism?.stop();
});

const basic = { authorization: "Basic RFNJOg==", "content-type": "application/x-www-form-urlencoded" };

describe("the DSI definition", () => {
  it("models the token answer as DSI shows it: access_token and refresh_token, both seen, nothing else", () => {
    const token = definition.components.schemas.TokenResponse;
    expect(Object.keys(token.properties)).toEqual(["access_token", "refresh_token"]);
    expect(token.required).toEqual(["access_token", "refresh_token"]);
    expect(token.properties.refresh_token["x-inferred"]).toBeUndefined();
    expect(token.description).not.toMatch(/truncated/);
  });

  it("makes the revoke call's access_token field required and does not mark the operation inferred", () => {
    const revoke = definition.paths["/oauth2/revoke"].post;
    expect(revoke["x-inferred"]).toBeUndefined();
    const schema = revoke.requestBody.content["application/x-www-form-urlencoded"].schema;
    expect(schema["x-inferred"]).toBeUndefined();
    expect(schema.required).toEqual(["access_token"]);
  });

  it("is what a mock of it enforces: revoke without access_token is refused, the token answer is a pair", async () => {
    const missing = await fetch(`${prism.url}/oauth2/revoke`, { method: "POST", headers: basic, body: "token=abc" });
    // Prism answers a request that breaks the definition with its 400 (the definition's OAuthError).
    expect(missing.status).toBe(400);
    await missing.body?.cancel();
    const revoked = await fetch(`${prism.url}/oauth2/revoke`, { method: "POST", headers: basic, body: "access_token=abc" });
    expect(revoked.status).toBe(200);
    await revoked.body?.cancel();
    const token = await fetch(`${prism.url}/oauth2/token`, {
      method: "POST",
      headers: basic,
      body: "grant_type=password&username=u&password=p",
    });
    expect(token.status).toBe(200);
    expect(Object.keys((await token.json()) as object).sort()).toEqual(["access_token", "refresh_token"]);
  });
});
