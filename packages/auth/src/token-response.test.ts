import { describe, expect, it } from "vitest";
import { OAuthError } from "./errors.ts";
import { captureError, SECRETS } from "@vendor-clients/testkit";
import { parseExpiresIn, parseTokenResponse } from "./token-response.ts";

const context = {
  operation: "client_credentials token request",
  endpoint: "https://idp.test/token",
  defaultLifetimeSeconds: 1800,
  secrets: [SECRETS.clientSecret],
  now: 1_000_000,
};
const respond = (body: string | object, status = 200, contentType = "application/json") =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": contentType } });

describe("token responses", () => {
  it.each([
    ["Bearer", { token_type: "Bearer" }],
    ["bearer (lower case)", { token_type: "bearer" }],
    ["no token_type (DSI)", {}],
  ])("accepts %s and normalises the type to Bearer", async (_, fields) => {
    const token = await parseTokenResponse(respond({ access_token: "abc", expires_in: 60, ...fields }), context);
    expect(token.type).toBe("Bearer");
    expect(token.value).toBe("abc");
    expect(token.expiresAt).toBe(context.now + 60_000);
  });

  it("reads expires_in as a number or numeric string, and falls back to the default lifetime otherwise", async () => {
    expect((await parseTokenResponse(respond({ access_token: "a", expires_in: "3600" }), context)).expiresAt).toBe(context.now + 3_600_000);
    for (const expires_in of [undefined, -5, 0, "soon", null, "1e999"])
      expect((await parseTokenResponse(respond({ access_token: "a", expires_in }), context)).expiresAt).toBe(context.now + 1_800_000);
    expect(parseExpiresIn(" 12 ")).toBe(12);
  });

  it.each([
    ["null", null],
    ["an empty string", ""],
  ])("reads `error: %s` (as .NET and Java serialisers write on success) as no error", async (_, error) => {
    const token = await parseTokenResponse(respond({ access_token: "abc", token_type: "Bearer", expires_in: 60, error }), context);
    expect(token.value).toBe("abc");
  });

  it.each([
    ["a string", { error: "invalid_client" }, 401, "HTTP 401 invalid_client"],
    ["a string in a 200", { error: "access_denied", access_token: "abc" }, 200, "HTTP 200 access_denied"],
    ["an object with code and message", { error: { code: "E1001", message: "client disabled" } }, 400, 'HTTP 400 E1001 "client disabled"'],
    ["a number", { error: 42 }, 400, "HTTP 400 42"],
    ["a vendor code only", { errorCode: "oauth.v2.InvalidApiKey" }, 401, "HTTP 401 (vendor code oauth.v2.InvalidApiKey)"],
    ["nothing at all", {}, 500, "HTTP 500 (no error code given)"],
  ])("refuses a real error given as %s, naming the vendor's code", async (_, body, status, expected) => {
    const error = await captureError(parseTokenResponse(respond(body, status), context));
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as Error).message).toBe(`client_credentials token request failed at https://idp.test/token: ${expected}`);
  });

  it("keeps refresh token and scope", async () => {
    const token = await parseTokenResponse(respond({ access_token: "a", refresh_token: "r1", scope: "supply.domain" }), context);
    expect(token.refreshToken).toBe("r1");
    expect(token.scope).toBe("supply.domain");
  });

  it("reports an RFC 6749 error with status, code, description and Azure AD's vendor code", async () => {
    const error = await captureError<OAuthError>(
      parseTokenResponse(
        respond(
          { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided.", error_codes: [7000215] },
          401,
        ),
        context,
      ),
    );
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      status: 401,
      error: "invalid_client",
      vendorCode: "AADSTS7000215",
      errorDescription: "AADSTS7000215: Invalid client secret provided.",
    });
    expect(error.message).toBe(
      'client_credentials token request failed at https://idp.test/token: HTTP 401 invalid_client "AADSTS7000215: Invalid client secret provided."',
    );
    expect(error.isCredentialError).toBe(true);
  });

  it("reads Apigee's fault shape (Ingram Micro's gateway)", async () => {
    const error = await captureError<OAuthError>(
      parseTokenResponse(
        respond({ fault: { faultstring: "Invalid client identifier", detail: { errorcode: "oauth.v2.InvalidClientIdentifier" } } }, 401),
        context,
      ),
    );
    expect(error.vendorCode).toBe("oauth.v2.InvalidClientIdentifier");
    expect(error.message).toContain('HTTP 401 "Invalid client identifier" (vendor code oauth.v2.InvalidClientIdentifier)');
  });

  it("explains an HTML error page from a gateway instead of a JSON parse error", async () => {
    const error = await captureError<OAuthError>(
      parseTokenResponse(respond("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", 502, "text/html"), context),
    );
    expect(error.status).toBe(502);
    expect(error.message).toContain('the server sent an HTML page ("502 Bad Gateway"), not JSON: a gateway or proxy error page?');
  });

  it("refuses a body that is not JSON, without quoting it", async () => {
    const error = await captureError<OAuthError>(parseTokenResponse(respond('{"access_token": "tok-Partial-Secret', 200), context), [
      "tok-Partial-Secret",
    ]);
    expect(error.message).toBe(
      "client_credentials token request at https://idp.test/token: the server sent a body that is not JSON (application/json, 36 bytes)",
    );
  });

  it("refuses a response without access_token, naming the fields it had", async () => {
    const error = await captureError<OAuthError>(parseTokenResponse(respond({ token_type: "Bearer", expires_in: 3600 }), context));
    expect(error.message).toContain("the token response has no access_token (fields: expires_in, token_type)");
  });

  it("refuses a token type it cannot send", async () => {
    const error = await captureError<OAuthError>(parseTokenResponse(respond({ access_token: "a", token_type: "DPoP" }), context));
    expect(error.message).toContain('token_type "DPoP" is not supported');
  });

  it("removes a secret the server echoes back in its description", async () => {
    const error = await captureError<OAuthError>(
      parseTokenResponse(respond({ error: "invalid_client", error_description: `secret ${SECRETS.clientSecret} is wrong` }, 400), context),
    );
    expect(error.errorDescription).toBe("secret [redacted] is wrong");
  });
});
