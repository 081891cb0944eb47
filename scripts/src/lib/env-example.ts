import { join } from "node:path";
import { vendorRegistry } from "./registry.js";
import { loadVendorData } from "./vendor-data.ts";

/** The repository's `.env.example`: every variable the vendors' clients read. */
export const envExampleFile = (root: string) => join(root, ".env.example");

/**
 * `.env.example` as `pnpm env-example` writes it, from each vendor's data (packages/<vendor>/src/vendor.ts,
 * read as it is: no vendor package needs building), so that new-vendor can bring it up to date.
 * Needs @vendor-clients/auth built (its defineVendor derives the variables).
 */
export async function envExampleText(root: string): Promise<string> {
  const { defineVendor, envExample } = await import("@vendor-clients/auth");
  const vendors = [];
  for (const { id } of vendorRegistry(root)) {
    const [, data] = await loadVendorData(root, id, "its variables");
    vendors.push(defineVendor(data as never, () => undefined));
  }
  return envExample(vendors);
}
