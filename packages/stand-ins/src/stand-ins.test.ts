import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { memoryTokenStore, type Vendor } from "@vendor-clients/auth";
import { startStandIns, STAND_IN_VENDORS, type StandIns } from "./index.ts";

const root = resolve(import.meta.dirname, "../../..");
const { vendorRegistry } = await import(resolve(root, "scripts/src/lib/registry.js"));
/** Every vendor of the checkout, from its own package. */
const VENDORS: Vendor<unknown, unknown>[] = await Promise.all(
  vendorRegistry(root).map(async ({ packageName, id }: { packageName: string; id: string }) =>
    Object.values(await import(packageName)).find((value: any) => value?.id === id && typeof value.toEnv === "function"),
  ),
);

let standIns: StandIns;
beforeAll(async () => {
  standIns = await startStandIns();
}, 90_000);
afterAll(() => standIns?.stop());

describe("stand-ins", () => {
  it("configure every vendor's fromEnv(): each client is made from the env alone and reaches its stand-in", async () => {
    expect(STAND_IN_VENDORS).toEqual(vendorRegistry(root).map((v: { id: string }) => v.id));
    for (const vendor of VENDORS) {
      for (const name of vendor.requiredVariables) expect(standIns.env, `${vendor.name}: ${name}`).toHaveProperty(name);
      const client = vendor.fromEnv({}, standIns.env) as unknown as { baseUrl: string; tokens: { getToken(): Promise<{ value: string }> } };
      expect(client.baseUrl).toBe(standIns.urls[vendor.id]);
      expect((await client.tokens.getToken()).value).toMatch(/\S/);
    }
  });

  it("name only variables the vendors read, and write both keys of Avnet's pair", () => {
    const known = new Set(VENDORS.flatMap((v) => v.variables.map((variable) => variable.name)));
    expect(Object.keys(standIns.env).filter((name) => !known.has(name))).toEqual([]);
    expect(standIns.env).toMatchObject({
      AVNET_SUBSCRIPTION_KEY: "demo-primary-key",
      AVNET_SUBSCRIPTION_KEY_SECONDARY: "demo-secondary-key",
    });
  });

  it("refuse a wrong client secret, password or scope as the vendors' servers do", async () => {
    const tokenOf = (vendor: Vendor<unknown, unknown>, env: Record<string, string | undefined>) =>
      // A store of its own: a token the first test cached for the right secret must not answer for a wrong one.
      (
        vendor.fromEnv({ store: memoryTokenStore() } as never, env) as unknown as { tokens: { getToken(): Promise<unknown> } }
      ).tokens.getToken();
    const byId = (id: string) => VENDORS.find((v) => v.id === id)!;
    await expect(tokenOf(byId("ingram-micro"), { ...standIns.env, INGRAM_MICRO_CLIENT_SECRET: "wrong" })).rejects.toThrow(/invalid_client/);
    await expect(tokenOf(byId("nexar"), { ...standIns.env, NEXAR_CLIENT_ID: "someone-else" })).rejects.toThrow(/invalid_client/);
    await expect(tokenOf(byId("advanced-inventory"), { ...standIns.env, DSI_PASSWORD: "wrong" })).rejects.toThrow(/invalid_grant/);
    await expect(tokenOf(byId("avnet"), { ...standIns.env, AVNET_SCOPE: "api://other/.default" })).rejects.toThrow(/invalid_scope/);
    // The right ones still get their token.
    await expect(tokenOf(byId("ingram-micro"), standIns.env)).resolves.toBeDefined();
  });

  it("refuse a vendor they have no stand-in for, naming the ones they have", async () => {
    await expect(startStandIns({ vendors: ["acme"] })).rejects.toThrow(`no stand-in for acme; one of: ${STAND_IN_VENDORS.join(", ")}`);
  });
});
