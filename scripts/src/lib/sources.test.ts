import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { validateSources, type SourcesDocument } from "./sources.ts";

const repoRoot = resolve(import.meta.dirname, "../../..");
const upstream = {
  vendor: "acme",
  name: "api",
  file: "acme/api.yaml",
  format: "openapi-3.0",
  origin: "upstream",
  url: "https://example.test/api.yaml",
  sha256: "a".repeat(64),
};

const errorOf = (document: unknown) => {
  try {
    validateSources(document);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the document to be refused");
};

describe("specs/sources.json validation", () => {
  it("accepts the repository's own sources.json", () => {
    const document = JSON.parse(readFileSync(resolve(repoRoot, "specs/sources.json"), "utf8")) as SourcesDocument;
    expect(validateSources(document).definitions.map((d) => d.vendor).sort()).toEqual(["advanced-inventory", "avionte", "avnet", "ingram-micro", "nexar"]);
  });

  it("names the entry and the field of a missing value", () => {
    const { sha256: _, ...noSha } = upstream;
    expect(errorOf({ definitions: [noSha] })).toContain('definitions[0] (acme/api) is missing required field "sha256"');
  });

  it("names the field of a wrong value and lists what is allowed", () => {
    expect(errorOf({ definitions: [{ ...upstream, format: "raml" }] })).toMatch(/definitions\[0\] \(acme\/api\): field "format" must be one of "openapi-3.0", .*"graphql-sdl"/);
    expect(errorOf({ definitions: [{ ...upstream, sha256: "XYZ" }] })).toContain('definitions[0] (acme/api): field "sha256" must match pattern');
    expect(errorOf({ definitions: [{ ...upstream, colour: "red" }] })).toContain('definitions[0] (acme/api) has unknown field "colour"');
  });

  it("refuses duplicates, files outside the vendor folder, and options of the wrong kind", () => {
    expect(errorOf({ definitions: [upstream, upstream] })).toContain("definitions[1] (acme/api): duplicates definitions[0]");
    expect(errorOf({ definitions: [{ ...upstream, file: "other/api.yaml" }] })).toContain('field "file" must be inside the vendor\'s folder "acme/"');
    expect(errorOf({ definitions: [{ ...upstream, codegen: { scalars: { Long: "number" } } }] })).toContain('"codegen.scalars" applies to GraphQL definitions only');
    expect(errorOf({ definitions: [{ ...upstream, format: "graphql-sdl" }] })).toContain('extension does not fit format "graphql-sdl"');
  });

  it("keeps every upstream definition out of git", () => {
    const document = JSON.parse(readFileSync(resolve(repoRoot, "specs/sources.json"), "utf8")) as SourcesDocument;
    for (const entry of document.definitions.filter((d) => d.origin === "upstream")) {
      // git check-ignore exits 0 (and prints the path) only for ignored paths.
      expect(execFileSync("git", ["check-ignore", `specs/${entry.file}`], { cwd: repoRoot, encoding: "utf8" }).trim()).toBe(`specs/${entry.file}`);
    }
  });
});
