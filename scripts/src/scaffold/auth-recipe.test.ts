import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { authRecipeOf } from "./auth-recipe.ts";
import { sampleCallOf } from "./sample-call.ts";

const ours = (file: string) => parse(readFileSync(resolve(import.meta.dirname, "../../../specs", file), "utf8"));
const oauth = (flows: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  openapi: "3.0.3",
  servers: [{ url: "https://api.vendor.test/v2" }],
  security: [{ o: [] }],
  components: { securitySchemes: { o: { type: "oauth2", flows, ...extra } } },
  paths: {},
});

describe("the auth recipe read from a definition", () => {
  it("reads this repository's own vendors as their clients are written", () => {
    expect(authRecipeOf(ours("avionte/front-office.yaml"), "front-office.yaml", {})).toMatchObject({
      auth: "client-credentials",
      tokenUrl: "https://api.avionte.com/authorize/token",
      apiKey: { name: "x-api-key", in: "header" },
      apiKeyWithOAuth: true,
    });
    expect(authRecipeOf(ours("avnet/apim.yaml"), "apim.yaml", {})).toMatchObject({
      auth: "client-credentials",
      tokenUrl: "https://apigw.avnet.com/external/getToken/oauth2/v2.0/token",
      apiKey: { name: "Ocp-Apim-Subscription-Key", in: "header" },
      apiKeyWithOAuth: true,
    });
  });

  it("resolves a relative token URL against the server, and says so when it cannot", () => {
    expect(authRecipeOf(oauth({ password: { tokenUrl: "/oauth2/token", scopes: {} } }), "a.yaml", {}).tokenUrl).toBe(
      "https://api.vendor.test/oauth2/token",
    );
    // DSI's server is a template (https://{address}:{port}): nothing to resolve against.
    expect(() => authRecipeOf(ours("advanced-inventory/web-api.yaml"), "web-api.yaml", {})).toThrow(
      'web-api.yaml #/components/securitySchemes/dsiOAuth/flows/password/tokenUrl: "/oauth2/token" is relative',
    );
    expect(
      authRecipeOf(ours("advanced-inventory/web-api.yaml"), "web-api.yaml", { tokenUrl: "https://dsi.example:8130/oauth2/token" }),
    ).toMatchObject({ auth: "password", tokenUrl: "https://dsi.example:8130/oauth2/token" });
  });

  it("takes the client authentication method from x-tokenEndpointAuthMethod on the flow or the scheme", () => {
    expect(
      authRecipeOf(
        oauth({ clientCredentials: { tokenUrl: "https://t.test", scopes: {}, "x-tokenEndpointAuthMethod": "client_secret_post" } }),
        "a.yaml",
        {},
      ).clientAuthentication,
    ).toBe("body");
    expect(
      authRecipeOf(
        oauth({ clientCredentials: { tokenUrl: "https://t.test", scopes: {} } }, { "x-tokenEndpointAuthMethod": "client_secret_basic" }),
        "a.yaml",
        {},
      ).clientAuthentication,
    ).toBe("basic");
    expect(() =>
      authRecipeOf(
        oauth({ clientCredentials: { tokenUrl: "https://t.test", scopes: {}, "x-tokenEndpointAuthMethod": "private_key_jwt" } }),
        "a.yaml",
        {},
      ),
    ).toThrow(
      'a.yaml #/components/securitySchemes/o/flows/clientCredentials/x-tokenEndpointAuthMethod: "private_key_jwt" is not a client authentication method',
    );
  });

  it("reads a flow that needs a browser as a token the user brings, unless a flow a program can follow exists", () => {
    const threeLegged = oauth({ authorizationCode: { authorizationUrl: "https://t.test/a", tokenUrl: "https://t.test/t", scopes: {} } });
    expect(authRecipeOf(threeLegged, "a.yaml", {})).toEqual({
      auth: "bearer-token",
      apiKeyWithOAuth: false,
      notes: [
        "auth: bearer-token from /components/securitySchemes/o/flows/authorizationCode (a flow that needs a browser: its users send a token they got elsewhere, such as a personal access token)",
      ],
    });
    // Swagger 2.0's names, for a definition converted from it: the scheme where the user's file has it.
    expect(authRecipeOf(threeLegged, "a.json", {}, { convertedFrom: "swagger-2.0" }).notes).toEqual([
      'auth: bearer-token from /securityDefinitions/o (flow "accessCode") (a flow that needs a browser: its users send a token they got elsewhere, such as a personal access token)',
    ]);
    expect(authRecipeOf(threeLegged, "a.yaml", { auth: "client-credentials", tokenUrl: "https://t.test/t" })).toMatchObject({
      auth: "client-credentials",
      tokenUrl: "https://t.test/t",
    });
    // A client-credentials flow anywhere is the client's, even behind a scheme no requirement names.
    const both = {
      ...threeLegged,
      components: {
        securitySchemes: {
          ...threeLegged.components.securitySchemes,
          apps: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://t.test/t", scopes: {} } } },
        },
      },
    };
    expect(authRecipeOf(both, "a.yaml", {})).toMatchObject({ auth: "client-credentials", tokenUrl: "https://t.test/t" });
    expect(authRecipeOf(both, "a.yaml", { auth: "bearer-token" })).toMatchObject({ auth: "bearer-token" });
  });

  it("reads an http bearer scheme as a bearer token, with the API key its requirement names beside it", () => {
    const document = {
      openapi: "3.0.3",
      security: [{ pat: [], key: [] }],
      components: {
        securitySchemes: { pat: { type: "http", scheme: "Bearer" }, key: { type: "apiKey", in: "header", name: "X-App-Key" } },
      },
      paths: {},
    };
    expect(authRecipeOf(document, "a.yaml", {})).toEqual({
      auth: "bearer-token",
      apiKey: { name: "X-App-Key", in: "header" },
      apiKeyWithOAuth: true,
      notes: [
        "auth: bearer-token from /components/securitySchemes/pat (http bearer)",
        "auth: API key X-App-Key (header) required together with the token",
      ],
    });
    // Asked for the key alone, the key alone.
    expect(authRecipeOf(document, "a.yaml", { auth: "api-key" })).toMatchObject({ auth: "api-key", apiKeyWithOAuth: false });
  });

  it("lists every kind it scaffolds when the definition says none of them", () => {
    const basic = { openapi: "3.0.3", components: { securitySchemes: { b: { type: "http", scheme: "basic" } } }, paths: {} };
    expect(() => authRecipeOf(basic, "a.yaml", {})).toThrow(
      "a.yaml: the definition's security schemes do not say how a client authenticates (it has b (http)): new-vendor scaffolds client-credentials, password, bearer-token, api-key clients; pass --auth (and --token-url for client-credentials or password)",
    );
  });
});

