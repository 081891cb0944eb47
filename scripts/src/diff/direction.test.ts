// A change to what a schema allows is judged by where the schema is: a request that accepts more
// is safe and one that accepts less breaks; a response that may return more breaks and one that
// returns less is safe. Each case below is checked both ways, in a request and in a response.
import { describe, expect, it } from "vitest";
import { diffOpenApi } from "./openapi-diff.ts";

/** A definition whose one field `f` has `schema`, in the request body of POST /x and in its 200 response. */
const definition = (schema: Record<string, unknown>) => ({
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/x": {
      post: {
        requestBody: { content: { "application/json": { schema: { type: "object", properties: { f: schema } } } } },
        responses: {
          "200": { description: "ok", content: { "application/json": { schema: { type: "object", properties: { f: schema } } } } },
        },
      },
    },
  },
});

/** The severity of the change to `f` in the request body and in the response, from `before` to `after`. */
function severities(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes = diffOpenApi(definition(before), definition(after));
  const at = (where: string) => changes.filter((c) => c.location === `POST /x › ${where}.f`).map((c) => c.severity);
  return { request: at("body"), response: at("200") };
}

const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
  ["becomes nullable", { type: "string" }, { type: "string", nullable: true }],
  ["integer becomes number", { type: "integer" }, { type: "number" }],
  ["loses its format", { type: "string", format: "date" }, { type: "string" }],
  ["maxLength rises", { type: "string", maxLength: 10 }, { type: "string", maxLength: 20 }],
  ["minLength falls", { type: "string", minLength: 5 }, { type: "string", minLength: 1 }],
  ["maximum is removed", { type: "integer", maximum: 100 }, { type: "integer" }],
  ["minimum falls", { type: "integer", minimum: 10 }, { type: "integer", minimum: 0 }],
  ["maxItems rises", { type: "array", items: { type: "string" }, maxItems: 2 }, { type: "array", items: { type: "string" }, maxItems: 5 }],
  ["pattern is removed", { type: "string", pattern: "^[A-Z]{2}$" }, { type: "string" }],
  ["enum gains a value", { type: "string", enum: ["a"] }, { type: "string", enum: ["a", "b"] }],
  ["enum is removed", { type: "string", enum: ["a"] }, { type: "string" }],
];

describe("specs diff: widening and narrowing by direction", () => {
  it.each(cases)("a field that %s: safe in a request, breaking in a response", (_, before, after) => {
    const { request, response } = severities(before, after);
    expect(request).toEqual(["safe"]);
    expect(response).toEqual(["breaking"]);
  });

  it.each(cases)("the reverse of a field that %s: breaking in a request, safe in a response", (_, before, after) => {
    const { request, response } = severities(after, before);
    expect(request).toEqual(["breaking"]);
    expect(response).toEqual(["safe"]);
  });

  it("calls a change either way breaking in both: a type replaced, a pattern replaced", () => {
    expect(severities({ type: "string" }, { type: "integer" })).toEqual({ request: ["breaking"], response: ["breaking"] });
    expect(severities({ type: "string", pattern: "^a$" }, { type: "string", pattern: "^b$" })).toEqual({
      request: ["breaking"],
      response: ["breaking"],
    });
  });

  it("still compares inside a type that only became nullable", () => {
    const changes = diffOpenApi(
      definition({ type: "object", properties: { g: { type: "string" } } }),
      definition({ type: "object", nullable: true, properties: {} }),
    );
    expect(changes.map((c) => [c.location, c.severity])).toEqual(
      expect.arrayContaining([
        ["POST /x › body.f.g", "breaking"],
        ["POST /x › 200.f.g", "breaking"],
      ]),
    );
  });
});
