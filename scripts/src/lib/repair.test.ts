import { describe, expect, it } from "vitest";
import { repairDefinition } from "./repair.ts";

const base = { openapi: "3.0.3", info: { title: "t", version: "1" } };

describe("repairDefinition", () => {
  it("adds the scopes an OpenAPI 3 OAuth flow lacks, naming each flow", () => {
    const { document, warnings } = repairDefinition(
      {
        ...base,
        components: {
          securitySchemes: {
            o: {
              type: "oauth2",
              flows: { clientCredentials: { tokenUrl: "https://t.test" }, password: { tokenUrl: "https://t.test", scopes: { a: "b" } } },
            },
          },
        },
        paths: {},
      },
      "openapi-3.0",
      "api.yaml",
    );
    expect(document.components.securitySchemes.o.flows.clientCredentials.scopes).toEqual({});
    expect(document.components.securitySchemes.o.flows.password.scopes).toEqual({ a: "b" });
    expect(warnings).toEqual([
      "api.yaml #/components/securitySchemes/o/flows/clientCredentials: OAuth flow has no `scopes` (required by OpenAPI 3); added an empty list",
    ]);
  });

  it("repairs descriptions and summaries that are not strings, and leaves names and data alone", () => {
    const source = {
      ...base,
      paths: { "/a": { get: { summary: 7, description: null, responses: { "200": { description: false } } } } },
      components: {
        schemas: {
          Note: {
            type: "object",
            description: ["one", "two"],
            properties: { description: { type: "string" }, summary: { type: "integer" } },
            example: { description: 5 },
            "x-vendor": { description: 1 },
          },
        },
      },
    };
    const { document, warnings } = repairDefinition(source, "openapi-3.0", "api.yaml");
    expect(document.paths["/a"].get).toEqual({ summary: "7", responses: { "200": { description: "false" } } });
    expect(document.components.schemas.Note).toMatchObject({
      description: "one\ntwo",
      properties: { description: { type: "string" }, summary: { type: "integer" } },
      example: { description: 5 },
      "x-vendor": { description: 1 },
    });
    expect(warnings).toHaveLength(4);
    expect(source.paths["/a"].get.summary).toBe(7); // the input is not changed
  });

  it("makes operationIds identifiers and unique, and keeps good ones", () => {
    const { document, warnings } = repairDefinition(
      {
        ...base,
        paths: { "/a": { get: { operationId: "list-a" }, post: { operationId: "2 Create A!" } }, "/b": { get: { operationId: "list-a" } } },
      },
      "openapi-3.0",
      "api.yaml",
    );
    expect([document.paths["/a"].get.operationId, document.paths["/a"].post.operationId, document.paths["/b"].get.operationId]).toEqual([
      "list-a",
      "op2CreateA",
      "list-a2",
    ]);
    expect(warnings[1]).toBe('api.yaml #/paths/~1b/get/operationId: operationId "list-a" is used twice; renamed it "list-a2"');
  });
});
