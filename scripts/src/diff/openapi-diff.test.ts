import { describe, expect, it } from "vitest";
import { diffOpenApi } from "./openapi-diff.ts";

const base = () => ({
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/orders/{orderNumber}": {
      parameters: [{ name: "orderNumber", in: "path", required: true, schema: { type: "string" } }],
      get: {
        parameters: [{ $ref: "#/components/parameters/Page" }],
        responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } } } },
      },
    },
    "/orders": {
      post: {
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/OrderCreate" } } } },
        responses: { "201": { description: "created" } },
      },
    },
    "/legacy": { get: { responses: { "200": { description: "ok" } } } },
  },
  components: {
    parameters: { Page: { name: "page", in: "query", schema: { type: "integer" } } },
    schemas: {
      Order: {
        type: "object",
        required: ["id", "total"],
        properties: {
          id: { type: "string" },
          total: { type: "number" },
          status: { type: "string", enum: ["open", "shipped"] },
          lines: { type: "array", items: { $ref: "#/components/schemas/Line" } },
        },
      },
      Line: { type: "object", properties: { sku: { type: "string" }, parent: { $ref: "#/components/schemas/Line" } } },
      OrderCreate: { type: "object", required: ["sku"], properties: { sku: { type: "string" }, note: { type: "string" } } },
    },
  },
});

const find = (changes: ReturnType<typeof diffOpenApi>, location: string) => changes.filter((c) => c.location === location);

describe("OpenAPI diff", () => {
  it("reports nothing for identical definitions, even with recursive schemas", () => {
    expect(diffOpenApi(base(), base())).toEqual([]);
  });

  it("finds an added operation (safe) and a removed one (breaking)", () => {
    const after = base() as any;
    delete after.paths["/legacy"];
    after.paths["/invoices"] = { get: { responses: { "200": { description: "ok" } } } };
    const changes = diffOpenApi(base(), after);
    expect(changes).toContainEqual({
      severity: "breaking",
      kind: "removed",
      subject: "operation",
      location: "GET /legacy",
      message: "operation removed",
    });
    expect(changes).toContainEqual({
      severity: "safe",
      kind: "added",
      subject: "operation",
      location: "GET /invoices",
      message: "operation added",
    });
    expect(changes).toHaveLength(2);
  });

  it("flags a type change deep in a response as breaking", () => {
    const after = base() as any;
    after.components.schemas.Line.properties.sku = { type: "integer" };
    expect(find(diffOpenApi(base(), after), "GET /orders/{orderNumber} › 200.lines[].sku")).toEqual([
      {
        severity: "breaking",
        kind: "changed",
        subject: "type",
        location: "GET /orders/{orderNumber} › 200.lines[].sku",
        message: "type string → integer",
      },
    ]);
  });

  it("judges required-ness by direction: a new required request field breaks, a response field turning optional breaks", () => {
    const after = base() as any;
    after.components.schemas.OrderCreate.required = ["sku", "note"];
    after.components.schemas.Order.required = ["id"];
    after.components.schemas.Order.properties.currency = { type: "string" };
    const changes = diffOpenApi(base(), after);
    expect(find(changes, "POST /orders › body.note")[0]).toMatchObject({
      severity: "breaking",
      message: "property became required in the request",
    });
    expect(find(changes, "GET /orders/{orderNumber} › 200.total")[0]).toMatchObject({
      severity: "breaking",
      message: "property became optional in the response",
    });
    expect(find(changes, "GET /orders/{orderNumber} › 200.currency")[0]).toMatchObject({ severity: "safe", kind: "added" });
  });

  it("compares parameters, treating a renamed path parameter as the same one", () => {
    const after = base() as any;
    after.paths["/orders/{OrderNumber}"] = after.paths["/orders/{orderNumber}"];
    delete after.paths["/orders/{orderNumber}"];
    after.paths["/orders/{OrderNumber}"].parameters = [{ name: "OrderNumber", in: "path", required: true, schema: { type: "string" } }];
    after.components.parameters.Page = { name: "page", in: "query", required: true, schema: { type: "string" } };
    after.paths["/orders/{OrderNumber}"].get.parameters.push({
      name: "IM-Country",
      in: "header",
      required: false,
      schema: { type: "string" },
    });
    const changes = diffOpenApi(base(), after);
    expect(changes.map((c) => [c.severity, c.location, c.message])).toEqual([
      ["breaking", "GET /orders/{OrderNumber} › query page", "parameter became required"],
      ["breaking", "GET /orders/{OrderNumber} › query page", "type integer → string"],
      ["safe", "GET /orders/{OrderNumber} › header IM-Country", "optional parameter added"],
    ]);
  });

  it("treats enum values added to a response as breaking, and removed from it as safe", () => {
    const after = base() as any;
    after.components.schemas.Order.properties.status.enum = ["open", "cancelled"];
    const changes = find(diffOpenApi(base(), after), "GET /orders/{orderNumber} › 200.status");
    expect(changes.map((c) => [c.severity, c.message])).toEqual([
      ["safe", 'enum values removed: "shipped"'],
      ["breaking", 'enum values added: "cancelled"'],
    ]);
  });
});
