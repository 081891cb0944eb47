import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConfigError, OAuthError } from "../errors.ts";
import { captureError, captureThrow, closedPort, type OAuthTestServer, SECRETS, startOAuthServer } from "@vendor-clients/testkit";
import { clientCredentials } from "./client-credentials.ts";

let idp: OAuthTestServer;
beforeAll(async () => {
  idp = await startOAuthServer();
});
afterAll(() => idp.stop());

describe("client credentials", () => {
  it("sends the credentials, scope and extra fields in the form body, and extra headers (Avionté's x-api-key)", async () => {
    const source = clientCredentials({
      tokenUrl: idp.tokenUrl,
      clientId: "avionte-client",
      clientSecret: SECRETS.clientSecret,
      scopes: ["avionte.aero.compasintegrationservice"],
      headers: { "x-api-key": SECRETS.apiKey },
      extraParams: { resource: "front-office" },
    });
    const token = await source.getToken();
    const [request] = idp.requests.slice(-1);
    expect(request!.body).toEqual({
      grant_type: "client_credentials",
      client_id: "avionte-client",
      client_secret: SECRETS.clientSecret,
      scope: "avionte.aero.compasintegrationservice",
      resource: "front-office",
    });
    expect(request!.headers["x-api-key"]).toBe(SECRETS.apiKey);
    expect(request!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(token.type).toBe("Bearer");
    expect(token.expiresAt - token.obtainedAt).toBe(3_600_000);
    expect(source.cacheKey).toBe(`${idp.tokenUrl}|avionte-client|avionte.aero.compasintegrationservice|`);
  });

  it("authenticates with HTTP Basic when asked", async () => {
    const source = clientCredentials({
      tokenUrl: idp.tokenUrl,
      clientId: "id:with space",
      clientSecret: SECRETS.clientSecret,
      clientAuthentication: "basic",
    });
    await source.getToken();
    const [request] = idp.requests.slice(-1);
    expect(request!.body).toEqual({ grant_type: "client_credentials" });
    expect(Buffer.from(request!.headers.authorization!.replace("Basic ", ""), "base64").toString()).toBe(
      `id%3Awith+space:${SECRETS.clientSecret}`,
    );
  });

  it("moves to the second client secret when the first is rejected with invalid_client, and keeps it", async () => {
    const source = clientCredentials({
      tokenUrl: idp.tokenUrl,
      clientId: "avnet",
      clientSecret: [SECRETS.oldClientSecret, SECRETS.clientSecret],
    });
    const rejectOld = (response: { body: any; statusCode: number }, req: any) => {
      if (req.body.client_secret === SECRETS.oldClientSecret)
        Object.assign(response, {
          statusCode: 401,
          body: { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." },
        });
    };
    idp.service.on("beforeResponse", rejectOld);
    try {
      const before = idp.requests.length;
      await source.getToken();
      await source.getToken();
      expect(idp.requests.slice(before).map((r) => r.body.client_secret)).toEqual([
        SECRETS.oldClientSecret,
        SECRETS.clientSecret,
        SECRETS.clientSecret,
      ]);
    } finally {
      idp.service.off("beforeResponse", rejectOld);
    }
  });

  it("fails with an OAuthError that names the endpoint, status and code, and no secret", async () => {
    idp.service.once("beforeResponse", (response: any) =>
      Object.assign(response, { statusCode: 400, body: { error: "invalid_scope", error_description: "scope not allowed" } }),
    );
    const source = clientCredentials({ tokenUrl: idp.tokenUrl, clientId: "c", clientSecret: SECRETS.clientSecret, scopes: "bad" });
    const error = await captureError<OAuthError>(source.getToken());
    expect(error).toBeInstanceOf(OAuthError);
    expect(error.message).toBe(`client_credentials token request failed at ${idp.tokenUrl}: HTTP 400 invalid_scope "scope not allowed"`);
  });

  it("validates its options, naming the option and never echoing a secret", async () => {
    const make = (options: any) => () => clientCredentials(options);
    expect(make({ clientId: "c", clientSecret: "s" })).toThrow('clientCredentials: option "tokenUrl" is required');
    expect(make({ tokenUrl: "not a url", clientId: "c", clientSecret: "s" })).toThrow(
      'option "tokenUrl" must be an absolute http(s) URL (it does not parse as one)',
    );
    expect(make({ tokenUrl: "ftp://x/token", clientId: "c", clientSecret: "s" })).toThrow('option "tokenUrl" must use http or https');
    expect(make({ tokenUrl: idp.tokenUrl, clientId: "", clientSecret: "s" })).toThrow(
      'option "clientId" must be a non-empty string; got ""',
    );
    expect(make({ tokenUrl: idp.tokenUrl, clientId: "c", clientSecret: ["", "x"] })).toThrow(
      'option "clientSecret[0]" must be a non-empty string; got an empty string',
    );
    expect(make({ tokenUrl: idp.tokenUrl, clientId: "c", clientSecret: "s", clientAuthentication: "jwt" })).toThrow(
      'option "clientAuthentication" must be one of "body", "basic"; got "jwt"',
    );
    const error = captureThrow<ConfigError>(make({ tokenUrl: idp.tokenUrl, clientId: "c", clientSecret: 42 }));
    expect(error).toMatchObject({ name: "ConfigError", option: "clientSecret" });
  });

  it("reports an unreachable token endpoint as a network error naming it", async () => {
    const port = await closedPort();
    const source = clientCredentials({ tokenUrl: `http://127.0.0.1:${port}/token`, clientId: "c", clientSecret: SECRETS.clientSecret });
    const error = await captureError(source.getToken());
    expect(error.name).toBe("NetworkError");
    expect(error.message).toMatch(
      new RegExp(
        `^client_credentials token request at http://127\\.0\\.0\\.1:${port}/token failed \\(waiting for the response headers\\): .*ECONNREFUSED`,
      ),
    );
  });
});
