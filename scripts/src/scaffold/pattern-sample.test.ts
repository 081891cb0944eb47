import { describe, expect, it } from "vitest";
import { sampleForPattern } from "./pattern-sample.ts";

describe("sampleForPattern", () => {
  it.each([
    "^\\d{5}$",
    "^\\d{5}(?:-\\d{4})?$",
    "^[A-Z]{2}$",
    "^[0-9A-Z]{10,22}$",
    "^(1Z)[0-9A-Z]{16}$",
    "^[a-z]+(-[a-z]+)*$",
    "^(GET|POST)$",
    "^\\+?[1-9]\\d{1,14}$",
    "[^\\s]+",
    "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$",
  ])("builds a string that %s matches", (pattern) => {
    const value = sampleForPattern(pattern);
    expect(value).toBeDefined();
    expect(new RegExp(pattern, "u").test(value!), value).toBe(true);
  });

  it("reaches minLength where the pattern lets the string grow", () => {
    const value = sampleForPattern("^[A-Z0-9]+$", 8)!;
    expect(value.length).toBeGreaterThanOrEqual(8);
    expect(/^[A-Z0-9]+$/.test(value)).toBe(true);
  });

  it("gives up on what it does not understand", () => {
    expect(sampleForPattern("^(a)\\1$")).toBeUndefined();
    expect(sampleForPattern("^(?=x)x$")).toBeUndefined();
  });
});
