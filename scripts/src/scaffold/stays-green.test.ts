// A new vendor leaves the repository green: scaffolded into a copy of this checkout with
// `pnpm new-vendor`, nothing edited by hand, then the checks a vendor touches run there: lint,
// size budgets, the API reference, the new packages' own tests, and the tests of every package
// that lists the vendors (CLI, stand-ins, demo) or counts them (scripts).
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyCheckout, exec, ownPnpm } from "../testing/checkout-copy.ts";
import { REAL_DEFINITIONS, type RealDefinition, realDefinitionPath } from "./real-definitions.ts";

const repo = resolve(import.meta.dirname, "../../..");
const fixtures = join(import.meta.dirname, "fixtures");

interface NewVendor {
  id: string;
  /** An authored fixture's path, or a real definition read from node_modules once its sha256 is checked. */
  spec: string | RealDefinition;
  /** The display name, as the definition's info.title says. */
  title: string;
  /** What a definition does not say (a server, a token URL, an auth new-vendor scaffolds), as a newcomer would pass it. */
  args?: string[];
  /** The operation the scaffolded test calls: a definition without a GET gets a POST with a body. */
  calls: "GET" | "POST";
}

const NEW_VENDORS: NewVendor[] = [
  // Authored (fixtures/README.md): an OpenAPI 3 and a Swagger 2.0 definition, neither with a GET, with
  // the shapes no real definition below has (body patterns, OAuth client credentials, x-host-*).
  { id: "parcel-carrier", spec: join(fixtures, "carrier-shipping.yaml"), title: "Parcel Shipping", calls: "POST" },
  { id: "postal-addresses", spec: join(fixtures, "address-validation.json"), title: "Address Validation", calls: "POST" },
  // Real, as published (real-definitions.ts): an OpenAPI 3.0 one whose every operation is a POST and
  // that names no server and no security scheme, and a large Swagger 2.0 one with an implicit flow
  // (scaffolded with no argument: a bearer-token client).
  {
    id: "fulfillment-provider",
    spec: REAL_DEFINITIONS.shipEngineFulfillmentProvider,
    title: "Fulfillment Provider API",
    args: [
      "--auth",
      "client-credentials",
      "--token-url",
      "https://id.fulfillment.test/oauth/token",
      "--base-url",
      "https://api.fulfillment.test",
    ],
    calls: "POST",
  },
  // No --auth: its implicit flow makes a bearer-token client (Netlify's users send a personal access token).
  { id: "netlify", spec: REAL_DEFINITIONS.netlify, title: "Netlify's API documentation", calls: "GET" },
];

let root: string;
let cleanup = async () => {};
const [pnpm, pnpmArgs] = ownPnpm();
// Turbo in the copy reads and writes this checkout's cache: a package the copy did not change is
// restored from it instead of built again (the copy's own builds still run for what new-vendor added).
const turboCache = { TURBO_CACHE_DIR: join(repo, ".turbo", "cache") };
const pnpmIn = (args: string[], cwd = root) => exec(pnpm, [...pnpmArgs, ...args], cwd, turboCache);

beforeAll(async () => {
  // Before the copy: a real definition that is not the recorded one fails here, naming both hashes.
  const specs = await Promise.all(NEW_VENDORS.map((v) => (typeof v.spec === "string" ? v.spec : realDefinitionPath(v.spec))));
  ({ root, cleanup } = await copyCheckout(repo));
  for (const [i, vendor] of NEW_VENDORS.entries()) {
    const scaffolded = await pnpmIn(["new-vendor", vendor.id, "--spec", specs[i]!, ...(vendor.args ?? [])]);
    expect(scaffolded.code, scaffolded.output).toBe(0);
  }
  // What new-vendor's "next:" says, and all a newcomer runs. A newcomer's machine is not CI, where
  // pnpm freezes the lockfile by default: the new packages must be let into it, as on theirs.
  const installed = await pnpmIn(["install", "--prefer-offline", "--no-frozen-lockfile"]);
  expect(installed.code, installed.output).toBe(0);
}, 300_000);
afterAll(() => cleanup());

