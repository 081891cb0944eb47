import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as internal from "./internal.ts";
import * as entry from "./index.ts";

describe("the public surface", () => {
  it("keeps the main entry to at most 45 runtime names, as many as the README says", () => {
    const names = Object.keys(entry);
    expect(names.length).toBeLessThanOrEqual(45);
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    expect(Number(/\((\d+) runtime names/.exec(readme)?.[1])).toBe(names.length);
  });

  it("keeps internal names out of the main entry", () => {
    const both = Object.keys(internal).filter((name) => name in entry);
    expect(both).toEqual([]);
  });
});
