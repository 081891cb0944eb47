// Size budgets of what a user's bundler keeps. The vendors come from the checkout (specs/*/sources.json
// with packages/*/src/vendor.ts), so a vendor added by `pnpm new-vendor` is measured with the default
// budget of a REST client until it is given its own here.
import { vendorRegistry } from "./scripts/src/lib/registry.js";

/**
 * Budgets that differ from the default: what the one-call program imports, and the limit. Issue
 * 22 raised each by 0.5 kB (0.25 kB for Nexar) for the step builder (a client's steps option,
 * the token pipeline assembled by it) and the auth strategy: +0.55 to +0.7 kB measured.
 */
const BUDGETS = {
  "ingram-micro": { limit: "22 kB" },
  avnet: { import: "{ createAvnetClient, getPrices }", limit: "22.5 kB" },
  avionte: { import: "{ createAvionteClient, paginate }", limit: "22.5 kB" },
  "advanced-inventory": { limit: "22.25 kB" },
  nexar: {
    import: "{ createNexarClient, searchMpn }",
    limit: "38.25 kB",
    ignore: ["node:http", "node:crypto", "node:fs", "node:fs/promises", "node:os", "node:path", "node:net"],
  },
};

/** A REST client made with defineVendor and restClient, as new-vendor scaffolds it. */
const DEFAULT_LIMIT = "21.5 kB";

export default [
  {
    name: "@vendor-clients/auth (core, client credentials, cache)",
    path: "packages/auth/dist/index.js",
    import: "{ clientCredentials, createClientCore, oauth }",
    limit: "18 kB",
  },
  ...vendorRegistry(import.meta.dirname).map((vendor) => ({
    name: vendor.packageName,
    path: `${vendor.dir}/dist/index.js`,
    import: `{ ${vendor.factory} }`,
    limit: DEFAULT_LIMIT,
    ...BUDGETS[vendor.id],
  })),
];
