import {
  ConfigError,
  createClientCore,
  commonVariables,
  defineVendor,
  passwordGrant,
  type AuthenticatedClient,
  type CommonClientOptions,
  type Environment,
  type ExactClient,
} from "@vendor-clients/auth";
import createClient from "openapi-fetch";
import { ADVANCED_INVENTORY_RATE_LIMIT } from "./rate-limits.ts";
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
  // allowInsecureRequests: a server on plain http beyond loopback must be allowed by name (the
  // password would otherwise cross the network unencrypted).
  // fetch: for a server with a private CA, set NODE_EXTRA_CA_CERTS, or pass a fetch that trusts it.
}

export type AdvancedInventoryClient = ExactClient<paths> &
  AuthenticatedClient & {
    /** Revokes the session's token (and with it its refresh token) at the server. */
    close(options?: { signal?: AbortSignal }): Promise<void>;
  };

/** DSI's public calls need no token: no login happens for them. */
const isPublic = (request: Request) => new URL(request.url).pathname.includes("/api/v1/Public/");

/** A typed client for a DSI Advanced Inventory Web API Service: password grant, refresh, revoke on close. */
export function createAdvancedInventoryClient(options: AdvancedInventoryOptions): AdvancedInventoryClient {
  if (!options || typeof options !== "object") throw new ConfigError("options", "createAdvancedInventoryClient: options are required");
  if ((typeof options.baseUrl !== "string" || !options.baseUrl.trim()) && !((options.baseUrl as unknown) instanceof URL))
    throw new ConfigError(
      "baseUrl",
      'createAdvancedInventoryClient: option "baseUrl" is required: the address of your own Web API Service Agent, such as "https://inventory.example.com:8130"',
    );
  const base = String(options.baseUrl).replace(/\/+$/, "");
  const core = createClientCore({
    owner: "createAdvancedInventoryClient",
    options,
    baseUrl: base,
    tokens: (endpoint) =>
      passwordGrant({
        tokenUrl: options.tokenUrl ?? `${base}/oauth2/token`,
        revokeUrl: options.revokeUrl ?? `${base}/oauth2/revoke`,
        revokeTokenField: "access_token",
        // DSI documents `Basic base64(ClientID + ":")`: the id as it is, not form-encoded first.
        basicEncoding: "raw",
        clientId: options.clientId,
        username: options.username,
        password: options.password,
        ...(options.credentialsIn ? { credentialsIn: options.credentialsIn } : {}),
        ...endpoint,
      }),
    skipAuth: isPublic,
    rateLimit: { ...ADVANCED_INVENTORY_RATE_LIMIT, scope: `advanced-inventory|${options.clientId}` },
  });
  const { tokens, fetch, baseUrl } = core;
  return Object.assign(createClient<paths>(core.clientOptions) as ExactClient<paths>, {
    tokens,
    fetch,
    baseUrl,
    close: (closeOptions?: { signal?: AbortSignal }) => tokens.revokeCurrent(closeOptions),
  });
}

const common = commonVariables<AdvancedInventoryOptions>("DSI");

/** DSI Advanced Inventory as data: the variables its client reads and the factory (the CLI, the demo and `.env.example` derive from it). */
export const advancedInventory = defineVendor({
  id: "advanced-inventory",
  name: "DSI Advanced Inventory",
  portal: "your own server",
  variables: [
    {
      name: "DSI_BASE_URL",
      option: "baseUrl",
      required: true,
      description: "your Web API Service Agent",
      example: "https://localhost:8130",
    },
    { ...common.clientId, description: "the Client ID from Platform Manager" },
    { name: "DSI_USERNAME", option: "username", required: true, description: "your Advanced Inventory login id" },
    { name: "DSI_PASSWORD", option: "password", required: true, description: "its password" },
    { name: "DSI_CREDENTIALS_IN", option: "credentialsIn", description: "body | headers | both", example: "body" },
    common.tokenUrl,
    { name: "DSI_REVOKE_URL", option: "revokeUrl", description: "another revocation URL than <base>/oauth2/revoke" },
    {
      name: "DSI_ALLOW_INSECURE_REQUESTS",
      option: "allowInsecureRequests",
      description: "true only for a server on plain http beyond this machine: the password then crosses the network unencrypted",
    },
  ],
  optionsFrom: (values) => {
    const insecure = values.DSI_ALLOW_INSECURE_REQUESTS;
    if (insecure !== undefined && insecure !== "true" && insecure !== "false")
      throw new ConfigError(
        "DSI_ALLOW_INSECURE_REQUESTS",
        'DSI Advanced Inventory: environment variable DSI_ALLOW_INSECURE_REQUESTS must be "true" or "false"',
      );
    return {
      baseUrl: values.DSI_BASE_URL!,
      clientId: values.DSI_CLIENT_ID!,
      username: values.DSI_USERNAME!,
      password: values.DSI_PASSWORD!,
      ...(values.DSI_CREDENTIALS_IN ? { credentialsIn: values.DSI_CREDENTIALS_IN as AdvancedInventoryOptions["credentialsIn"] } : {}),
      ...(values.DSI_TOKEN_URL ? { tokenUrl: values.DSI_TOKEN_URL } : {}),
      ...(values.DSI_REVOKE_URL ? { revokeUrl: values.DSI_REVOKE_URL } : {}),
      ...(insecure ? { allowInsecureRequests: insecure === "true" } : {}),
    };
  },
  create: createAdvancedInventoryClient,
});

/** A client configured from DSI_* environment variables; `overrides` win. */
export const fromEnv: (overrides?: Partial<AdvancedInventoryOptions>, env?: Environment) => AdvancedInventoryClient =
  advancedInventory.fromEnv;
