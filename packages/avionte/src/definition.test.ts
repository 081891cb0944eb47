import { readDefinition } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";

// What specs/avionte/front-office.yaml says, checked against Avionté's pages (../shared/facts/avionte.md).
const definition = readDefinition("avionte/front-office.yaml");
const operations = Object.entries<Record<string, any>>(definition.paths).flatMap(([path, item]) =>
  Object.entries<any>(item)
    .filter(([method]) => ["get", "put", "post", "patch", "delete"].includes(method))
    .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
);

/** Every schema object in the definition, with its JSON pointer. */
function* schemas(node: unknown, pointer = ""): Generator<[string, Record<string, any>]> {
  if (!node || typeof node !== "object") return;
  if (!Array.isArray(node)) yield [pointer, node as Record<string, any>];
  for (const [key, value] of Object.entries(node)) yield* schemas(value, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
}

describe("the Avionté definition", () => {
  it("lists the error answers the vendor's reference pages list, 405, 406, 502 and 504 included, on every operation", () => {
    expect(operations).toHaveLength(52);
    for (const { name, operation } of operations)
      expect(Object.keys(operation.responses), name).toEqual(
        expect.arrayContaining(["401", "403", "405", "406", "429", "500", "502", "504"]),
      );
    const { responses } = definition.components;
    expect(responses.MethodNotAllowed.description).toMatch(/method is not supported/);
    expect(responses.NotAcceptable.description).toMatch(/Accept header/);
  });

  it("keeps the webhook event name open: the known names are examples, not an enum, since the list is incomplete", () => {
    const name = definition.components.schemas.FrontOfficeEventName;
    expect(name.enum).toBeUndefined();
    expect(name.type).toBe("string");
    expect(name.examples).toEqual([
      "talent_created",
      "talent_merged",
      "talent_login_created",
      "contact_created",
      "contact_updated",
      "job_created",
      "job_updated",
      "company_updated",
      "placement_started",
      "placement_updated",
    ]);
  });

  it("marks invented details as inferred: the read models' required id and the upload's file part name", () => {
    const requiringId = [...schemas(definition)].filter(
      ([, schema]) => Array.isArray(schema.required) && schema.required.length === 1 && schema.required[0] === "id",
    );
    expect(requiringId.map(([pointer]) => pointer)).toEqual(
      ["Talent", "Company", "Contact", "Job", "Placement", "Branch"].map((name) => `/components/schemas/${name}`),
    );
    for (const [pointer, schema] of requiringId) expect(schema["x-inferred-required"], pointer).toEqual(["id"]);
    const upload = definition.components.schemas.TalentDocumentUpload.allOf[0];
    expect(upload.required).toEqual(["file"]);
    expect(upload.properties.file["x-inferred"]).toBe(true);
  });
});
