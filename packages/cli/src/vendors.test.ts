import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { findVendor, suggestVendor, unknownVendor, VENDORS, vendorList } from "./vendors.ts";

const root = resolve(import.meta.dirname, "../../..");
const { vendorRegistry } = await import(resolve(root, "scripts/src/lib/registry.js"));

describe("the CLI's vendors", () => {
  it("are the checkout's vendors (the registry), each from its own package", () => {
    expect(VENDORS.map((v) => v.id)).toEqual(vendorRegistry(root).map((v: { id: string }) => v.id));
    const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, "../package.json"), "utf8"));
    for (const vendor of VENDORS) expect(manifest.dependencies).toHaveProperty(`@vendor-clients/${vendor.id}`);
  });

  it("lists each alias beside its own vendor, and finds a vendor by id or alias in any case", () => {
    expect(vendorList).toContain("advanced-inventory (alias dsi)");
    expect(vendorList).toContain("ingram-micro (aliases ingram, im)");
    expect(vendorList).not.toMatch(/nexar \(alias/);
    expect(findVendor("DSI")?.id).toBe("advanced-inventory");
    expect(findVendor("im")?.id).toBe("ingram-micro");
    expect(findVendor("digikey")).toBeUndefined();
  });

  it("suggests the closest vendor for a typo, none for a name far from all", () => {
    expect(suggestVendor("avnett")).toBe("avnet");
    expect(suggestVendor("avionté")).toBe("avionte");
    expect(suggestVendor("ingram-mirco")).toBe("ingram-micro");
    expect(suggestVendor("advanced")).toBe("advanced-inventory");
    expect(suggestVendor("digikey")).toBeUndefined();
    expect(unknownVendor("nexr")).toMatch(/^unknown vendor "nexr"; did you mean nexar\? One of: /);
    expect(unknownVendor(undefined)).toMatch(/^missing <vendor>; one of: /);
  });
});
