import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { sha256 } from "../lib/hash.ts";
import { loadVendorSources, type SourceEntry } from "../lib/sources.ts";
import { makeRoot, runCli, serveFiles } from "../testing/fixtures.ts";
import { addDefinition, definitionTypesExport } from "./add.ts";

const repo = resolve(import.meta.dirname, "../../..");
const biome = join(repo, "node_modules/@biomejs/biome/bin/biome");

const authored: SourceEntry = {
  vendor: "acme",
  name: "pricing",
  file: "acme/pricing.yaml",
  format: "openapi-3.1",
  origin: "authored",
  codegen: { excludePaths: ["/internal/**"] },
};

const swagger = {
  swagger: "2.0",
  info: { title: "Acme Pricing", version: "2" },
  host: "api.acme.test",
  basePath: "/v2",
  schemes: ["https"],
  paths: {
    "/prices/{sku}": {
      get: {
        operationId: "getPrice",
        produces: ["application/json"],
        parameters: [{ name: "sku", in: "path", required: true, type: "string" }],
        responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Price" } } },
      },
    },
  },
  definitions: { Price: { type: "object", properties: { amount: { type: "number" }, currency: { type: "string" } } } },
};

const openapi31 = `openapi: 3.1.0
info:
  title: Acme Orders
  version: "1"
paths:
  /orders:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "./schemas/order.yaml"
`;
const orderSchema = "type: object\nproperties:\n  id:\n    type: string\n";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function root(files: Record<string, string> = {}) {
  const made = await makeRoot([authored], {
    "specs/acme/pricing.yaml": "openapi: 3.1.0\ninfo: {title: a, version: '1'}\npaths: {}\n",
    ...files,
  });
  cleanups.push(made.cleanup);
  return made.root;
}

const readSources = async (r: string) => ({ definitions: await loadVendorSources(r, "acme") });

