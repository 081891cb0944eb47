import { describe, expect, it } from "vitest";
import { closedPort, recordingFetch, specPath, startHttpServer, startOAuthServer, startPrism } from "./index.ts";

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
      const response = await wire.fetch(idp.tokenUrl, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: "c" }),
      });
      const body = (await response.json()) as { access_token: string; token_type: string };
      expect(body.token_type).toBe("Bearer");
      expect(idp.requests.at(-1)!.body).toEqual({ grant_type: "client_credentials", client_id: "c" });
      expect(wire.requests).toEqual([
        expect.objectContaining({ method: "POST", url: idp.tokenUrl, body: "grant_type=client_credentials&client_id=c" }),
      ]);
    } finally {
      await idp.stop();
    }
  });

  it("Prism starts again on another port when its port was taken between picking and binding", async () => {
    const squatter = await startHttpServer((_, res) => res.end("not prism"));
    const taken = Number(new URL(squatter.url).port);
    const ports = [taken];
    const prism = await startPrism(specPath("avionte/front-office.yaml"), {
      pickPort: async () => (ports.length === 1 ? ports.push(await closedPort()) && taken : ports.at(-1)!),
    });
    try {
      expect(ports).toHaveLength(2);
      expect(prism.url).toBe(`http://127.0.0.1:${ports[1]}`);
      expect(
        (await fetch(`${prism.url}/talent/1`, { headers: { authorization: "Bearer t", "x-api-key": "k", Tenant: "apitest" } })).status,
      ).toBe(200);
    } finally {
      await Promise.all([prism.stop(), squatter.close()]);
    }
  });

  it("Prism's dynamic answers are the same for the same request with a seed", async () => {
    const start = () => startPrism(specPath("avionte/front-office.yaml"), { dynamic: true, seed: "fixed" });
    const [a, b] = await Promise.all([start(), start()]);
    try {
      const get = (url: string) =>
        fetch(`${url}/talent/1`, { headers: { authorization: "Bearer t", "x-api-key": "k", Tenant: "apitest" } }).then((r) => r.text());
      const first = await get(a.url);
      expect(await get(b.url)).toBe(first);
      expect(await get(a.url)).toBe(first);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
