import {
  captureError,
  SECRETS,
  startNexarServer,
  startOAuthServer,
  type NexarTestServer,
  type OAuthTestServer,
} from "@vendor-clients/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createNexarClient, getProjects, getWorkspaces } from "./index.ts";

let idp: OAuthTestServer;
let nexar: NexarTestServer;
beforeAll(async () => {
  [idp, nexar] = await Promise.all([startOAuthServer(), startNexarServer()]);
});
afterAll(async () => {
  await Promise.all([idp?.stop(), nexar?.close()]);
});
beforeEach(() => {
  nexar.requests.length = 0;
});

// The stand-in does not check scopes: a client-credentials login stands for the user's here.
const design = () =>
  createNexarClient({ clientId: "nexar-design", clientSecret: SECRETS.clientSecret, baseUrl: nexar.url, tokenUrl: idp.tokenUrl });

describe("Nexar design data across regions", () => {
  it("lists workspaces with their region, and pages each one's projects on its region's endpoint with one login", async () => {
    const client = design();
    const before = idp.requests.length;
    const workspaces = await getWorkspaces(client);
    const origin = new URL(nexar.url).origin;
    expect(workspaces.map((w) => [w.name, w.location.name, w.location.apiServiceUrl])).toEqual([
      ["Acme Hardware", "US West", `${origin}/graphql`],
      ["Acme Europe", "EU Central", `${origin}/eu/graphql`],
    ]);
    const names: Record<string, string[]> = {};
    for (const workspace of workspaces)
      for await (const project of getProjects(client, workspace, { pageSize: 2 })) (names[workspace.name] ??= []).push(project.name ?? "");
    expect(names).toEqual({
      "Acme Hardware": ["Sensor Node Rev C", "Gateway Mainboard", "Power Module 48V", "USB-C Debug Probe", "LED Driver"],
      "Acme Europe": ["Motor Controller", "Battery Monitor", "CAN Interface"],
    });
    // Cursors that end: 3 pages of 2 for five projects, 2 for three; each on its region's path.
    expect(nexar.requests.filter((r) => r.operationName === "NexarProjects").map((r) => r.path)).toEqual([
      "/graphql",
      "/graphql",
      "/graphql",
      "/eu/graphql",
      "/eu/graphql",
    ]);
    // One login for every region: one token, sent to both endpoints.
    expect(idp.requests.length - before).toBe(1);
    expect(new Set(nexar.requests.map((r) => r.authorization)).size).toBe(1);
  });

  it("a refused token on one region's endpoint refreshes the one shared login", async () => {
    const client = design();
    const eu = client.at(`${new URL(nexar.url).origin}/eu/graphql`);
    const first = await client.tokens.getToken();
    nexar.fail("expired-token");
    const before = idp.requests.length;
    await getWorkspaces(eu);
    expect(idp.requests.length - before).toBe(1);
    const second = await client.tokens.getToken();
    expect(second.value).not.toBe(first.value);
    expect(nexar.requests.at(-1)!.authorization).toBe(`Bearer ${second.value}`);
  });

  it("sends the login only to nexar.com hosts, its own endpoint, and the origins the user lists", async () => {
    const client = design();
    expect(client.at("https://eu.api.nexar.com/graphql").baseUrl).toBe("https://eu.api.nexar.com/graphql");
    const refused = await captureError(Promise.resolve().then(() => client.at("https://nexar.com.example.org/graphql")));
    expect(String(refused)).toContain(
      "the workspace's API is at https://nexar.com.example.org, neither a nexar.com host nor this client's endpoint; list it in option \"apiServiceOrigins\"",
    );
    expect(() => client.at("http://eu.api.nexar.com/graphql")).toThrow("apiServiceOrigins");
    const allowed = createNexarClient({ clientId: "x", clientSecret: "y", apiServiceOrigins: ["https://proxy.example.org"] });
    expect(allowed.at("https://proxy.example.org/eu/graphql").baseUrl).toBe("https://proxy.example.org/eu/graphql");
    expect(() => createNexarClient({ clientId: "x", clientSecret: "y", apiServiceOrigins: ["not a url"] })).toThrow(
      'option "apiServiceOrigins" must be a list of URLs',
    );
  });
});