describe("a new vendor from each kind of definition, with no hand edit", () => {
  it("is registered everywhere the vendors are listed, named as its definition names itself", async () => {
    for (const dir of ["packages/cli", "packages/stand-ins", "packages/demo", "packages/consumer-test", "bench"]) {
      const manifest = JSON.parse(await readFile(join(root, dir, "package.json"), "utf8"));
      for (const vendor of NEW_VENDORS) expect(manifest.dependencies, dir).toHaveProperty(`@vendor-clients/${vendor.id}`, "workspace:*");
    }
    const envExample = await readFile(join(root, ".env.example"), "utf8");
    for (const vendor of NEW_VENDORS) expect(envExample).toContain(`# ${vendor.title}\n`);
  });

  it("reads Netlify's implicit flow as a token its users bring: a bearer-token client, NETLIFY_TOKEN its variable", async () => {
    const client = await readFile(join(root, "packages", "netlify", "src", "client.ts"), "utf8");
    expect(client).toContain("tokenAuth({ token: options.token })");
    expect(await readFile(join(root, "packages", "netlify", "src", "vendor.ts"), "utf8")).not.toContain("TOKEN_URL");
    const envExample = await readFile(join(root, ".env.example"), "utf8");
    expect(envExample).toMatch(/\nNETLIFY_TOKEN=\n/);
    expect(envExample).not.toContain("NETLIFY_CLIENT_ID");
  });

  it("gets a test that calls a POST with a body where the definition has no GET (run below, against Prism)", async () => {
    for (const vendor of NEW_VENDORS) {
      const test = await readFile(join(root, "packages", vendor.id, "src", "client.test.ts"), "utf8");
      expect(test, vendor.id).toContain(`client.${vendor.calls}(`);
      if (vendor.calls === "POST") expect(test, vendor.id).toMatch(/body: \{/);
    }
  });

  it("passes pnpm lint", async () => {
    const lint = await pnpmIn(["lint"]);
    expect(lint.code, lint.output).toBe(0);
  });

  it("passes pnpm size, the new vendors measured", async () => {
    // Every package is built here, not only the new vendors: the copy's dist/ folders were taken from
    // a checkout whose own Turbo run may still be building them (pnpm test runs this beside the other
    // packages' builds), so a half-written or missing one must not be measured (size) or documented
    // (api-docs reads each package's types). The later steps' builds are then cache hits of this run.
    const turbo = await pnpmIn(["exec", "turbo", "run", "build", "--filter=./packages/*"]);
    expect(turbo.code, turbo.output).toBe(0);
    const size = await pnpmIn(["size"]);
    expect(size.code, size.output).toBe(0);
    for (const vendor of NEW_VENDORS) expect(size.output).toContain(`@vendor-clients/${vendor.id}`);
  }, 300_000);

  it("passes the tests and type checks of the new packages and of those that list or count the vendors", async () => {
    const filters = [...NEW_VENDORS.map((v) => v.id), "cli", "stand-ins", "demo"].map((name) => `--filter=@vendor-clients/${name}`);
    // cli's own suite is the CLI's commands; its vendor list is vendors.test.ts (run below). One task
    // at a time: the stand-ins' and the demo's tests each start a Prism per vendor.
    const tested = await pnpmIn([
      "exec",
      "turbo",
      "run",
      "typecheck",
      "test",
      ...filters,
      "--filter=!@vendor-clients/cli",
      "--continue",
      "--concurrency=1",
    ]);
    expect(tested.code, tested.output).toBe(0);
    const cli = await pnpmIn(["exec", "vitest", "run", "src/vendors.test.ts"], join(root, "packages", "cli"));
    expect(cli.code, cli.output).toBe(0);
    const typecheckCli = await pnpmIn(["--filter", "@vendor-clients/cli", "typecheck"]);
    expect(typecheckCli.code, typecheckCli.output).toBe(0);
    const scripts = await pnpmIn(
      ["exec", "vitest", "run", "src/lib/sources.test.ts", "src/api-docs/pages.test.ts", "src/lib/env-example.test.ts"],
      join(root, "scripts"),
    );
    expect(scripts.code, scripts.output).toBe(0);
  }, 900_000);

  it("passes pnpm api-docs, a page for each new vendor", async () => {
    const docs = await pnpmIn(["api-docs"]);
    expect(docs.code, docs.output).toBe(0);
    const pages = await readdir(join(root, "docs", "api", "modules"));
    for (const vendor of NEW_VENDORS) expect(pages.some((page) => page.includes(vendor.id))).toBe(true);
  }, 600_000);
});
