import { describe, expect, it } from "vitest";
import { recordingFetch, specPath, startOAuthServer, startPrism } from "./index.ts";

// The stand-ins are what every client test trusts: check that they really refuse what is wrong.
describe("stand-ins", () => {
  it("Prism checks requests against the definition: missing credentials and wrong parameters are refused", async () => {
    const prism = await startPrism(specPath("avionte/front-office.yaml"));
    try {
      const headers = { authorization: "Bearer t", "x-api-key": "k", Tenant: "apitest" };
      expect((await fetch(`${prism.url}/talent/1`, { headers })).status).toBe(200);
      expect((await fetch(`${prism.url}/talent/1`, { headers: { "x-api-key": "k" } })).status).toBe(401);
      expect((await fetch(`${prism.url}/talent/not-a-number`, { headers })).status).toBe(400);
      expect(prism.logs.join("\n")).toContain("Request path parameter talentid must be integer");
    } finally {
      await prism.stop();
    }
  });

  it("the OAuth server issues tokens and records each request; recordingFetch passes traffic through", async () => {
    const idp = await startOAuthServer();
    const wire = recordingFetch();
    try {
      const response = await wire.fetch(idp.tokenUrl, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: "c" }) });
      const body = (await response.json()) as { access_token: string; token_type: string };
      expect(body.token_type).toBe("Bearer");
      expect(idp.requests.at(-1)!.body).toEqual({ grant_type: "client_credentials", client_id: "c" });
      expect(wire.requests).toEqual([expect.objectContaining({ method: "POST", url: idp.tokenUrl, body: "grant_type=client_credentials&client_id=c" })]);
    } finally {
      await idp.stop();
    }
  });
});
