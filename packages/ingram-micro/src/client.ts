import { defineVendor, vendorFactory, type AuthenticatedClient, type Environment } from "@vendor-clients/auth";
import { restClient, type ExactClient } from "@vendor-clients/auth/rest";
import type { ClientHeader } from "./generated/resellers.endpoints.ts";
import type { paths } from "./generated/resellers.ts";
import { INGRAM_MICRO_RATE_LIMIT } from "./rate-limits.ts";
import { ingramMicroData, type IngramMicroOptions } from "./vendor.ts";

/** Ingram Micro's token responses say 30 days; the tokens stop working after 24 hours. */
export const INGRAM_MICRO_TOKEN_LIFETIME_MS = 24 * 3600_000;

export type IngramMicroClient = ExactClient<paths> & AuthenticatedClient;

/**
 * A typed client for the Ingram Micro Xvantage Integration (XI) Resellers API: every path,
 * parameter and response from the vendor's definition, with tokens, the IM-* headers (a fresh
 * IM-CorrelationID per request) and retries handled.
 */
export const createIngramMicroClient = vendorFactory(
  ingramMicroData,
  (options, vendor): IngramMicroClient =>
    restClient<paths>(
      vendor.core({
        auth: vendor.clientCredentials({}, { maxLifetimeMs: INGRAM_MICRO_TOKEN_LIFETIME_MS }),
        // Typed by the headers vendor.ts lists (generated): one it does not list fails type checking.
        headers: {
          static: {
            "IM-CustomerNumber": options.customerNumber,
            "IM-CountryCode": options.countryCode.toUpperCase(),
            ...(options.senderId ? { "IM-SenderID": options.senderId } : {}),
          } satisfies Partial<Record<ClientHeader, string>>,
          // Ingram Micro allows at most 32 characters: a UUID without its dashes.
          perRequest: { "IM-CorrelationID": () => crypto.randomUUID().replace(/-/g, "") } satisfies Partial<
            Record<ClientHeader, () => string>
          >,
        },
        rateLimit: INGRAM_MICRO_RATE_LIMIT,
      }),
    ),
);

/** Ingram Micro as data with its factory: the CLI, the demo and the stand-ins derive from it. */
export const ingramMicro = /* @__PURE__ */ defineVendor(ingramMicroData, createIngramMicroClient);

/** A client configured from INGRAM_MICRO_* environment variables; `overrides` win. */
export const fromEnv = (overrides?: Partial<IngramMicroOptions>, env?: Environment): IngramMicroClient =>
  ingramMicro.fromEnv(overrides, env);
