import { advancedInventory } from "@vendor-clients/advanced-inventory";
import { avionte } from "@vendor-clients/avionte";
import { avnet } from "@vendor-clients/avnet";
import { ingramMicro } from "@vendor-clients/ingram-micro";
import { nexar } from "@vendor-clients/nexar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandIns, type StandIns } from "./index.ts";

let standIns: StandIns;
beforeAll(async () => {
  standIns = await startStandIns();
}, 90_000);
afterAll(() => standIns?.stop());

describe("stand-ins", () => {
  it("configure every vendor's fromEnv(): each client is made from the env alone and reaches its stand-in", async () => {
    for (const vendor of [ingramMicro, avnet, avionte, advancedInventory, nexar]) {
      for (const name of vendor.requiredVariables) expect(standIns.env, `${vendor.name}: ${name}`).toHaveProperty(name);
      const client = vendor.fromEnv({}, standIns.env) as unknown as { baseUrl: string; tokens: { getToken(): Promise<{ value: string }> } };
      expect(client.baseUrl).toBe(standIns.urls[vendor.id]);
      expect((await client.tokens.getToken()).value).toMatch(/\S/);
    }
  });

  it("name only variables the vendors read, and write both keys of Avnet's pair", () => {
    const known = new Set(
      [ingramMicro, avnet, avionte, advancedInventory, nexar].flatMap((v) => v.variables.map((variable) => variable.name)),
    );
    expect(Object.keys(standIns.env).filter((name) => !known.has(name))).toEqual([]);
    expect(standIns.env).toMatchObject({
      AVNET_SUBSCRIPTION_KEY: "demo-primary-key",
      AVNET_SUBSCRIPTION_KEY_SECONDARY: "demo-secondary-key",
    });
  });

  it("refuse a vendor they have no stand-in for, naming the ones they have", async () => {
    await expect(startStandIns({ vendors: ["acme"] })).rejects.toThrow("no stand-in for acme; one of: ingram-micro, avnet");
  });
});
