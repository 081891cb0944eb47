import { defineVendor, vendorFactory, oauth, passwordGrant, type AuthenticatedClient, type Environment } from "@vendor-clients/auth";
import { restClient, type ExactClient } from "@vendor-clients/auth/rest";
import type { paths } from "./generated/web-api.ts";
import { ADVANCED_INVENTORY_RATE_LIMIT } from "./rate-limits.ts";
import { advancedInventoryData, type AdvancedInventoryOptions } from "./vendor.ts";

export type AdvancedInventoryClient = ExactClient<paths> &
  AuthenticatedClient & {
    /** Revokes the session's token (and with it its refresh token) at the server. */
    close(options?: { signal?: AbortSignal }): Promise<void>;
  };

/** DSI's public calls need no token: no login happens for them. */
const isPublic = (request: Request) => new URL(request.url).pathname.includes("/api/v1/Public/");

/** A typed client for a DSI Advanced Inventory Web API Service: password grant, refresh, revoke on close. */
export const createAdvancedInventoryClient = vendorFactory(advancedInventoryData, (options, vendor): AdvancedInventoryClient => {
  const base = String(options.baseUrl).replace(/\/+$/, "");
  const client = restClient<paths>(
    vendor.core({
      baseUrl: base,
      auth: oauth(
        passwordGrant,
        {
          tokenUrl: options.tokenUrl ?? `${base}/oauth2/token`,
          revokeUrl: options.revokeUrl ?? `${base}/oauth2/revoke`,
          revokeTokenField: "access_token",
          // DSI documents `Basic base64(ClientID + ":")`: the id as it is, not form-encoded first.
          basicEncoding: "raw",
          clientId: options.clientId,
          username: options.username,
          password: options.password,
          ...(options.credentialsIn ? { credentialsIn: options.credentialsIn } : {}),
        },
        { skip: isPublic },
      ),
      rateLimit: ADVANCED_INVENTORY_RATE_LIMIT,
    }),
  );
  return Object.assign(client, { close: (closeOptions?: { signal?: AbortSignal }) => client.tokens.revokeCurrent(closeOptions) });
});

/** DSI Advanced Inventory as data with its factory: the CLI, the demo and the stand-ins derive from it. */
export const advancedInventory = /* @__PURE__ */ defineVendor(advancedInventoryData, createAdvancedInventoryClient);

/** A client configured from DSI_* environment variables; `overrides` win. */
export const fromEnv = (overrides?: Partial<AdvancedInventoryOptions>, env?: Environment): AdvancedInventoryClient =>
  advancedInventory.fromEnv(overrides, env);
