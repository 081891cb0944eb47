import { spawn } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, realpath, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generate } from "../generate/generate.ts";
import { makeRoot, runCli } from "../testing/fixtures.ts";
import { newVendor } from "./new-vendor.ts";
import { REAL_DEFINITIONS, realDefinitionPath } from "./real-definitions.ts";

const repo = resolve(import.meta.dirname, "../../..");

/** The definition a sixth vendor might hand us: OAuth client credentials, one resource. */
const widgets = {
  openapi: "3.0.3",
  info: { title: "Widgets", version: "1" },
  servers: [{ url: "https://api.widgets.test/v1" }],
  components: {
    securitySchemes: {
      oauth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://id.widgets.test/token", scopes: {} } } },
      key: { type: "apiKey", in: "header", name: "X-Widget-Key" },
    },
    schemas: {
      Widget: {
        type: "object",
        required: ["id"],
        properties: { id: { type: "integer" }, name: { type: "string" } },
        example: { id: 7, name: "sprocket" },
      },
    },
  },
  security: [{ oauth: [] }],
  paths: {
    "/widgets": {
      get: {
        parameters: [{ name: "color", in: "query", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "ok" } },
      },
    },
    "/widgets/{widgetId}": {
      get: {
        parameters: [{ name: "widgetId", in: "path", required: true, schema: { type: "integer" } }],
        responses: {
          "200": { description: "one widget", content: { "application/json": { schema: { $ref: "#/components/schemas/Widget" } } } },
        },
      },
    },
  },
};

/** The widgets API guarded by a token its users bring: an OpenAPI 3 http bearer scheme, or an implicit flow. */
const widgetsWith = (scheme: Record<string, unknown>) => ({
  ...widgets,
  components: { ...widgets.components, securitySchemes: { pat: scheme } },
  security: [{ pat: [] }],
});

/** A Swagger 2.0 definition shaped as Netlify's: host and basePath, an OAuth 2 implicit flow, a GET. */
const sitesSwagger = {
  swagger: "2.0",
  info: { title: "Sites", version: "1" },
  host: "api.sites.test",
  basePath: "/api/v1",
  schemes: ["https"],
  securityDefinitions: {
    sitesAuth: { type: "oauth2", flow: "implicit", authorizationUrl: "https://app.sites.test/authorize", scopes: {} },
  },
  security: [{ sitesAuth: [] }],
  paths: {
    "/sites": {
      get: {
        operationId: "listSites",
        produces: ["application/json"],
        responses: { "200": { description: "the sites", schema: { type: "array", items: { type: "string" } } } },
      },
    },
  },
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Code compared as Biome may have laid it out: no white space, no quotes on plain keys, no trailing commas. */
const flat = (code: string) =>
  code
    .replace(/\s+/g, "")
    .replace(/"(\w+)":/g, "$1:")
    .replace(/,([}\])])/g, "$1");

const exec = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
  new Promise<{ code: number; output: string }>((done) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => done({ code: code ?? -1, output }));
  });

const fixture = (name: string) => readFile(join(import.meta.dirname, "fixtures", name), "utf8");

/** A throwaway checkout where a scaffolded package resolves the real auth package, testkit, openapi-fetch and tools. */
async function sandbox() {
  const made = await makeRoot([], {
    "downloads/widgets.json": JSON.stringify(widgets),
    // The same API guarded by its key alone.
    "downloads/widgets-key.json": JSON.stringify({ ...widgets, security: [{ key: [] }] }),
    "downloads/widgets-bearer.json": JSON.stringify(widgetsWith({ type: "http", scheme: "bearer" })),
    "downloads/widgets-implicit.json": JSON.stringify(
      widgetsWith({ type: "oauth2", flows: { implicit: { authorizationUrl: "https://id.widgets.test/authorize", scopes: {} } } }),
    ),
    "downloads/sites.json": JSON.stringify(sitesSwagger),
    "downloads/carrier-tracking.yaml": await fixture("carrier-tracking.yaml"),
    "downloads/distributor-orders.json": await fixture("distributor-orders.json"),
    "downloads/carrier-shipping.yaml": await fixture("carrier-shipping.yaml"),
    "downloads/address-validation.json": await fixture("address-validation.json"),
  });
  cleanups.push(made.cleanup);
  for (const file of ["tsconfig.base.json", "vitest.shared.ts", "biome.json"]) await copyFile(join(repo, file), join(made.root, file));
  await symlink(join(repo, "node_modules"), join(made.root, "node_modules"));
  return made.root;
}

