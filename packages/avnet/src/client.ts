import { defineVendor, vendorFactory, type AuthenticatedClient, type Environment } from "@vendor-clients/auth";
import { restClient, type ExactClient } from "@vendor-clients/auth/rest";
import type { ClientHeader } from "./generated/apim.endpoints.ts";
import type { paths } from "./generated/apim.ts";
import { AVNET_RATE_LIMIT } from "./rate-limits.ts";
import { avnetData, type AvnetOptions } from "./vendor.ts";

export type AvnetClient = ExactClient<paths> & AuthenticatedClient;

/** A typed client for Avnet's APIs behind Azure API Management: bearer token plus subscription key on every call. */
export const createAvnetClient = vendorFactory(avnetData, (options, vendor): AvnetClient => {
  const keyIn = options.subscriptionKeyIn ?? "header";
  return restClient<paths>(
    vendor.core({
      // A secret pair is tried in turn: Avnet accepts either during a rotation.
      auth: vendor.clientCredentials({ scopes: options.scope }),
      apiKey: {
        // The header is the one vendor.ts lists (typed by the generated endpoints module).
        name: keyIn === "header" ? ("Ocp-Apim-Subscription-Key" satisfies ClientHeader) : "subscription-key",
        in: keyIn,
        keys: (typeof options.subscriptionKey === "string" ? [options.subscriptionKey] : options.subscriptionKey) as [string, string?],
        option: "subscriptionKey",
      },
      rateLimit: AVNET_RATE_LIMIT,
    }),
  );
});

/** Avnet as data with its factory: the CLI, the demo and the stand-ins derive from it. */
export const avnet = /* @__PURE__ */ defineVendor(avnetData, createAvnetClient);

/** A client configured from AVNET_* environment variables; `overrides` win. */
export const fromEnv = (overrides?: Partial<AvnetOptions>, env?: Environment): AvnetClient => avnet.fromEnv(overrides, env);
