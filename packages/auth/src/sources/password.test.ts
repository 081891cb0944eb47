import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigError, OAuthError } from "../errors.ts";
import {
  captureError,
  json,
  type OAuthTestServer,
  rememberToken,
  SECRETS,
  startHttpServer,
  startOAuthServer,
} from "@vendor-clients/testkit";
import { TokenCache } from "../token-cache.ts";
import { passwordGrant } from "./password.ts";

let idp: OAuthTestServer;
beforeAll(async () => {
  idp = await startOAuthServer();
});
afterAll(() => idp.stop());

const dsi = (extra: Partial<Parameters<typeof passwordGrant>[0]> = {}) =>
  passwordGrant({ tokenUrl: idp.tokenUrl, clientId: "DSI", username: "operator", password: SECRETS.password, ...extra });

describe("password grant (DSI Advanced Inventory)", () => {
  it('sends username and password in the form body with the client id as Basic base64(clientId + ":")', async () => {
    const token = await dsi().getToken();
    const [request] = idp.requests.slice(-1);
    expect(request!.headers.authorization).toBe("Basic RFNJOg=="); // the vendor's own example value
    expect(request!.body).toEqual({ grant_type: "password", username: "operator", password: SECRETS.password });
    expect(token.refreshToken).toBeTruthy();
  });

  it("can send the fields as HTTP headers, as the DSI guide words it", async () => {
    const server = await startHttpServer((_req, res) => json(res, 200, { access_token: "hdr-token-1", refresh_token: "hdr-refresh-1" }));
    rememberToken("hdr-token-1");
    rememberToken("hdr-refresh-1");
    try {
      await passwordGrant({
        tokenUrl: `${server.url}/oauth2/token`,
        clientId: "DSI",
        username: "operator",
        password: SECRETS.password,
        credentialsIn: "headers",
      }).getToken();
      const [request] = server.requests;
      expect(request!.headers).toMatchObject({
        authorization: "Basic RFNJOg==",
        grant_type: "password",
        username: "operator",
        password: SECRETS.password,
      });
      expect(request!.body).toBe("");
    } finally {
      await server.close();
    }
  });

  it("refreshes with the refresh token and keeps the new one each refresh returns (through the cache)", async () => {
    const cache = new TokenCache(dsi());
    const first = await cache.getToken();
    const second = await cache.getToken({ forceRefresh: true });
    const third = await cache.getToken({ forceRefresh: true });
    const [, refresh1, refresh2] = idp.requests.slice(-3);
    expect(refresh1!.body).toEqual({ grant_type: "refresh_token", refresh_token: first.refreshToken });
    expect(refresh2!.body).toEqual({ grant_type: "refresh_token", refresh_token: second.refreshToken });
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
    expect(refresh2!.headers.authorization).toBe("Basic RFNJOg==");
  });

  it("logs in with the password again when the refresh token is refused", async () => {
    const cache = new TokenCache(dsi());
    await cache.getToken();
    idp.service.once("beforeResponse", (response: any) => Object.assign(response, { statusCode: 400, body: { error: "invalid_grant" } }));
    const token = await cache.getToken({ forceRefresh: true });
    expect(idp.requests.slice(-2).map((r) => r.body.grant_type)).toEqual(["refresh_token", "password"]);
    expect(token.value).toBeTruthy();
  });

  it("revokes with DSI's access_token field, or RFC 7009's token field", async () => {
    const revoker = await startHttpServer((_req, res) => res.writeHead(200).end());
    try {
      const token = await dsi().getToken();
      await dsi({ revokeUrl: `${revoker.url}/oauth2/revoke`, revokeTokenField: "access_token" }).revoke(token);
      await dsi({ revokeUrl: `${revoker.url}/oauth2/revoke` }).revoke(token);
      expect(revoker.requests.map((r) => [r.url, r.headers.authorization, Object.fromEntries(new URLSearchParams(r.body))])).toEqual([
        ["/oauth2/revoke", "Basic RFNJOg==", { access_token: token.value }],
        ["/oauth2/revoke", "Basic RFNJOg==", { token: token.value, token_type_hint: "access_token" }],
      ]);
    } finally {
      await revoker.close();
    }
  });

  it("reports a refused revocation without the token, and needs revokeUrl to revoke", async () => {
    const revoker = await startHttpServer((_req, res) => json(res, 400, { error: "unsupported_token_type" }));
    try {
      const token = await dsi().getToken();
      const error = await captureError<OAuthError>(dsi({ revokeUrl: `${revoker.url}/oauth2/revoke` }).revoke(token));
      expect(error.message).toBe(`token revocation failed at ${revoker.url}/oauth2/revoke: HTTP 400 unsupported_token_type`);
      const config = await captureError<ConfigError>(dsi().revoke(token));
      expect(config.option).toBe("revokeUrl");
    } finally {
      await revoker.close();
    }
  });

  it("encodes the client id as DSI documents it (raw) or as RFC 6749 says (form-encoded first)", async () => {
    const server = await startHttpServer((_req, res) => json(res, 200, { access_token: "enc-token-1", refresh_token: "enc-refresh-1" }));
    rememberToken("enc-token-1");
    rememberToken("enc-refresh-1");
    try {
      for (const basicEncoding of ["raw", "rfc6749"] as const)
        await passwordGrant({
          tokenUrl: `${server.url}/oauth2/token`,
          clientId: "DSI Agent/1+2:%",
          basicEncoding,
          username: "operator",
          password: SECRETS.password,
        }).getToken();
      const decoded = server.requests.map((r) => Buffer.from(r.headers.authorization!.slice("Basic ".length), "base64").toString());
      expect(decoded).toEqual(["DSI Agent/1+2:%:", "DSI+Agent%2F1%2B2%3A%25:"]);
    } finally {
      await server.close();
    }
  });

  it("puts the revoked token where the credentials go: headers, body or both", async () => {
    const revoker = await startHttpServer((_req, res) => res.writeHead(200).end());
    try {
      const token = await dsi().getToken();
      for (const credentialsIn of ["headers", "both"] as const)
        await dsi({ credentialsIn, revokeUrl: `${revoker.url}/oauth2/revoke`, revokeTokenField: "access_token" }).revoke(token);
      expect(revoker.requests.map((r) => [r.headers.access_token, Object.fromEntries(new URLSearchParams(r.body))])).toEqual([
        [token.value, {}],
        [token.value, { access_token: token.value }],
      ]);
    } finally {
      await revoker.close();
    }
  });

  it("validates options without showing the password", () => {
    expect(() => dsi({ password: "" })).toThrow('passwordGrant: option "password" must be a non-empty string; got an empty string');
    expect(() => dsi({ username: undefined as never })).toThrow('option "username" must be a non-empty string; it is missing');
    expect(() => dsi({ credentialsIn: "query" as never })).toThrow('option "credentialsIn" must be one of "body", "headers", "both"');
  });
});
