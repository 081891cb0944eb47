import { describe, expectTypeOf, it } from "vitest";
import {
  type AccessToken,
  authorizationCode,
  bearer,
  clientCredentials,
  createFetch,
  passwordGrant,
  staticToken,
  type AuthStrategy,
  oauth,
  tokenAuth,
  type TokenCache,
  type Step,
  type TokenSource,
  type VendorClientsErrorCodes,
} from "./index.ts";
import { fileTokenStore, loopbackLogin } from "./node.ts";

describe("public API types", () => {
  it("files each error class under its own code (the map is written by hand; this keeps it true)", () => {
    // The base class's code is any string; every other class's is its own literal.
    type Subclasses = Omit<VendorClientsErrorCodes, "VENDOR_CLIENTS_ERROR">;
    expectTypeOf<{ [K in keyof Subclasses]: Subclasses[K]["code"] }>().toEqualTypeOf<{ [K in keyof Subclasses]: K }>();
  });

  it("gives every grant, and the cache around one, the same shape", () => {
    expectTypeOf(clientCredentials).returns.toMatchTypeOf<TokenSource>();
    expectTypeOf(passwordGrant).returns.toMatchTypeOf<TokenSource>();
    expectTypeOf(authorizationCode).returns.toMatchTypeOf<TokenSource>();
    expectTypeOf(staticToken).returns.toMatchTypeOf<TokenSource>();
    expectTypeOf<TokenCache>().toMatchTypeOf<TokenSource>();
    expectTypeOf<TokenSource["getToken"]>().returns.resolves.toEqualTypeOf<AccessToken>();
    expectTypeOf<Parameters<TokenSource["getToken"]>[0]>().toEqualTypeOf<
      { signal?: AbortSignal; forceRefresh?: boolean; previous?: AccessToken } | undefined
    >();
  });

  it("produces a fetch that openapi-fetch and graphql-request accept", () => {
    const fetch = createFetch([], { origins: ["https://api.example.com"] });
    expectTypeOf(fetch).toEqualTypeOf<typeof globalThis.fetch>();
    expectTypeOf(fetch).toMatchTypeOf<(input: Request) => Promise<Response>>();
    expectTypeOf(bearer).returns.toEqualTypeOf<Step>();
  });

  it("refuses options of the wrong kind at compile time", () => {
    // @ts-expect-error tokenUrl is required
    clientCredentials({ clientId: "c", clientSecret: "s" });
    // @ts-expect-error clientAuthentication is "body" or "basic"
    clientCredentials({ tokenUrl: "https://x", clientId: "c", clientSecret: "s", clientAuthentication: "jwt" });
    // @ts-expect-error the password grant needs a password
    passwordGrant({ tokenUrl: "https://x", clientId: "DSI", username: "u" });
    // @ts-expect-error a static token is a string
    staticToken({ token: 42 });
    // @ts-expect-error a token the user brings is tokenAuth's, not a grant oauth() sends through the token pipeline
    oauth(staticToken, { token: "t" });
    expectTypeOf(tokenAuth({ token: "t", skip: (request) => request.url.endsWith("/public") })).toEqualTypeOf<AuthStrategy>();
    // @ts-expect-error skip is a function of the request
    tokenAuth({ token: "t", skip: "/public" });
    expectTypeOf(loopbackLogin).parameter(0).toMatchTypeOf<TokenSource>();
    expectTypeOf(fileTokenStore).returns.toHaveProperty("path").toEqualTypeOf<string>();
  });
});
