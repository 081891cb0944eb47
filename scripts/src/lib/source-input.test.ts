import { describe, expect, it } from "vitest";
import { parseStructured } from "./source-input.ts";

const errorOf = (text: string) => {
  try {
    parseStructured(text, "spec.yaml");
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the text to be refused");
};

describe("parseStructured", () => {
  it("names the line and column of a YAML syntax error", () => {
    expect(errorOf("openapi: 3.0.3\ninfo:\n  title: x\n   version: 1\n")).toMatch(/^spec\.yaml:[34]:\d+: invalid YAML: /);
    expect(errorOf("openapi: 3.0.3\npaths: {\n")).toMatch(/^spec\.yaml:[23]:\d+: invalid YAML: /);
    expect(errorOf("a: 1\nb: [1, 2\n")).not.toContain(":0:0");
  });

  it("names the line and column of a JSON syntax error", () => {
    expect(errorOf('{\n  "openapi": "3.0.3",\n  "info": { "title": x }\n}')).toMatch(/^spec\.yaml:3:\d+: invalid JSON: /);
  });

  it("says binary data and plain text are not JSON or YAML", () => {
    expect(errorOf("PK\u0003\u0004\u0000\u0000zip")).toBe("spec.yaml:1:5: not JSON or YAML (binary data, not UTF-8 text)");
    expect(errorOf("%PDF-1.7\n\uFFFD\uFFFD")).toBe("spec.yaml:2:1: not JSON or YAML (binary data, not UTF-8 text)");
    expect(errorOf("just some words")).toBe("spec.yaml: not JSON or YAML (it reads as a single plain value, not a mapping)");
    expect(errorOf("")).toContain("not JSON or YAML");
  });

  it("reads valid JSON and YAML", () => {
    expect(parseStructured("a: [1, 2]\n", "x.yaml")).toEqual({ a: [1, 2] });
    expect(parseStructured('{"a": 1}', "x.json")).toEqual({ a: 1 });
  });
});
