// Size budgets of what a user's bundler keeps. The vendors come from the checkout (specs/*/sources.json
// with packages/*/src/vendor.ts), so a vendor added by `pnpm new-vendor` is measured with the default
// budget of a REST client until it is given its own here.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { vendorRegistry } from "./scripts/src/lib/registry.js";

/**
 * Budgets that differ from the default: what the one-call program imports, and the limit. Issue 22
 * raised them: the one options check (the lists of every option name a client's pieces take, to refuse
 * a misspelled one with the name meant; the error codes) and the step builder with the auth strategy.
 */
const BUDGETS = {
  "ingram-micro": { limit: "22.75 kB" },
  avnet: { import: "{ createAvnetClient, getPrices }", limit: "23.25 kB" },
  avionte: { import: "{ createAvionteClient, paginate }", limit: "23.5 kB" },
  "advanced-inventory": { limit: "23 kB" },
  nexar: {
    import: "{ createNexarClient, searchMpn }",
    limit: "39.25 kB",
    ignore: ["node:http", "node:crypto", "node:fs", "node:fs/promises", "node:os", "node:path", "node:net"],
  },
};

/** A REST client made with defineVendor and restClient, as new-vendor scaffolds it. */
const DEFAULT_LIMIT = "22.5 kB";

const checks = [
  {
    name: "@vendor-clients/auth (core, client credentials, cache)",
    path: "packages/auth/dist/index.js",
    import: "{ clientCredentials, createClientCore, oauth }",
    limit: "18.75 kB",
  },
  ...vendorRegistry(import.meta.dirname).map((vendor) => ({
    name: vendor.packageName,
    path: `${vendor.dir}/dist/index.js`,
    import: `{ ${vendor.factory} }`,
    limit: DEFAULT_LIMIT,
    ...BUDGETS[vendor.id],
  })),
];

// size-limit turns a path that matches nothing into an import from "undefined"; say what is missing instead.
const unbuilt = checks.filter((check) => !existsSync(join(import.meta.dirname, check.path))).map((check) => check.path);
if (unbuilt.length) throw new Error(`pnpm size measures built packages; missing: ${unbuilt.join(", ")}. Run pnpm build first.`);

export default checks;
