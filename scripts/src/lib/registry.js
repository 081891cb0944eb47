// The vendors of a checkout, derived from what is there: every folder of specs/ with a
// sources.json whose package has src/vendor.ts. Plain JavaScript so that .size-limit.js reads it
// as the scripts do; `pnpm new-vendor` needs no list edited by hand.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The workspace packages that depend on every vendor (the CLI, the stand-ins, the demo, the
 * consumer test, the bench): each lists the vendor packages in its package.json and reads them
 * from there at run time, so `registerVendor` adding a dependency is the whole registration.
 */
export const VENDOR_CONSUMERS = ["packages/cli", "packages/stand-ins", "packages/demo", "packages/consumer-test", "bench"];

const pascalOf = (id) =>
  id
    .split("-")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

/** Every vendor of the checkout at `root`, sorted by id. */
export function vendorRegistry(root) {
  const specs = join(root, "specs");
  if (!existsSync(specs)) return [];
  return readdirSync(specs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((id) => existsSync(join(specs, id, "sources.json")) && existsSync(join(root, "packages", id, "src", "vendor.ts")))
    .sort()
    .map((id) => {
      const pascal = pascalOf(id);
      return { id, dir: `packages/${id}`, packageName: `@vendor-clients/${id}`, pascal, factory: `create${pascal}Client` };
    });
}

/** The packages of packages/* that are published (no "private": true), sorted by folder. */
export function publicPackages(root) {
  const packages = join(root, "packages");
  return readdirSync(packages)
    .filter((dir) => existsSync(join(packages, dir, "package.json")))
    .filter((dir) => !JSON.parse(readFileSync(join(packages, dir, "package.json"), "utf8")).private)
    .sort()
    .map((dir) => `packages/${dir}`);
}
