import { describe, expect, it } from "vitest";
import { refusalOf } from "./oauth-server.ts";

const clients = [
  { id: "app", secret: "s3cret", scopes: ["read"] },
  { id: "DSI", users: { demo: "pw" } },
];
const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;

describe("the OAuth stand-in's refusals (RFC 6749 §5.2)", () => {
  it("issues a token to a known client with its secret, in the body or as HTTP Basic", () => {
    expect(refusalOf(clients, { grant_type: "client_credentials", client_id: "app", client_secret: "s3cret" }, undefined)).toBeUndefined();
    expect(refusalOf(clients, { grant_type: "client_credentials" }, basic("app:s3cret"))).toBeUndefined();
    expect(refusalOf(clients, { grant_type: "password", username: "demo", password: "pw" }, basic("DSI"))).toBeUndefined();
    expect(refusalOf(clients, { grant_type: "client_credentials", scope: "read" }, basic("app:s3cret"))).toBeUndefined();
  });

  it("answers 401 invalid_client to an unknown client or a wrong secret", () => {
    expect(refusalOf(clients, { client_id: "nobody", client_secret: "x" }, undefined)).toMatchObject({
      statusCode: 401,
      body: { error: "invalid_client" },
    });
    expect(refusalOf(clients, { client_id: "app", client_secret: "wrong" }, undefined)?.body.error).toBe("invalid_client");
    expect(refusalOf(clients, {}, basic("app:wrong"))?.statusCode).toBe(401);
    expect(refusalOf(clients, {}, undefined)?.body.error).toBe("invalid_client");
  });

  it("answers 400 invalid_grant to a wrong login and invalid_scope to a scope not granted", () => {
    expect(refusalOf(clients, { grant_type: "password", username: "demo", password: "no" }, basic("DSI"))).toMatchObject({
      statusCode: 400,
      body: { error: "invalid_grant" },
    });
    expect(refusalOf(clients, { client_id: "app", client_secret: "s3cret", scope: "read write" }, undefined)).toMatchObject({
      statusCode: 400,
      body: { error: "invalid_scope", error_description: "scope not granted to this client: write" },
    });
  });
});