describe("specs add", () => {
  it("converts a Swagger 2.0 JSON to OpenAPI 3.0 and records it as a portal definition, replacing the authored one", async () => {
    const r = await root({ "downloads/pricing.json": JSON.stringify(swagger) });
    const result = await addDefinition({ root: r, vendor: "acme", input: "downloads/pricing.json", cwd: r });
    expect(result.convertedFrom).toBe("swagger-2.0");
    const stored = await readFile(join(r, "specs", "acme", "pricing.json"), "utf8");
    const document = JSON.parse(stored);
    expect(document.openapi).toMatch(/^3\.0\./);
    expect(document.servers[0].url).toBe("https://api.acme.test/v2");
    expect(document.components.schemas.Price.properties.amount.type).toBe("number");
    const entries = (await readSources(r)).definitions;
    expect(entries).toEqual([
      {
        vendor: "acme",
        name: "pricing",
        file: "acme/pricing.json",
        format: "openapi-3.0",
        origin: "portal",
        sha256: sha256(stored),
        codegen: { excludePaths: ["/internal/**"] },
      },
    ]);
  });

  it("names a new vendor's first definition after its title, an apostrophe dropped rather than made a word break", async () => {
    const r = await root({
      "downloads/docs.json": JSON.stringify({ ...swagger, info: { title: "Acme’s API documentation", version: "2" } }),
    });
    const result = await addDefinition({ root: r, vendor: "acme-docs", input: "downloads/docs.json", cwd: r });
    expect(result.entry.file).toBe("acme-docs/acmes-api-documentation.json");
  });

  it("bundles an OpenAPI 3.1 YAML with external $refs into one file under a new name", async () => {
    const r = await root({ "downloads/orders.yaml": openapi31, "downloads/schemas/order.yaml": orderSchema });
    const result = await addDefinition({ root: r, vendor: "acme", input: "downloads/orders.yaml", cwd: r, name: "orders" });
    expect(result.replaced).toBeUndefined();
    const stored = await readFile(join(r, "specs", "acme", "orders.yaml"), "utf8");
    expect(stored).not.toContain("./schemas/order.yaml");
    const document = parse(stored);
    const ref: string = document.paths["/orders"].get.responses["200"].content["application/json"].schema.$ref;
    expect(ref).toMatch(/^#\/components\/schemas\//);
    expect(document.components.schemas[ref.split("/").pop()!].properties.id.type).toBe("string");
    const entries = (await readSources(r)).definitions;
    expect(entries.map((e) => `${e.name}:${e.origin}:${e.format}`)).toEqual(["orders:portal:openapi-3.1", "pricing:authored:openapi-3.1"]);
  });

  it("exports a second definition's types from the vendor's package under its own names, as the formatter writes them", async () => {
    const index =
      'export { createAcmeClient } from "./client.ts";\nexport type { components, operations, paths } from "./generated/pricing.ts";\n';
    const r = await root({
      "downloads/orders.yaml": openapi31,
      "downloads/schemas/order.yaml": orderSchema,
      "packages/acme/src/index.ts": index,
    });
    const logged: string[] = [];
    await addDefinition({ root: r, vendor: "acme", input: "downloads/orders.yaml", cwd: r, name: "orders", log: (l) => logged.push(l) });
    const written = await readFile(join(r, "packages/acme/src/index.ts"), "utf8");
    expect(written).toBe(
      `${index}\n// specs/acme/orders.yaml (added by \`pnpm specs add\`): its types under names of their own.\n` +
        'export type { components as OrdersComponents, operations as OrdersOperations, paths as OrdersPaths } from "./generated/orders.ts";\n',
    );
    expect(logged).toContain(
      "      its types are exported from @vendor-clients/acme as OrdersPaths, OrdersComponents and OrdersOperations (packages/acme/src/index.ts)",
    );
    // Added again (a newer download): the definition is replaced, the export not repeated.
    await addDefinition({ root: r, vendor: "acme", input: "downloads/orders.yaml", cwd: r, name: "orders" });
    expect(await readFile(join(r, "packages/acme/src/index.ts"), "utf8")).toBe(written);

    // What `pnpm lint` checks: Biome with the repository's settings leaves both forms as they are.
    const long = definitionTypesExport({
      ...authored,
      name: "purchase-order-acknowledgements",
      file: "acme/purchase-order-acknowledgements.yaml",
    });
    expect(long).toContain("export type {\n  components as PurchaseOrderAcknowledgementsComponents,\n");
    for (const source of [written, long]) {
      const formatted = execFileSync(process.execPath, [biome, "format", "--stdin-file-path=index.ts"], {
        cwd: repo,
        input: source,
        encoding: "utf8",
      });
      expect(formatted).toBe(source);
    }
  });

  it("imports from a URL", async () => {
    const server = await serveFiles({ "/spec.json": JSON.stringify(swagger) });
    cleanups.push(server.close);
    const r = await root();
    const result = await addDefinition({ root: r, vendor: "acme", input: `${server.url}/spec.json`, cwd: r, name: "pricing" });
    expect(result.entry).toMatchObject({ origin: "portal", url: `${server.url}/spec.json`, file: "acme/pricing.json" });
  });

  it("refuses an invalid definition with file, line and JSON pointer, and changes nothing", async () => {
    const broken =
      "openapi: 3.1.0\ninfo:\n  title: x\npaths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: querry\n          schema: {type: string}\n      responses: {}\n";
    const r = await root({ "broken.yaml": broken });
    const before = await readFile(join(r, "specs", "acme", "sources.json"), "utf8");
    const result = await runCli("specs", ["add", "acme", "broken.yaml", "--root", r], { cwd: r });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("broken.yaml is not a valid definition");
    expect(result.stderr).toMatch(/broken\.yaml:2:1 #\/info: The field `version` must be present/);
    expect(result.stderr).toMatch(/broken\.yaml:9:15 #\/paths\/~1a\/get\/parameters\/0\/in: `in` can be one of/);
    expect(await readFile(join(r, "specs", "acme", "sources.json"), "utf8")).toBe(before);
  });

  it("refuses what is not OpenAPI, and a file that does not parse, saying where", async () => {
    const r = await root({ "notes.yaml": "hello: world\n", "bad.json": '{"openapi": "3.1.0",\n  "info": }' });
    await expect(addDefinition({ root: r, vendor: "acme", input: "notes.yaml", cwd: r })).rejects.toThrow(
      'notes.yaml: not an OpenAPI or Swagger definition (no "openapi" or "swagger" field',
    );
    await expect(addDefinition({ root: r, vendor: "acme", input: "bad.json", cwd: r })).rejects.toThrow(/bad\.json:2:11: invalid JSON/);
    await expect(addDefinition({ root: r, vendor: "acme", input: "missing.yaml", cwd: r })).rejects.toThrow(
      "cannot read missing.yaml: no such file",
    );
  });
});
