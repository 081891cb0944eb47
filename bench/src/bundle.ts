import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import { build, type Plugin } from "esbuild";
import { lazyChunksLeftOut } from "../../scripts/src/lib/lazy-chunks.js";
import { vendorRegistry } from "../../scripts/src/lib/registry.js";

const PROGRAMS: Record<string, string> = {
  "ingram-micro": `import { createIngramMicroClient } from "@vendor-clients/ingram-micro";
const c = createIngramMicroClient({ clientId: "i", clientSecret: "s", customerNumber: "1", countryCode: "US" });
c.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5 } } }).then((r) => console.log(r.data));`,
  avnet: `import { createAvnetClient, getPrices } from "@vendor-clients/avnet";
getPrices(createAvnetClient({ clientId: "i", clientSecret: "s", scope: "x", subscriptionKey: "k" }), [{ mpn: "LM358", quantity: 1 }]).then(console.log);`,
  avionte: `import { createAvionteClient } from "@vendor-clients/avionte";
createAvionteClient({ clientId: "i", clientSecret: "s", apiKey: "k", tenant: "t" }).GET("/talent/{talentId}", { params: { path: { talentId: 1 } } }).then(console.log);`,
  "advanced-inventory": `import { createAdvancedInventoryClient } from "@vendor-clients/advanced-inventory";
createAdvancedInventoryClient({ baseUrl: "https://x", clientId: "c", username: "u", password: "p" }).GET("/api/v1/Public/PingUTC").then(console.log);`,
  nexar: `import { createNexarClient, searchMpn } from "@vendor-clients/nexar";
searchMpn(createNexarClient({ clientId: "i", clientSecret: "s" }), "LM358").then(console.log);`,
  "xi_sdk_resellers (official Ingram SDK)": `import { ApiClient, ProductCatalogApi } from "xi_sdk_resellers";
const client = new ApiClient(); client.authentications.application.accessToken = "t";
new ProductCatalogApi(client).getResellerV6Productsearch("1", "c", "US", { pageSize: 5 }, (e, d) => console.log(e, d));`,
};

export interface BundleRow {
  program: string;
  /** What loads before a first call that takes no rarely used path: every import() left out. */
  minifiedKb: number;
  gzipKb: number;
  /** With what import() loads too (redirects, streamed bodies, a refused token, throttling headers). */
  everyChunkGzipKb: number;
}

/** A vendor with no program above (one `pnpm new-vendor` added): its factory, which keeps the client in the bundle. */
const factoryProgram = (vendor: { packageName: string; factory: string }) =>
  `import { ${vendor.factory} } from "${vendor.packageName}";\nconsole.log(${vendor.factory});`;

/** Every vendor of the checkout, then the programs of other libraries. */
const programs = (): [string, string][] => [
  ...vendorRegistry(resolve(import.meta.dirname, "../..")).map((v): [string, string] => [v.id, PROGRAMS[v.id] ?? factoryProgram(v)]),
  ...Object.entries(PROGRAMS).filter(([name]) => name.includes(" ")),
];

/** Minified and gzipped size of a one-call program per vendor, bundled for the browser by esbuild: what loads first, and every chunk. */
export async function bundles(): Promise<BundleRow[]> {
  const dir = await mkdtemp(join(resolve(import.meta.dirname, ".."), ".bundle-"));
  const rows: BundleRow[] = [];
  try {
    for (const [name, source] of programs()) {
      const entry = join(dir, "entry.mjs");
      await writeFile(entry, source);
      const bundle = async (plugins: Plugin[]) => {
        const result = await build({
          entryPoints: [entry],
          bundle: true,
          minify: true,
          write: false,
          format: "esm",
          platform: "browser",
          logLevel: "silent",
          external: ["node:*"],
          nodePaths: [resolve(import.meta.dirname, "../node_modules")],
          plugins,
        });
        return result.outputFiles[0]!.contents;
      };
      const code = await bundle([lazyChunksLeftOut]);
      rows.push({
        program: name,
        minifiedKb: Math.round(code.length / 102.4) / 10,
        gzipKb: Math.round(gzipSync(code).length / 102.4) / 10,
        everyChunkGzipKb: Math.round(gzipSync(await bundle([])).length / 102.4) / 10,
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
