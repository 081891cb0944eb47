import * as dsi from "@vendor-clients/advanced-inventory";
import { ApiError, type Environment } from "@vendor-clients/auth";
import * as avionte from "@vendor-clients/avionte";
import * as avnet from "@vendor-clients/avnet";
import * as ingram from "@vendor-clients/ingram-micro";
import * as nexar from "@vendor-clients/nexar";
import { VENDORS } from "@vendor-clients/stand-ins";

export interface VendorCall {
  vendor: string;
  call: string;
  /** Environment variables the call needs; a live run skips a vendor that lacks any. */
  needs: readonly string[];
  /** Runs the call through the package's public API and returns one line about the result. */
  run(env: Environment): Promise<string>;
}

const fail = (result: { error?: unknown; response: Response }, method: string): never => {
  throw ApiError.from(result.response, result.error, { method });
};

const clip = (text: unknown, width = 48) => {
  const s = String(text ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
};

/** One typed call per vendor, the same whether against the stand-ins or the real APIs. */
export const typedCalls: VendorCall[] = [
  {
    vendor: ingram.ingramMicro.name,
    call: "GET /resellers/v6/catalog",
    needs: ingram.ingramMicro.requiredVariables,
    async run(env) {
      const client = ingram.fromEnv({}, env);
      const result = await client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5, keyword: ["laptop"] } } });
      if (!result.data) return fail(result, "GET");
      const first = result.data.catalog?.[0];
      const count = result.data.catalog?.length ?? 0;
      return `${count} product${count === 1 ? "" : "s"} on page 1; first: ${first ? `${clip(first.ingramPartNumber, 16)} ${clip(first.description, 32)}` : "none"}`;
    },
  },
  {
    vendor: avnet.avnet.name,
    call: "getPrices LM358 ×10",
    needs: avnet.avnet.requiredVariables,
    async run(env) {
      const [line] = await avnet.getPrices(avnet.fromEnv({}, env), [{ mpn: "LM358", quantity: 10 }]);
      const offer = line?.offers[0];
      return `${line?.offers.length ?? 0} offers; ${offer ? `${offer.quotedPartNumber} at ${offer.price} ${offer.currency}` : "none"}`;
    },
  },
  {
    vendor: avionte.avionte.name,
    call: "GET /talents/ids/1/5",
    needs: avionte.avionte.requiredVariables,
    async run(env) {
      const client = avionte.fromEnv({}, env);
      const result = await client.GET("/talents/ids/{page}/{pageSize}", { params: { path: { page: 1, pageSize: 5 } } });
      if (!result.data) return fail(result, "GET");
      return `talent ids: ${result.data.join(", ") || "none"}`;
    },
  },
  {
    vendor: dsi.advancedInventory.name,
    call: "login, GET PingUTC, revoke",
    needs: dsi.advancedInventory.requiredVariables,
    async run(env) {
      const client = dsi.fromEnv({}, env);
      const token = await client.tokens.getToken();
      const result = await client.GET("/api/v1/Public/PingUTC");
      await client.close();
      if (result.data === undefined) return fail(result, "GET");
      return `server time ${clip(result.data, 30)}; token ${token.refreshToken ? "with" : "without"} refresh token, revoked`;
    },
  },
  {
    vendor: nexar.nexar.name,
    call: "supSearchMpn LM358",
    needs: nexar.nexar.requiredVariables,
    async run(env) {
      const result = await nexar.searchMpn(nexar.fromEnv({}, env), "LM358", { limit: 3 });
      const part = result.results?.[0]?.part;
      return `${result.hits} hits; first: ${part ? `${clip(part.mpn, 20)} by ${clip(part.manufacturer.name, 20)}, ${part.sellers.length} sellers` : "none"}`;
    },
  },
];

/**
 * A vendor with no typed call here yet (one `pnpm new-vendor` added): its client made from the
 * environment, and its token fetched where it has one, so that the demo shows the vendor works.
 */
export const configurationCall = (vendor: (typeof VENDORS)[number]): VendorCall => ({
  vendor: vendor.name,
  call: "fromEnv, token",
  needs: vendor.requiredVariables,
  async run(env) {
    const client = vendor.fromEnv({}, env) as {
      tokens?: { renewable: boolean; getToken(): Promise<{ expiresAt?: number }> };
      close?: () => Promise<void>;
    };
    try {
      if (!client.tokens) return "client configured (API key; no token); add a typed call in packages/demo/src/calls.ts";
      // A token the user brings (tokenAuth) is configured, not issued: no token endpoint was asked.
      if (!client.tokens.renewable) return "client configured (your token; none issued); add a typed call in packages/demo/src/calls.ts";
      await client.tokens.getToken();
      return "token issued; add a typed call in packages/demo/src/calls.ts";
    } finally {
      await client.close?.();
    }
  },
});

/** Every vendor's call: the typed ones, then one for each vendor that has none yet. */
export const calls: VendorCall[] = [
  ...typedCalls,
  ...VENDORS.filter((vendor) => !typedCalls.some((call) => call.vendor === vendor.name)).map(configurationCall),
];
