import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { makeRoot } from "../testing/fixtures.ts";
import { REAL_DEFINITIONS, type RealDefinition, realDefinitionPath } from "./real-definitions.ts";

/** A package folder in a throwaway node_modules: its package.json and one definition file. */
async function fakeNodeModules(version: string, content: string) {
  const { root, cleanup } = await makeRoot([], {
    "node_modules/@acme/api-spec/package.json": JSON.stringify({ name: "@acme/api-spec", version }),
    "node_modules/@acme/api-spec/spec/openapi.json": content,
  });
  return { nodeModules: `${root}/node_modules`, cleanup };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const recorded: RealDefinition = {
  package: "@acme/api-spec",
  version: "1.2.3",
  file: "spec/openapi.json",
  sha256: sha256('{"openapi":"3.0.3"}'),
  licence: "MIT",
};

describe("realDefinitionPath", () => {
  it("finds each recorded definition installed, as recorded: a Swagger 2.0 one, and an OpenAPI 3 one without a GET", async () => {
    const read = async (definition: RealDefinition) => parse(await readFile(await realDefinitionPath(definition), "utf8"));
    const netlify = await read(REAL_DEFINITIONS.netlify);
    expect(netlify.swagger).toBe("2.0");
    const shipEngine = await read(REAL_DEFINITIONS.shipEngineFulfillmentProvider);
    expect(shipEngine.openapi).toMatch(/^3\./);
    const methods = Object.values<Record<string, unknown>>(shipEngine.paths).flatMap((item) => Object.keys(item));
    expect(methods).toContain("post");
    expect(methods).not.toContain("get");
  });

  it("fails naming both hashes when the installed file is not the recorded one", async () => {
    const { nodeModules, cleanup } = await fakeNodeModules("1.2.3", '{"openapi":"3.0.4"}');
    try {
      const error = await realDefinitionPath(recorded, nodeModules).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(recorded.sha256);
      expect((error as Error).message).toContain(sha256('{"openapi":"3.0.4"}'));
    } finally {
      await cleanup();
    }
  });

  it("fails naming both versions when another version is installed, and says how to install a missing one", async () => {
    const { nodeModules, cleanup } = await fakeNodeModules("1.3.0", "{}");
    try {
      await expect(realDefinitionPath(recorded, nodeModules)).rejects.toThrow("version 1.3.0 is installed, 1.2.3 recorded");
      await expect(realDefinitionPath({ ...recorded, package: "@acme/absent" }, nodeModules)).rejects.toThrow("run pnpm install");
    } finally {
      await cleanup();
    }
  });

  it("returns the path of a file whose version and sha256 are the recorded ones", async () => {
    const content = '{"openapi":"3.0.3"}';
    const { nodeModules, cleanup } = await fakeNodeModules("1.2.3", content);
    try {
      const path = await realDefinitionPath(recorded, nodeModules);
      expect(await readFile(path, "utf8")).toBe(content);
    } finally {
      await cleanup();
    }
  });
});
