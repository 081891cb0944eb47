import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopbackLogin } from "../loopback-login.ts";
import { captureError, type OAuthTestServer, SECRETS, startOAuthServer } from "@vendor-clients/testkit";
import { TokenCache } from "../token-cache.ts";
import { authorizationCode } from "./authorization-code.ts";

let idp: OAuthTestServer;
beforeAll(async () => {
  idp = await startOAuthServer();
});
afterAll(() => idp.stop());

const nexarDesign = (extra: Partial<Parameters<typeof authorizationCode>[0]> = {}) =>
  authorizationCode({
    authorizeUrl: idp.authorizeUrl,
    tokenUrl: idp.tokenUrl,
    clientId: "nexar-cli",
    scopes: ["openid", "design.domain", "user.access", "offline_access"],
    ...extra,
  });

/** Plays the browser: follows the authorization server's redirect to the loopback callback. */
const browser = (url: URL) => void fetch(url, { redirect: "follow" }).then((r) => r.body?.cancel());

describe("authorization code + PKCE (Nexar design data)", () => {
  it("builds the authorize URL with state and an S256 code challenge", async () => {
    const request = await nexarDesign({ redirectUri: "http://localhost:3000/login" }).createAuthorizationRequest();
    const params = Object.fromEntries(request.url.searchParams);
    expect(params).toMatchObject({
      response_type: "code",
      client_id: "nexar-cli",
      redirect_uri: "http://localhost:3000/login",
      scope: "openid design.domain user.access offline_access",
      code_challenge_method: "S256",
      state: request.state,
    });
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(params.code_challenge).not.toBe(request.codeVerifier);
  });

  it("logs in through a loopback server, exchanges the code with its verifier, and closes the server", async () => {
    let callback: URL | undefined;
    const token = await loopbackLogin(nexarDesign(), {
      open: (url) => {
        callback = new URL(url.searchParams.get("redirect_uri")!);
        browser(url);
      },
    });
    expect(token.refreshToken).toBeTruthy();
    const [exchange] = idp.requests.slice(-1);
    expect(exchange!.body).toMatchObject({ grant_type: "authorization_code", client_id: "nexar-cli", redirect_uri: callback!.href });
    expect(exchange!.body.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(callback!.hostname).toBe("127.0.0.1");
    // The server is gone once the login is over.
    await expect(fetch(callback!)).rejects.toThrow();
  });

  it("refreshes through the cache, and runs the login option only when there is nothing to refresh", async () => {
    let logins = 0;
    const source = nexarDesign({
      login: (s, options) => {
        logins++;
        return loopbackLogin(s, { ...options, open: browser });
      },
    });
    const cache = new TokenCache(source);
    const first = await cache.getToken();
    const refreshed = await cache.getToken({ forceRefresh: true });
    expect(logins).toBe(1);
    expect(idp.requests.slice(-1)[0]!.body).toEqual({
      grant_type: "refresh_token",
      refresh_token: first.refreshToken,
      client_id: "nexar-cli",
    });
    expect(refreshed.value).not.toBe(first.value);
  });

  it("ignores a redirect with the wrong state and keeps waiting for the right one", async () => {
    const token = await loopbackLogin(nexarDesign(), {
      open: async (url) => {
        const redirect = new URL(url.searchParams.get("redirect_uri")!);
        redirect.searchParams.set("code", "forged");
        redirect.searchParams.set("state", "not-the-state");
        const forged = await fetch(redirect);
        expect(forged.status).toBe(400);
        expect(await forged.text()).toContain("state mismatch");
        browser(url);
      },
    });
    expect(token.value).toBeTruthy();
  });

  it("reports an error the authorization server sends back, and times out when nothing comes", async () => {
    const refused = await captureError(
      loopbackLogin(nexarDesign(), {
        open: (url) => {
          const redirect = new URL(url.searchParams.get("redirect_uri")!);
          redirect.searchParams.set("error", "access_denied");
          redirect.searchParams.set("error_description", "The user said no");
          redirect.searchParams.set("state", url.searchParams.get("state")!);
          void fetch(redirect).then((r) => r.body?.cancel());
        },
      }),
    );
    expect(refused.message).toBe('login refused by the authorization server: access_denied "The user said no"');
    const timedOut = await captureError(loopbackLogin(nexarDesign(), { open: () => {}, timeoutMs: 200 }));
    expect(timedOut.name).toBe("TimeoutError");
    expect(timedOut.message).toMatch(/^login: no redirect came back to http:\/\/127\.0\.0\.1:\d+\/callback within 0 s$/);
  });

  it("says what to do when there is no token and no login", async () => {
    const error = await captureError(nexarDesign({ scopes: ["openid"], clientSecret: SECRETS.clientSecret }).getToken());
    expect(error.message).toContain('no token to refresh and no "login" option: log in first');
    expect(error.message).toContain('ask for scope "offline_access"');
  });
});