describe("the scaffolded test's call", () => {
  const withGets = (paths: Record<string, unknown>) => ({ openapi: "3.0.3", paths });
  const p = (name: string, where: string, schema: unknown, required = true) => ({ name, in: where, required, schema });

  it("prefers a GET without required parameters, and builds valid values otherwise", () => {
    expect(
      sampleCallOf(
        withGets({
          "/a/{id}": { get: { parameters: [p("id", "path", { type: "integer", minimum: 10 })] } },
          "/b": { get: { parameters: [p("q", "query", { type: "string" })] } },
        }),
        "a.yaml",
        [],
      ),
    ).toEqual({
      method: "GET",
      path: "/a/{id}",
      params: { path: { id: 10 } },
    });
    expect(
      sampleCallOf(
        withGets({
          "/b": {
            get: {
              parameters: [
                p("since", "query", { type: "string", format: "date" }),
                p("ids", "query", { type: "array", items: { type: "integer" }, minItems: 2 }),
                p("code", "query", { type: "string", pattern: "^[A-Z]{3}$" }),
                p("X-Api-Key", "header", { type: "string" }),
              ],
            },
          },
        }),
        "a.yaml",
        ["x-api-key"],
      ),
    ).toEqual({ method: "GET", path: "/b", params: { query: { since: "2024-01-31", ids: [1, 1], code: "AAA" } } });
  });

  it("calls a POST with a JSON body built from its schema when there is no GET (pattern, format, length, enum honoured)", () => {
    const address = {
      type: "object",
      required: ["streetAddress", "state", "ZIPCode", "country", "shipDate", "service", "weight"],
      properties: {
        streetAddress: { type: "string", minLength: 3, maxLength: 50 },
        state: { type: "string", pattern: "^[A-Z]{2}$" },
        ZIPCode: { type: "string", pattern: "^\\d{5}$" },
        ZIPPlus4: { type: "string", pattern: "^\\d{4}$" },
        country: { type: "string", enum: ["US", "CA"] },
        shipDate: { type: "string", format: "date" },
        service: { allOf: [{ $ref: "#/components/schemas/Service" }] },
        weight: { type: "number", exclusiveMinimum: 0, maximum: 150 },
      },
    };
    const document = {
      openapi: "3.0.3",
      components: { schemas: { Service: { type: "string", enum: ["GROUND", "AIR"] } } },
      paths: {
        "/shipments/{id}": { delete: { parameters: [p("id", "path", { type: "string", pattern: "^1Z[0-9A-Z]{16}$" })] } },
        "/shipments": {
          post: { requestBody: { required: true, content: { "application/json": { schema: address } } } },
        },
      },
    };
    const call = sampleCallOf(document, "a.yaml", []);
    expect(call).toEqual({
      method: "POST",
      path: "/shipments",
      params: {},
      body: { streetAddress: "111", state: "AA", ZIPCode: "11111", country: "US", shipDate: "2024-01-31", service: "GROUND", weight: 1 },
    });
    // Without the POST, the DELETE, its path parameter matching its pattern.
    const onlyDelete = sampleCallOf({ ...document, paths: { "/shipments/{id}": document.paths["/shipments/{id}"] } }, "a.yaml", []);
    expect(onlyDelete.method).toBe("DELETE");
    expect(String(onlyDelete.params.path?.id)).toMatch(/^1Z[0-9A-Z]{16}$/);
  });

  it("says which operations it passed over and why when none can be called", () => {
    expect(() =>
      sampleCallOf(
        withGets({ "/c": { get: { parameters: [p("ref", "query", { type: "string", pattern: "^(?=\\d)\\d{4}$" })] } } }),
        "a.yaml",
        [],
      ),
    ).toThrow(
      'a.yaml: the scaffolded test needs an operation (GET, POST, PUT, PATCH or DELETE) it can call with valid values, and there is none:\n  - GET /c: no valid value for query parameter "ref"\nAdd an example to those parameters or bodies in the definition.',
    );
  });
});
