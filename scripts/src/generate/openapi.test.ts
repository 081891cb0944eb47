import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadDefinition } from "../lib/definition.ts";
import type { OpenApiDocument } from "../lib/openapi.ts";
import type { SourceEntry } from "../lib/sources.ts";
import { generateOpenApiTypes } from "./openapi.ts";
import { prepareOpenApi } from "./prepare-openapi.ts";

const require = createRequire(import.meta.url);
const repo = resolve(import.meta.dirname, "../../..");

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** What openapi-typescript's own entry point prints for the prepared document (it validates and bundles it again first). */
async function viaOpenapiTS(entry: SourceEntry, document: OpenApiDocument, headers: readonly string[]): Promise<string> {
  const { default: openapiTS, astToString } = require("openapi-typescript") as typeof import("openapi-typescript");
  const { createConfig } = require("@redocly/openapi-core") as typeof import("@redocly/openapi-core");
  const prepared = prepareOpenApi(document, { ...(entry.codegen ? { codegen: entry.codegen } : {}), injectedHeaders: headers });
  const redocly = await createConfig({ rules: { "operation-operationId-unique": "error" } }, { extends: [] });
  return astToString(await openapiTS(prepared as never, { silent: true, alphabetize: false, exportType: false, redocly }));
}

async function loaded(file: string, format: SourceEntry["format"]): Promise<OpenApiDocument> {
  const definition = await loadDefinition(file, format, file);
  if (definition.kind !== "openapi") throw new Error("not OpenAPI");
  return definition.document;
}

const petItem = `  get:
    operationId: getPet
    parameters:
      - { name: id, in: path, required: true, schema: { type: string } }
    responses:
      "200":
        description: ok
        content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }`;

/** Discriminators, a referenced path item (3.1), callbacks, webhooks, nullable and read-only fields, enums, additional properties. */
const features = (version: "3.0.3" | "3.1.0") => `openapi: ${version}
info: { title: Features, version: "1" }
paths:
  /pets/{id}:
${version === "3.1.0" ? '    $ref: "#/components/pathItems/Pet"' : petItem.replace(/^/gm, "  ")}
  /orders:
    post:
      operationId: createOrder
      parameters:
        - { name: X-Tenant, in: header, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Order" }
      callbacks:
        shipped:
          "{$request.body#/callback}":
            post:
              operationId: orderShipped
              requestBody:
                content: { application/json: { schema: { type: object, additionalProperties: { type: integer } } } }
              responses: { "204": { description: sent } }
      responses:
        "201":
          description: created
          content: { application/json: { schema: { $ref: "#/components/schemas/Order" } } }
        default: { description: error }
  /hooks/stock:
    post:
      operationId: stockChanged
      requestBody: { content: { application/json: { schema: { type: object, properties: { sku: { type: string } } } } } }
      responses: { "200": { description: ok } }
components:
${version === "3.1.0" ? `  pathItems:\n    Pet:\n${petItem.replace(/^/gm, "    ")}\n` : ""}  schemas:
    Pet:
      oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }]
      discriminator: { propertyName: kind, mapping: { cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog" } }
    Cat:
      type: object
      required: [kind]
      properties: { kind: { type: string }, lives: { type: integer, readOnly: true } }
    Dog:
      type: object
      required: [kind]
      properties: { kind: { type: string }, ${version === "3.0.3" ? "bark: { type: string, nullable: true }" : 'bark: { type: ["string", "null"] }'} }
    Order:
      type: object
      properties:
        state: { type: string, enum: [open, shipped], default: open }
        lines: { type: array, items: { type: object, additionalProperties: true } }
`;

describe("generateOpenApiTypes", () => {
  it("prints what openapi-typescript's own entry point prints, on the repository's authored definitions", async () => {
    for (const [vendor, file, format] of [
      ["avionte", "front-office.yaml", "openapi-3.1"],
      ["avnet", "apim.yaml", "openapi-3.0"],
      ["advanced-inventory", "web-api.yaml", "openapi-3.0"],
    ] as const) {
      const entry: SourceEntry = { vendor, name: "api", file: `${vendor}/${file}`, format, origin: "authored" };
      const document = await loaded(join(repo, "specs", vendor, file), format);
      const headers = ["Authorization"];
      const { types } = await generateOpenApiTypes(entry, structuredClone(document), headers);
      expect(types, vendor).toBe(await viaOpenapiTS(entry, document, headers));
    }
  });

  it("prints what openapi-typescript's own entry point prints for discriminators, callbacks, webhooks and referenced path items", async () => {
    dir = await mkdtemp(join(tmpdir(), "openapi-types-"));
    for (const version of ["3.0.3", "3.1.0"] as const) {
      const file = join(dir, `features-${version}.yaml`);
      await writeFile(file, features(version));
      const format = version === "3.0.3" ? "openapi-3.0" : "openapi-3.1";
      const entry: SourceEntry = {
        vendor: "acme",
        name: "api",
        file: "acme/api.yaml",
        format,
        origin: "authored",
        codegen: { webhookPaths: ["/hooks/**"] },
      };
      const document = await loaded(file, format);
      const { types } = await generateOpenApiTypes(entry, structuredClone(document), ["X-Tenant"]);
      expect(types).toContain("getPet: {");
      expect(types, version).toBe(await viaOpenapiTS(entry, document, ["X-Tenant"]));
    }
  });

  it("refuses an operationId used twice, naming both places, as the generated operations would clash", async () => {
    dir = await mkdtemp(join(tmpdir(), "openapi-types-"));
    const file = join(dir, "twice.yaml");
    await writeFile(
      file,
      features("3.1.0")
        .replace("operationId: stockChanged", "operationId: getPet")
        .replace("operationId: orderShipped", "operationId: createOrder"),
    );
    const entry: SourceEntry = {
      vendor: "acme",
      name: "api",
      file: "acme/twice.yaml",
      format: "openapi-3.1",
      origin: "authored",
      codegen: { webhookPaths: ["/hooks/**"] },
    };
    await expect(generateOpenApiTypes(entry, await loaded(file, "openapi-3.1"), [])).rejects.toThrow(
      [
        "specs/acme/twice.yaml: every operationId names one type of the generated `operations`, so each must be unique:",
        '  - operationId "createOrder" at #/paths/~1orders/post/callbacks/shipped/{$request.body#~1callback}/post is that of #/paths/~1orders/post too',
        '  - operationId "getPet" at #/webhooks/~1hooks~1stock/post is that of #/paths/~1pets~1{id}/get too',
      ].join("\n"),
    );
  });
});
