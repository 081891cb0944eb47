import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { biomeJson } from "./json-layout.ts";

const repo = resolve(import.meta.dirname, "../../..");

describe("biomeJson", () => {
  it("lays out every sources.json of the repository as it is stored (Biome-formatted)", () => {
    for (const vendor of readdirSync(join(repo, "specs"))) {
      const file = join(repo, "specs", vendor, "sources.json");
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        continue;
      }
      expect(biomeJson(JSON.parse(text)), file).toBe(text);
    }
  });

  it("writes what Biome's formatter leaves unchanged: short arrays inline, long ones a value a line", () => {
    const value = {
      definitions: [
        {
          name: "api",
          codegen: { excludePaths: ["/oauth/token"], scalars: [1, 2, 3], long: Array.from({ length: 12 }, (_, i) => `/path/number/${i}`) },
          empty: [],
          none: {},
          flag: true,
          nothing: null,
        },
      ],
    };
    const dir = mkdtempSync(join(tmpdir(), "biome-json-"));
    const file = join(dir, "sample.json");
    writeFileSync(file, biomeJson(value));
    const biome = join(repo, "node_modules", ".bin", "biome");
    execFileSync(biome, ["format", "--write", "--vcs-enabled=false", `--config-path=${repo}`, file], { cwd: dir });
    expect(readFileSync(file, "utf8")).toBe(biomeJson(value));
    expect(biomeJson(value)).toContain('"excludePaths": ["/oauth/token"]');
  });
});
