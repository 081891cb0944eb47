import { json, recordingFetch, SECRETS, startHttpServer, useVendorServers } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";
import { createAdvancedInventoryClient, fromEnv, type AdvancedInventoryOptions } from "./index.ts";

const servers = useVendorServers("advanced-inventory/web-api.yaml");

const options = (extra: Partial<AdvancedInventoryOptions> = {}): AdvancedInventoryOptions => ({
  baseUrl: servers.prism.url,
  clientId: "DSI",
  username: "operator",
  password: SECRETS.password,
  tokenUrl: servers.idp.tokenUrl,
  ...extra,
});

describe("DSI Advanced Inventory client", () => {
  it("pings the server without logging in", async () => {
    const wire = recordingFetch();
    const client = createAdvancedInventoryClient(options({ fetch: wire.fetch }));
    const before = servers.idp.requests.length;
    const { data, response } = await client.GET("/api/v1/Public/PingUTC");
    expect(response.status).toBe(200);
    expect(typeof data).toBe("string");
    expect(servers.idp.requests.length).toBe(before);
    expect(wire.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('logs in with the password grant: Basic base64(ClientID + ":"), fields in the form body', async () => {
    const client = createAdvancedInventoryClient(options());
    const before = servers.idp.requests.length;
    await client.tokens.getToken();
    const [request] = servers.idp.requests.slice(before);
    expect(request!.headers.authorization).toBe("Basic RFNJOg==");
    expect(request!.body).toEqual({ grant_type: "password", username: "operator", password: SECRETS.password });
  });

  it("answers a 401 with one refresh_token grant and retries; close() revokes the token with DSI's access_token field", async () => {
    let refused: string | undefined;
    const api = await startHttpServer((req, res) => {
      if (req.url.startsWith("/oauth2/revoke")) return res.writeHead(200).end();
      refused ??= req.headers.authorization;
      json(res, req.headers.authorization === refused ? 401 : 200, { ok: req.headers.authorization !== refused });
    });
    try {
      const client = createAdvancedInventoryClient(options({ baseUrl: api.url }));
      const first = await client.tokens.getToken();
      const response = await client.fetch(`${api.url}/api/v1/DataTable/Items`);
      expect(response.status).toBe(200);
      expect(servers.idp.requests.slice(-1)[0]!.body).toEqual({ grant_type: "refresh_token", refresh_token: first.refreshToken });
      const current = client.tokens.peek()!;
      await client.close();
      const revoke = api.requests.find((r) => r.url === "/oauth2/revoke")!;
      expect(Object.fromEntries(new URLSearchParams(revoke.body))).toEqual({ access_token: current.value });
      expect(revoke.headers.authorization).toBe("Basic RFNJOg==");
      expect(client.tokens.peek()).toBeUndefined();
    } finally {
      await api.close();
    }
  });

  it("requires the base URL of the customer's own server, and names missing environment variables", () => {
    expect(() => createAdvancedInventoryClient(options({ baseUrl: "" }))).toThrow(
      'createAdvancedInventoryClient: option "baseUrl" is required: the address of your own Web API Service Agent',
    );
    expect(() => fromEnv({}, { DSI_BASE_URL: "https://inv.example.com:8130" })).toThrow(
      "DSI Advanced Inventory: missing environment variables DSI_CLIENT_ID, DSI_USERNAME, DSI_PASSWORD",
    );
    // The password never goes over plain http beyond loopback unless allowed by name.
    expect(() => createAdvancedInventoryClient(options({ baseUrl: "http://inventory.example.com:8130" }))).toThrow(
      'createAdvancedInventoryClient: option "baseUrl" is plain http to inventory.example.com:8130: credentials would cross the network unencrypted. Use https, or set option "allowInsecureRequests: true"',
    );
    const plainHttp = (allow: string) => () =>
      fromEnv(
        {},
        {
          DSI_BASE_URL: "http://inventory.example.com:8130",
          DSI_CLIENT_ID: "DSI",
          DSI_USERNAME: "u",
          DSI_PASSWORD: "p",
          DSI_ALLOW_INSECURE_REQUESTS: allow,
        },
      );
    expect(plainHttp("true")).not.toThrow();
    expect(plainHttp("yes")).toThrow(
      'DSI Advanced Inventory: environment variable DSI_ALLOW_INSECURE_REQUESTS must be true or false; got "yes"',
    );
    // Checked when the client is made, not at the first call.
    expect(() => createAdvancedInventoryClient(options({ password: "" }))).toThrow(
      'createAdvancedInventoryClient: option "password" is required: the password of that login',
    );
  });
});
