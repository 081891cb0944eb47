import { defineVendor, vendorFactory, uuid, type AuthenticatedClient, type Environment } from "@vendor-clients/auth";
import { restClient, type ExactClient } from "@vendor-clients/auth/rest";
import type { ClientHeader } from "./generated/front-office.endpoints.ts";
import type { paths } from "./generated/front-office.ts";
import { AVIONTE_RATE_LIMIT } from "./rate-limits.ts";
import { AVIONTE_SCOPE, avionteData, type AvionteOptions } from "./vendor.ts";

export type AvionteClient = ExactClient<paths> & AuthenticatedClient;

/**
 * A typed client for Avionté's BOLD Front Office API: client-credentials token (with the API
 * key), and `x-api-key`, the tenant header and a fresh `RequestId` on every call.
 */
export const createAvionteClient = vendorFactory(avionteData, (options, vendor): AvionteClient => {
  const { tenant, frontOfficeTenantId } = options;
  return restClient<paths>(
    vendor.core({
      auth: vendor.clientCredentials({ scopes: options.scope ?? AVIONTE_SCOPE, headers: { "x-api-key": options.apiKey } }),
      // Header names typed by those vendor.ts lists (generated): one it does not list fails type checking.
      apiKey: { name: "x-api-key" satisfies ClientHeader, keys: options.apiKey, option: "apiKey" },
      headers: {
        static: {
          ...(frontOfficeTenantId !== undefined ? { FrontOfficeTenantId: String(frontOfficeTenantId) } : {}),
          ...(tenant !== undefined ? { Tenant: tenant } : {}),
        } satisfies Partial<Record<ClientHeader, string>>,
        perRequest: { RequestId: uuid } satisfies Partial<Record<ClientHeader, () => string>>,
      },
      // Limits are per tenant.
      rateLimit: { ...AVIONTE_RATE_LIMIT, scope: `avionte|${options.clientId}|${tenant ?? frontOfficeTenantId}` },
    }),
  );
});

/** Avionté as data with its factory: the CLI, the demo and the stand-ins derive from it. */
export const avionte = /* @__PURE__ */ defineVendor(avionteData, createAvionteClient);

/** A client configured from AVIONTE_* environment variables; `overrides` win. */
export const fromEnv = (overrides?: Partial<AvionteOptions>, env?: Environment): AvionteClient => avionte.fromEnv(overrides, env);
