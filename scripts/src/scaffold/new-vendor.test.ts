import { spawn } from "node:child_process";
import { mkdir, readFile, realpath, symlink, writeFile, copyFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generate } from "../generate/generate.ts";
import { makeRoot, runCli } from "../testing/fixtures.ts";
import { newVendor } from "./new-vendor.ts";

const repo = resolve(import.meta.dirname, "../../..");

/** The definition a sixth vendor might hand us: OAuth client credentials, one resource. */
const widgets = {
  openapi: "3.0.3",
  info: { title: "Widgets", version: "1" },
  servers: [{ url: "https://api.widgets.test/v1" }],
  components: {
    securitySchemes: { oauth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://id.widgets.test/token", scopes: {} } } }, key: { type: "apiKey", in: "header", name: "X-Widget-Key" } },
    schemas: { Widget: { type: "object", required: ["id"], properties: { id: { type: "integer" }, name: { type: "string" } }, example: { id: 7, name: "sprocket" } } },
  },
  security: [{ oauth: [] }],
  paths: {
    "/widgets": { get: { parameters: [{ name: "color", in: "query", required: true, schema: { type: "string" } }], responses: { "200": { description: "ok" } } } },
    "/widgets/{widgetId}": {
      get: {
        parameters: [{ name: "widgetId", in: "path", required: true, schema: { type: "integer" } }],
        responses: { "200": { description: "one widget", content: { "application/json": { schema: { $ref: "#/components/schemas/Widget" } } } } },
      },
    },
  },
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const exec = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
  new Promise<{ code: number; output: string }>((done) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => done({ code: code ?? -1, output }));
  });

/** A throwaway checkout where a scaffolded package resolves the real auth package, testkit, openapi-fetch and tools. */
async function sandbox() {
  const made = await makeRoot([], { "downloads/widgets.json": JSON.stringify(widgets) });
  cleanups.push(made.cleanup);
  for (const file of ["tsconfig.base.json", "vitest.shared.ts"]) await copyFile(join(repo, file), join(made.root, file));
  await symlink(join(repo, "node_modules"), join(made.root, "node_modules"));
  return made.root;
}

async function linkDependencies(packageDir: string) {
  const modules = join(packageDir, "node_modules", "@vendor-clients");
  await mkdir(modules, { recursive: true });
  for (const name of ["auth", "testkit", "scripts"]) await symlink(join(repo, "packages", name === "scripts" ? "../scripts" : name), join(modules, name));
  await symlink(await realpath(join(repo, "packages", "avnet", "node_modules", "openapi-fetch")), join(packageDir, "node_modules", "openapi-fetch"));
}

describe("new-vendor", () => {
  it("scaffolds a package whose generated client type-checks and passes its own test against Prism", async () => {
    const root = await sandbox();
    await newVendor({ root, vendor: "widgets", spec: "downloads/widgets.json", auth: "client-credentials", tokenUrl: "https://id.widgets.test/token", cwd: root });
    const sources = JSON.parse(await readFile(join(root, "specs", "widgets", "sources.json"), "utf8"));
    expect(sources.definitions).toEqual([expect.objectContaining({ name: "widgets", file: "widgets.json", origin: "portal", format: "openapi-3.0" })]);
    const client = await readFile(join(root, "packages/widgets/src/client.ts"), "utf8");
    expect(client).toContain("export function createWidgetsClient(options: WidgetsOptions): WidgetsClient");
    expect(client).toContain('export const WIDGETS_BASE_URL = "https://api.widgets.test/v1"');
    expect(await readFile(join(root, "packages/widgets/src/client.test.ts"), "utf8")).toContain('client.GET("/widgets/{widgetId}", { params: { path: {"widgetId":1} } })');

    expect(await generate({ root, vendor: "widgets" })).toMatchObject([{ vendor: "widgets" }]);
    const pkg = join(root, "packages", "widgets");
    await linkDependencies(pkg);
    const typecheck = await exec(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", pkg], pkg);
    expect(typecheck.code, typecheck.output).toBe(0);
    const test = await exec(process.execPath, [join(repo, "node_modules/vitest/vitest.mjs"), "run", "--typecheck.enabled=false"], pkg, { VENDOR_CLIENTS_ROOT: root, NO_COLOR: "1" });
    expect(test.code, test.output).toBe(0);
    expect(test.output).toContain("1 passed");
  }, 120_000);

  it("wires an API-key client from the definition's security scheme, and refuses bad input from the command line", async () => {
    const root = await sandbox();
    await newVendor({ root, vendor: "widgets", spec: "downloads/widgets.json", auth: "api-key", cwd: root });
    const client = await readFile(join(root, "packages/widgets/src/client.ts"), "utf8");
    expect(client).toContain('apiKey: { name: "X-Widget-Key", in: "header", keys: options.apiKey }');
    expect(client).not.toContain("TokenCache");
    const again = await runCli("new-vendor", ["widgets", "--spec", "downloads/widgets.json", "--auth", "api-key", "--root", root], { cwd: root });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("packages/widgets already exists");
    const noToken = await runCli("new-vendor", ["gadgets", "--spec", "downloads/widgets.json", "--auth", "password", "--root", root], { cwd: root });
    expect(noToken.stderr).toContain("--token-url is required with --auth password");
  });
});
