import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { envExampleFile, envExampleText } from "./env-example.ts";

const root = resolve(import.meta.dirname, "../../..");

describe(".env.example from the vendors' data", () => {
  it("is what the repository holds (the demo's pnpm env-example writes the same from the built packages)", async () => {
    expect(await readFile(envExampleFile(root), "utf8")).toBe(await envExampleText(root));
  });
});
