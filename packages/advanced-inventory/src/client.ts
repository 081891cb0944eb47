import {
  ConfigError,
  TokenCache,
  cacheOptionsOf,
  endpointOptionsOf,
  fetchOptionsOf,
  passwordGrant,
  processEnvironment,
  rateLimitOptionsOf,
  readEnvironment,
  vendorFetch,
  type AuthenticatedClient,
  type CommonClientOptions,
  type Environment,
} from "@vendor-clients/auth";
import { ADVANCED_INVENTORY_RATE_LIMIT } from "./rate-limits.ts";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./generated/web-api.ts";

export interface AdvancedInventoryOptions extends CommonClientOptions {
  /** Your Web API Service Agent, e.g. `https://inventory.example.com:8130` (self-hosted: there is no default). */
  baseUrl: string;
  /** The Client ID from Platform Manager (Admin → Configuration → Security Settings → Web API Agent). */
  clientId: string;
  /** Advanced Inventory login id and password. */
  username: string;
  password: string;
  /** Where grant_type, username and password go: form body (default), HTTP headers (as the DSI guide words it), or both. */
  credentialsIn?: "body" | "headers" | "both";
  /** Default `${baseUrl}/oauth2/token`. */
  tokenUrl?: string;
  /** Default `${baseUrl}/oauth2/revoke`. */
  revokeUrl?: string;
  // store: DSI rotates the refresh token on every refresh; a file store keeps the newest one
  // across restarts, so a restarted program refreshes instead of logging in again.
  // fetch: for a server with a private CA, set NODE_EXTRA_CA_CERTS, or pass a fetch that trusts it.
}

export type AdvancedInventoryClient = Client<paths> &
  AuthenticatedClient & {
  /** Revokes the session's token (and with it its refresh token) at the server. */
  close(options?: { signal?: AbortSignal }): Promise<void>;
};

/** DSI's public calls need no token: no login happens for them. */
const isPublic = (request: Request) => new URL(request.url).pathname.includes("/api/v1/Public/");

/** A typed client for a DSI Advanced Inventory Web API Service: password grant, refresh, revoke on close. */
export function createAdvancedInventoryClient(options: AdvancedInventoryOptions): AdvancedInventoryClient {
  if (!options || typeof options !== "object") throw new ConfigError("options", "createAdvancedInventoryClient: options are required");
  let base: URL;
  try {
    base = new URL(options.baseUrl);
    if (base.protocol !== "https:" && base.protocol !== "http:") throw new Error("protocol");
  } catch {
    throw new ConfigError(
      "baseUrl",
      `createAdvancedInventoryClient: option "baseUrl" is required: the address of your own Web API Service Agent, such as "https://inventory.example.com:8130"; got ${JSON.stringify(options.baseUrl)}`,
    );
  }
  const baseUrl = base.href.replace(/\/+$/, "");
  const source = passwordGrant({
    tokenUrl: options.tokenUrl ?? `${baseUrl}/oauth2/token`,
    revokeUrl: options.revokeUrl ?? `${baseUrl}/oauth2/revoke`,
    revokeTokenField: "access_token",
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    ...(options.credentialsIn ? { credentialsIn: options.credentialsIn } : {}),
    ...endpointOptionsOf(options),
  });
  const tokens = new TokenCache(source, cacheOptionsOf(options));
  const fetch = vendorFetch({
    tokens,
    skipAuth: isPublic,
    rateLimit: rateLimitOptionsOf({ ...ADVANCED_INVENTORY_RATE_LIMIT, scope: `advanced-inventory|${options.clientId}` }, options.rateLimit),
    ...fetchOptionsOf(options),
  });
  return Object.assign(createClient<paths>({ baseUrl, fetch }), {
    tokens,
    fetch,
    baseUrl,
    close: (closeOptions?: { signal?: AbortSignal }) => tokens.revokeCurrent(closeOptions),
  });
}

/**
 * DSI_BASE_URL, DSI_CLIENT_ID, DSI_USERNAME, DSI_PASSWORD (required); DSI_CREDENTIALS_IN
 * (body | headers | both), DSI_TOKEN_URL, DSI_REVOKE_URL (optional).
 */
export const ADVANCED_INVENTORY_ENV = {
  baseUrl: "DSI_BASE_URL",
  clientId: "DSI_CLIENT_ID",
  username: "DSI_USERNAME",
  password: "DSI_PASSWORD",
  credentialsIn: "DSI_CREDENTIALS_IN",
  tokenUrl: "DSI_TOKEN_URL",
  revokeUrl: "DSI_REVOKE_URL",
} as const;

/** A client configured from DSI_* environment variables; `overrides` win. */
export function fromEnv(overrides: Partial<AdvancedInventoryOptions> = {}, env: Environment = processEnvironment()): AdvancedInventoryClient {
  const values = readEnvironment("DSI Advanced Inventory", ADVANCED_INVENTORY_ENV, ["baseUrl", "clientId", "username", "password"], env);
  return createAdvancedInventoryClient({ ...values, ...overrides } as AdvancedInventoryOptions);
}
