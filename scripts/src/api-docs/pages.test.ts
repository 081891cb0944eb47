import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { apiEntryPoints, checkApiPages, publicModules } from "./pages.ts";

const root = resolve(import.meta.dirname, "../../..");
const entryPoints = apiEntryPoints(root);

const page = (out: string, file: string, title: string) => {
  mkdirSync(join(out, "modules"), { recursive: true });
  writeFileSync(
    join(out, "modules", file),
    `<html><head><title>${title} | vendor-clients</title></head><body>${"x".repeat(2000)}</body></html>`,
  );
};

describe("API reference check", () => {
  it("expects a page per import name of every public package, and TypeDoc is given them all, the core first", () => {
    const modules = publicModules(root);
    const names = modules.flatMap((m) => m.modules);
    expect(names).toEqual(
      expect.arrayContaining([
        "@vendor-clients/auth",
        "@vendor-clients/auth/node",
        "@vendor-clients/nexar",
        "@vendor-clients/nexar/codegen",
        "@vendor-clients/ingram-micro",
        "@vendor-clients/cli",
      ]),
    );
    expect(names).not.toContain("@vendor-clients/nexar/schema.graphql");
    expect(names.some((n) => n.includes("testkit") || n.includes("demo"))).toBe(false);
    expect(modules.map((m) => m.dir).filter((dir) => !entryPoints.includes(dir))).toEqual([]);
    expect(entryPoints[0]).toBe("packages/auth");
    expect(new Set(entryPoints).size).toBe(entryPoints.length);
  });

  it("names each missing page, an empty one, and a public package TypeDoc was not given", () => {
    const out = mkdtempSync(join(tmpdir(), "api-docs-"));
    const names = publicModules(root).flatMap((m) => m.modules);
    for (const [i, name] of names.entries()) if (name !== "@vendor-clients/auth/node") page(out, `m${i}.html`, name);
    expect(checkApiPages(root, out, entryPoints)).toEqual([`${out}/modules: no page for @vendor-clients/auth/node`]);
    writeFileSync(join(out, "modules", "m0.html"), `<title>${names[0]} | vendor-clients</title>`);
    expect(checkApiPages(root, out, entryPoints.slice(1))).toEqual([
      `TypeDoc was not given the public package ${entryPoints[0]}`,
      `${out}/modules/m0.html: the page for ${names[0]} is empty`,
      `${out}/modules: no page for @vendor-clients/auth/node`,
    ]);
  });
});
