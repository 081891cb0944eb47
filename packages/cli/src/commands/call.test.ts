import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bodyArgument, readJsonBody } from "./call.ts";

const dir = mkdtempSync(join(tmpdir(), "call-body-"));
const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), name);
const errorOf = (name: string) => {
  try {
    readJsonBody(name, dir);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the body to be refused");
};

describe("call --body", () => {
  it("is read as it is when it is JSON", () => {
    expect(readJsonBody(file("ok.json", '{ "items": [1, 2] }\n'), dir)).toBe('{ "items": [1, 2] }\n');
  });

  it("names the file, line and column of a JSON syntax error", () => {
    expect(errorOf(file("bad.json", '{\n  "items": [1, 2,]\n}'))).toMatch(/^--body: bad\.json:2:\d+: not JSON \(/);
    expect(errorOf(file("cut.json", '{\n  "a": 1'))).toMatch(/^--body: cut\.json:2:\d+: not JSON \(/);
    expect(errorOf(file("text.json", "mpn,qty\nLM358,10\n"))).toMatch(/^--body: text\.json:1:\d+: not JSON \(/);
  });

  it("names a missing file, and finds the option in either spelling", () => {
    expect(errorOf("nope.json")).toBe("--body: no such file nope.json");
    expect(bodyArgument(["avnet", "POST", "/x", "--body", "a.json"])).toBe("a.json");
    expect(bodyArgument(["avnet", "POST", "/x", "--body=b.json"])).toBe("b.json");
    expect(bodyArgument(["avnet", "GET", "/x"])).toBeUndefined();
  });
});
