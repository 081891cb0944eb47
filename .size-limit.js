// Size budgets of what a user's bundler keeps, in kB (1000 bytes) of gzip (level 9): size-limit's
// default is brotli, smaller by about a tenth, while the budgets the issues set and the README quotes
// are gzip. The vendors come from the checkout (specs/*/sources.json with packages/*/src/vendor.ts),
// so a vendor added by `pnpm new-vendor` is measured with the default budget of a REST client until
// it is given its own here.
//
// Rarely used paths are behind import() (following a redirect, a streamed body, a refused token's
// error, the checks of a stored token record, the throttling headers, Retry-After on a retry, the
// debug lines, PKCE and the browser login of the authorization code grant): a bundler puts them in
// chunks fetched only when used. Each program is measured twice. "one call" counts what loads
// before a first call that meets none of them (a 200 without a redirect or a remaining count,
// buffered, a token granted): the bundle with every import() left out. "every chunk" counts them
// too: what a program that takes every path ends up loading (with esbuild's wrappers for lazily
// run modules, about 1 kB more than the same code bundled without import()).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { lazyChunksLeftOut } from "./scripts/src/lib/lazy-chunks.js";
import { vendorRegistry } from "./scripts/src/lib/registry.js";

/**
 * Budgets that differ from the default: what the one-call program imports, and the limits (gzip):
 * `limit` for what loads before a first call, `everyChunkLimit` with every lazy chunk loaded.
 * Issue 22 first raised them (the one options check, the step builder with the auth strategy), then
 * brought them back down: the rarely used paths went behind import() (re-measured 2026-12-04,
 * each budget the figure plus about 0.25 kB).
 */
const BUDGETS = {
  "ingram-micro": { limit: "23.05 kB", everyChunkLimit: "26.6 kB" },
  avnet: { import: "{ createAvnetClient, getPrices }", limit: "23.6 kB", everyChunkLimit: "27.1 kB" },
  avionte: { import: "{ createAvionteClient, paginate }", limit: "23.75 kB", everyChunkLimit: "27.2 kB" },
  "advanced-inventory": { limit: "23.25 kB", everyChunkLimit: "26.75 kB" },
  nexar: {
    import: "{ createNexarClient, searchMpn }",
    limit: "37.55 kB",
    everyChunkLimit: "45.5 kB",
    ignore: ["node:http", "node:crypto", "node:fs", "node:fs/promises", "node:os", "node:path", "node:net"],
  },
};

/** A REST client made with defineVendor and restClient, as new-vendor scaffolds it. */
const DEFAULT_LIMITS = { limit: "23.25 kB", everyChunkLimit: "26.75 kB" };

const checks = [
  {
    name: "@vendor-clients/auth (core, client credentials, cache)",
    path: "packages/auth/dist/index.js",
    import: "{ clientCredentials, createClientCore, oauth }",
    limit: "18.45 kB",
    everyChunkLimit: "21.9 kB",
  },
  ...vendorRegistry(import.meta.dirname).map((vendor) => ({
    name: vendor.packageName,
    path: `${vendor.dir}/dist/index.js`,
    import: `{ ${vendor.factory} }`,
    ...DEFAULT_LIMITS,
    ...BUDGETS[vendor.id],
  })),
];

// size-limit turns a path that matches nothing into an import from "undefined"; say what is missing instead.
const unbuilt = checks.filter((check) => !existsSync(join(import.meta.dirname, check.path))).map((check) => check.path);
if (unbuilt.length) throw new Error(`pnpm size measures built packages; missing: ${unbuilt.join(", ")}. Run pnpm build first.`);

/*
 * lazyChunksLeftOut leaves every import() out of the bundle, unresolved: what remains is what loads before the first
 * call when the bundler keeps the modules a lazy chunk shares with the entry on the entry's side,
 * as Rolldown (Vite) does (checked 2026-12-04: Ingram's one call 22.5 kB gzip in two files, 24.5
 * before the import()s). esbuild's own splitting (splitting: true) scatters those shared modules
 * over small chunks the entry imports: eight files, 26.6 kB gzip, more than the 25.3 of a program
 * without import(); without splitting it inlines every chunk ("every chunk" below, 26.3).
 */
/** Bundled as ES modules, gzipped (the budgets are gzip); "every chunk" inlines what import() loads, as esbuild does without splitting. */
const measured = ({ everyChunkLimit, ...check }, { everyChunk }) => ({
  ...check,
  name: `${check.name} (${everyChunk ? "every chunk" : "one call"})`,
  limit: everyChunk ? everyChunkLimit : check.limit,
  gzip: true,
  modifyEsbuildConfig: (config) => ({ ...config, format: "esm", plugins: everyChunk ? [] : [lazyChunksLeftOut] }),
});

export default checks.flatMap((check) => [measured(check, { everyChunk: false }), measured(check, { everyChunk: true })]);