async function linkDependencies(packageDir: string) {
  const modules = join(packageDir, "node_modules", "@vendor-clients");
  await mkdir(modules, { recursive: true });
  for (const name of ["auth", "testkit", "scripts"])
    await symlink(join(repo, "packages", name === "scripts" ? "../scripts" : name), join(modules, name));
  await symlink(
    await realpath(join(repo, "packages", "avnet", "node_modules", "openapi-fetch")),
    join(packageDir, "node_modules", "openapi-fetch"),
  );
}

/** Generates the package's types, type-checks it and runs its own scaffolded test against Prism. */
async function expectGeneratedPackagePasses(root: string, vendor: string) {
  expect(await generate({ root, vendor })).toMatchObject([{ vendor, files: expect.any(Array) }]);
  const pkg = join(root, "packages", vendor);
  // As CI's pnpm lint sees it: formatted and clean (the scaffold formats what it writes).
  const lint = await exec(join(repo, "node_modules/.bin/biome"), ["ci", "--vcs-enabled=false", `packages/${vendor}`], root);
  expect(lint.code, lint.output).toBe(0);
  await linkDependencies(pkg);
  const typecheck = await exec(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", pkg], pkg);
  expect(typecheck.code, typecheck.output).toBe(0);
  const test = await exec(process.execPath, [join(repo, "node_modules/vitest/vitest.mjs"), "run", "--typecheck.enabled=false"], pkg, {
    VENDOR_CLIENTS_ROOT: root,
    NO_COLOR: "1",
  });
  expect(test.code, test.output).toBe(0);
  expect(test.output).toContain("2 passed");
}

/** What a failed run must leave: nothing of the vendor, no staging folder. */
async function expectUntouched(root: string, vendor: string) {
  expect(await readdir(join(root, "specs"))).not.toContain(vendor);
  expect(await readdir(join(root, "packages")).catch(() => [])).not.toContain(vendor);
  expect((await readdir(root)).filter((f) => f.startsWith(".new-vendor"))).toEqual([]);
}

describe("new-vendor", () => {
  it("scaffolds a package whose generated client type-checks and passes its own test against Prism", async () => {
    const root = await sandbox();
    await newVendor({
      root,
      vendor: "widgets",
      spec: "downloads/widgets.json",
      auth: "client-credentials",
      tokenUrl: "https://id.widgets.test/token",
      cwd: root,
    });
    const sources = JSON.parse(await readFile(join(root, "specs", "widgets", "sources.json"), "utf8"));
    expect(sources.definitions).toEqual([
      expect.objectContaining({ name: "widgets", file: "widgets.json", origin: "portal", format: "openapi-3.0" }),
    ]);
    // Only a definition's facts: the headers its client sets are the vendor's data.
    expect(sources.definitions[0].codegen).toBeUndefined();
    const client = await readFile(join(root, "packages/widgets/src/client.ts"), "utf8");
    expect(flat(client)).toContain(
      flat("export const createWidgetsClient = vendorFactory(widgetsData, (options, vendor): WidgetsClient =>"),
    );
    expect(flat(client)).toContain(flat("export const widgets = /* @__PURE__ */ defineVendor(widgetsData, createWidgetsClient);"));
    expect(flat(client)).toContain(
      flat(
        "export const fromEnv = (overrides?: Partial<WidgetsOptions>, env?: Environment): WidgetsClient => widgets.fromEnv(overrides, env);",
      ),
    );
    const data = await readFile(join(root, "packages/widgets/src/vendor.ts"), "utf8");
    expect(data).toMatch(/^import type \{ VendorClientOptions, VendorData \} from "@vendor-clients\/auth";\n/);
    expect(flat(data)).toContain(flat('export const WIDGETS_BASE_URL = "https://api.widgets.test/v1"'));
    expect(flat(data)).toContain(flat("export interface WidgetsOptions extends VendorClientOptions {"));
    expect(flat(data)).toContain(
      flat(
        'export const widgetsData: VendorData<WidgetsOptions> = { id: "widgets", name: "Widgets", baseUrls: { production: WIDGETS_BASE_URL }, tokenUrl: WIDGETS_TOKEN_URL, options: { scopes: { description: "scopes to ask for", type: "list", variable: false } } };',
      ),
    );
    expect(flat(await readFile(join(root, "packages/widgets/src/client.test.ts"), "utf8"))).toContain(
      flat('client.GET("/widgets/{widgetId}", { params: {"path":{"widgetId":1}} })'),
    );
    await expectGeneratedPackagePasses(root, "widgets");
  }, 120_000);

  it.each([
    ["carrier-shipping.yaml", "POST /shipments", "Parcel Shipping", { test: "https://wwwcie.carrier.test/api/shipments/v2409" }],
    ["address-validation.json", "POST /address", "Address Validation", { sandbox: "https://apis-tem.postal.test/addresses/v3" }],
  ])(
    "scaffolds %s, which has no GET: its test POSTs a body built from the schema that Prism accepts",
    async (file, call, title, others) => {
      const root = await sandbox();
      const lines: string[] = [];
      await newVendor({ root, vendor: "shipper", spec: `downloads/${file}`, cwd: root, log: (l) => lines.push(l) });
      expect(lines.join("\n")).toContain(`a test against Prism calling ${call}`);
      const data = await readFile(join(root, "packages/shipper/src/vendor.ts"), "utf8");
      expect(flat(data)).toContain(flat(`name: ${JSON.stringify(title)}`));
      for (const [name, url] of Object.entries(others)) expect(flat(data)).toContain(flat(`${name}: ${JSON.stringify(url)}`));
      // stays-green.test.ts scaffolds both definitions again and runs these packages' tests against
      // Prism (their POST bodies accepted): not run a second time here.
    },
  );

  it("takes --base-url and --title over the definition's", async () => {
    const root = await sandbox();
    await newVendor({
      root,
      vendor: "shipper",
      spec: "downloads/carrier-shipping.yaml",
      baseUrl: "https://proxy.example/shipping/",
      title: "Shipper Inc.",
      cwd: root,
    });
    const data = await readFile(join(root, "packages/shipper/src/vendor.ts"), "utf8");
    expect(flat(data)).toContain(flat('export const SHIPPER_BASE_URL = "https://proxy.example/shipping";'));
    expect(flat(data)).toContain(flat('name: "Shipper Inc."'));
    await expect(
      newVendor({ root, vendor: "other", spec: "downloads/carrier-shipping.yaml", baseUrl: "nowhere", cwd: root }),
    ).rejects.toThrow('--base-url must be an absolute URL; got "nowhere"');
    // A definition that names no server with a host (ShipEngine's published Connect definitions name
    // none): no made-up host in the client; --base-url names it.
    const { servers: _, ...serverless } = widgets;
    await writeFile(join(root, "downloads", "serverless.json"), JSON.stringify({ ...serverless, servers: [{ url: "/v1" }] }));
    await expect(newVendor({ root, vendor: "serverless", spec: "downloads/serverless.json", cwd: root })).rejects.toThrow(
      "downloads/serverless.json: the definition names no server for the client to call (an OpenAPI server or Swagger 2.0 host, not loopback); pass --base-url",
    );
    await expectUntouched(root, "serverless");
    await newVendor({
      root,
      vendor: "serverless",
      spec: "downloads/serverless.json",
      baseUrl: "https://api.serverless.test/v1",
      cwd: root,
    });
    expect(flat(await readFile(join(root, "packages/serverless/src/vendor.ts"), "utf8"))).toContain(
      flat('export const SERVERLESS_BASE_URL = "https://api.serverless.test/v1";'),
    );
  });

  it("wires an API-key client from the definition's security scheme, and refuses bad input from the command line", {
    timeout: 120_000,
  }, async () => {
    const root = await sandbox();
    const lines: string[] = [];
    await newVendor({ root, vendor: "widgets", spec: "downloads/widgets-key.json", cwd: root, log: (l) => lines.push(l) });
    expect(lines).toContain("      auth: api-key X-Widget-Key (header) from /components/securitySchemes/key");
    const client = await readFile(join(root, "packages/widgets/src/client.ts"), "utf8");
    expect(flat(client)).toContain(flat('apiKey: { name: "X-Widget-Key", in: "header", keys: options.apiKey, option: "apiKey" }'));
    expect(flat(client)).not.toContain("tokens:");
    const data = await readFile(join(root, "packages/widgets/src/vendor.ts"), "utf8");
    // No OAuth app: no client id or token URL to ask for; the key header is declared, as the core demands.
    expect(flat(data)).toContain(flat('export interface WidgetsOptions extends Omit<VendorClientOptions, "clientId" | "tokenUrl"> {'));
    expect(flat(data)).toContain(
      flat(
        'headers: ["X-Widget-Key"], common: ["baseUrl"], options: { apiKey: { description: "the X-Widget-Key API key", required: true, secret: true } }',
      ),
    );
    expect(data).not.toContain("TOKEN_URL");
    await expectGeneratedPackagePasses(root, "widgets");
    const again = await runCli("new-vendor", ["widgets", "--spec", "downloads/widgets.json", "--auth", "api-key", "--root", root], {
      cwd: root,
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("packages/widgets already exists");
    const noToken = await runCli("new-vendor", ["gadgets", "--spec", "downloads/widgets.json", "--auth", "password", "--root", root], {
      cwd: root,
    });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("downloads/widgets.json: the definition names no token URL for password; pass --token-url");
    await expectUntouched(root, "gadgets");
  });

  it("scaffolds a bearer-token client from an http bearer scheme: the token an option and variable, sent as the bearer token to Prism", async () => {
    const root = await sandbox();
    const lines: string[] = [];
    await newVendor({ root, vendor: "widgets", spec: "downloads/widgets-bearer.json", cwd: root, log: (l) => lines.push(l) });
    expect(lines).toContain("      auth: bearer-token from /components/securitySchemes/pat (http bearer)");
    expect(lines.join("\n")).toContain("createWidgetsClient (bearer-token)");
    const data = await readFile(join(root, "packages/widgets/src/vendor.ts"), "utf8");
    // No OAuth app: no client id or token URL to ask for; the token is a secret option, WIDGETS_TOKEN in the environment.
    expect(flat(data)).toContain(flat('export interface WidgetsOptions extends Omit<VendorClientOptions, "clientId" | "tokenUrl"> {'));
    expect(flat(data)).toContain(
      flat(
        `common: ["baseUrl"], options: { token: { description: "a token for the API (such as a personal access token from the vendor's portal), sent as Authorization: Bearer", required: true, secret: true } }`,
      ),
    );
    expect(data).not.toContain("TOKEN_URL");
    const client = await readFile(join(root, "packages/widgets/src/client.ts"), "utf8");
    expect(flat(client)).toContain(flat("auth: tokenAuth({ token: options.token })"));
    expect(await readFile(join(root, "packages/widgets/README.md"), "utf8")).toContain("Set `WIDGETS_TOKEN` (or the `token` option)");
    // The package this makes is the one stays-green.test.ts makes of Netlify's definition and runs
    // against Prism (the bearer header on the wire, no token request): not run a second time here.
  });

  it("reads an OpenAPI 3 implicit flow and a Swagger 2.0 `flow: implicit` as bearer tokens, and takes --auth bearer-token", {
    timeout: 120_000,
  }, async () => {
    const root = await sandbox();
    const lines: string[] = [];
    await newVendor({ root, vendor: "widgets", spec: "downloads/widgets-implicit.json", cwd: root, log: (l) => lines.push(l) });
    expect(lines).toContain(
      "      auth: bearer-token from /components/securitySchemes/pat/flows/implicit (a flow that needs a browser: its users send a token they got elsewhere, such as a personal access token)",
    );
    expect(flat(await readFile(join(root, "packages/widgets/src/client.ts"), "utf8"))).toContain(
      flat("auth: tokenAuth({ token: options.token })"),
    );
    const sites = await runCli("new-vendor", ["sites", "--spec", "downloads/sites.json", "--root", root], { cwd: root });
    expect(sites.code, sites.stderr).toBe(0);
    // Where the user's Swagger 2.0 file has it, not where the converted copy does.
    expect(sites.stdout).toContain(
      '      auth: bearer-token from /securityDefinitions/sitesAuth (flow "implicit") (a flow that needs a browser: its users send a token they got elsewhere, such as a personal access token)',
    );
    expect(flat(await readFile(join(root, "packages/sites/src/client.ts"), "utf8"))).toContain(
      flat("auth: tokenAuth({ token: options.token })"),
    );
    // A definition that says client credentials, and a user who knows the API takes a token of theirs.
    const told = await runCli("new-vendor", ["gadgets", "--spec", "downloads/widgets.json", "--auth", "bearer-token", "--root", root], {
      cwd: root,
    });
    expect(told.code, told.stderr).toBe(0);
    expect(told.stdout).toContain("      auth: bearer-token as passed");
    expect(flat(await readFile(join(root, "packages/gadgets/src/client.ts"), "utf8"))).toContain(
      flat("auth: tokenAuth({ token: options.token })"),
    );
    const withTokenUrl = await runCli(
      "new-vendor",
      [
        "things",
        "--spec",
        "downloads/widgets.json",
        "--auth",
        "bearer-token",
        "--token-url",
        "https://id.widgets.test/token",
        "--root",
        root,
      ],
      { cwd: root },
    );
    expect(withTokenUrl.code).toBe(2);
    expect(withTokenUrl.stderr).toContain(
      "--token-url is for client-credentials and password clients; a bearer-token client asks no token endpoint",
    );
    const unknown = await runCli("new-vendor", ["things", "--spec", "downloads/widgets.json", "--auth", "pat", "--root", root], {
      cwd: root,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--auth must be one of client-credentials, password, bearer-token, api-key; got "pat"');
    await expectUntouched(root, "things");
  });

  it("scaffolds a password-grant client when asked to, its login a secret option read from the environment", async () => {
    const root = await sandbox();
    await newVendor({
      root,
      vendor: "widget-works",
      spec: "downloads/widgets.json",
      auth: "password",
      tokenUrl: "https://id.widgets.test/token",
      cwd: root,
      title: "Widget Works",
    });
    const data = await readFile(join(root, "packages/widget-works/src/vendor.ts"), "utf8");
    // Words joined by "-" make one prefix and one binding: WIDGET_WORKS_*, widgetWorksData.
    expect(flat(data)).toContain(flat('export const WIDGET_WORKS_TOKEN_URL = "https://id.widgets.test/token"'));
    expect(flat(data)).toContain(flat("export const widgetWorksData: VendorData<WidgetWorksOptions> = {"));
    expect(flat(data)).toContain(flat('password: { description: "the password of that login", required: true, secret: true }'));
    const client = await readFile(join(root, "packages/widget-works/src/client.ts"), "utf8");
    expect(flat(client)).toContain(flat("auth: oauth(passwordGrant, {"));
    await expectGeneratedPackagePasses(root, "widget-works");
  }, 120_000);

  it("builds the POST body of a real definition without a GET from its schemas alone, and Prism accepts it", async () => {
    // ShipEngine's published Fulfillment Provider definition (real-definitions.ts) with its examples
    // taken out, so that the body comes from the schemas (nested objects, enums, formats) alone.
    const withoutExamples = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(withoutExamples)
        : value && typeof value === "object"
          ? Object.fromEntries(
              Object.entries(value)
                .filter(([key]) => key !== "example" && key !== "examples")
                .map(([key, v]) => [key, withoutExamples(v)]),
            )
          : value;
    const real = JSON.parse(await readFile(await realDefinitionPath(REAL_DEFINITIONS.shipEngineFulfillmentProvider), "utf8"));
    const stripped = withoutExamples(real);
    expect(JSON.stringify(stripped)).not.toMatch(/"examples?":/);
    const root = await sandbox();
    await writeFile(join(root, "downloads", "fulfillment-provider.json"), JSON.stringify(stripped));
    await newVendor({
      root,
      vendor: "fulfillment",
      spec: "downloads/fulfillment-provider.json",
      auth: "client-credentials",
      tokenUrl: "https://id.fulfillment.test/token",
      baseUrl: "https://api.fulfillment.test",
      cwd: root,
    });
    const test = await readFile(join(root, "packages/fulfillment/src/client.test.ts"), "utf8");
    expect(test).toContain('client.POST("/');
    expect(test).toContain("body: {");
    await expectGeneratedPackagePasses(root, "fulfillment");
  }, 120_000);

  it("scaffolds a carrier's OpenAPI 3.0.3 definition whose every GET needs parameters: valid values generated, auth read from it", async () => {
    const root = await sandbox();
    const lines: string[] = [];
    await newVendor({ root, vendor: "carrier", spec: "downloads/carrier-tracking.yaml", cwd: root, log: (l) => lines.push(l) });
    expect(lines).toEqual(
      expect.arrayContaining([
        'warn  downloads/carrier-tracking.yaml #/info/description: `description` is a number; made it the string "2"',
        'warn  downloads/carrier-tracking.yaml #/paths/~1track~1v1~1details~1{inquiryNumber}/get/operationId: operationId "Track Details" is not an identifier; renamed it "trackDetails"',
        "      auth: client-credentials from /components/securitySchemes/oauth/flows/clientCredentials, token URL https://onlinetools.carrier.test/security/v1/oauth/token",
        '      auth: client authentication "basic" from x-tokenEndpointAuthMethod',
      ]),
    );
    const client = await readFile(join(root, "packages/carrier/src/client.ts"), "utf8");
    expect(flat(client)).toContain(flat('clientAuthentication: "basic"'));
    expect(flat(await readFile(join(root, "packages/carrier/src/vendor.ts"), "utf8"))).toContain(
      flat('export const CARRIER_TOKEN_URL = "https://onlinetools.carrier.test/security/v1/oauth/token"'),
    );
    // The pattern-constrained reference search is passed over for the call whose values can be built.
    expect(flat(await readFile(join(root, "packages/carrier/src/client.test.ts"), "utf8"))).toContain(
      flat(
        'client.GET("/track/v1/details/{inquiryNumber}", { params: {"header":{"transId":"1","transactionSrc":"testing"},"path":{"inquiryNumber":"0000000"},"query":{"locale":"en_US"}} })',
      ),
    );
    await expectGeneratedPackagePasses(root, "carrier");
  }, 120_000);

  it("scaffolds a distributor's Swagger 2.0 definition: repairs what is broken, a key header with the token, injected headers out of the types", async () => {
    const root = await sandbox();
    const lines: string[] = [];
    await newVendor({ root, vendor: "distributor", spec: "downloads/distributor-orders.json", cwd: root, log: (l) => lines.push(l) });
    const warnings = lines.filter((l) => l.startsWith("warn"));
    expect(warnings).toEqual([
      "warn  downloads/distributor-orders.json #/securityDefinitions/oauth2ApplicationSecurity: OAuth definition has no `scopes` (required by Swagger 2.0); added an empty list",
      "warn  downloads/distributor-orders.json #/info/description: `description` is a list of lines; joined them",
      'warn  downloads/distributor-orders.json #/paths/~1orders/get/responses/401/description: `description` is a boolean; made it the string "true"',
      'warn  downloads/distributor-orders.json #/paths/~1orders/get/operationId: operationId "Get Orders" is not an identifier; renamed it "getOrders"',
      'warn  downloads/distributor-orders.json #/paths/~1orders~1{orderId}/get/operationId: operationId "Get Orders" is not an identifier; renamed it "getOrders2"',
    ]);
    const stored = JSON.parse(await readFile(join(root, "specs/distributor/orders.json"), "utf8"));
    // A property that is called "description" is a name, not a description: left alone.
    expect(stored.components.schemas.Order.properties.description).toEqual({ type: "string" });
    const sources = JSON.parse(await readFile(join(root, "specs/distributor/sources.json"), "utf8"));
    expect(sources.definitions[0].codegen).toBeUndefined();
    const data = await readFile(join(root, "packages/distributor/src/vendor.ts"), "utf8");
    expect(flat(data)).toContain(flat('headers: ["Authorization", "X-Distributor-Client-Id"]'));
    expect(flat(data)).toContain(flat('apiKey: { description: "the X-Distributor-Client-Id API key", required: true, secret: true }'));
    expect(lines).toContain(
      "      headers: Authorization, X-Distributor-Client-Id set by the client (src/vendor.ts), left out of the generated operations",
    );
    const client = await readFile(join(root, "packages/distributor/src/client.ts"), "utf8");
    expect(flat(client)).toContain(flat("auth: vendor.clientCredentials("));
    expect(flat(client)).toContain(
      flat('apiKey: { name: "X-Distributor-Client-Id", in: "header", keys: options.apiKey, option: "apiKey" }'),
    );
    expect(lines).toContain("      auth: API key X-Distributor-Client-Id (header) required together with the token");
    await expectGeneratedPackagePasses(root, "distributor");
    // The headers the data lists are the client's to set; one it does not set stays the caller's.
    const types = await readFile(join(root, "packages/distributor/src/generated/orders.ts"), "utf8");
    expect(types).not.toMatch(/"?(Authorization|X-Distributor-Client-Id)"?\??:/);
    expect(types).toMatch(/"X-Distributor-Locale-Site"\??:/);
  }, 120_000);

  it("refuses what it cannot repair with the file and the place, and leaves nothing behind", async () => {
    const root = await sandbox();
    const broken = JSON.parse(await fixture("distributor-orders.json"));
    broken.paths["/orders"].get.description = { text: "Gets orders" };
    await writeFile(join(root, "downloads", "broken.json"), JSON.stringify(broken));
    await expect(newVendor({ root, vendor: "broken", spec: "downloads/broken.json", cwd: root })).rejects.toThrow(
      "downloads/broken.json #/paths/~1orders/get/description: `description` must be a string; found an object, which cannot be turned into one without guessing",
    );
    await expectUntouched(root, "broken");
  });

  it("leaves no half-written tree when a late step fails: the moved definition is rolled back", async () => {
    const root = await sandbox();
    const steps: string[] = [];
    const failing = newVendor({
      root,
      vendor: "carrier",
      spec: "downloads/carrier-tracking.yaml",
      cwd: root,
      onStep: (step) => {
        steps.push(step);
        if (step === "move-package") throw new Error("disk full");
      },
    });
    await expect(failing).rejects.toThrow("disk full");
    expect(steps).toEqual(["import", "scaffold", "move-specs", "move-package"]);
    await expectUntouched(root, "carrier");
    // And the same run without the failure succeeds: nothing stale was in its way.
    await newVendor({ root, vendor: "carrier", spec: "downloads/carrier-tracking.yaml", cwd: root });
    expect(await readdir(join(root, "packages", "carrier", "src"))).toEqual(["client.test.ts", "client.ts", "index.ts", "vendor.ts"]);
  });
});
