import type { VendorClientOptions, VendorData } from "@vendor-clients/auth";

export interface AdvancedInventoryOptions extends VendorClientOptions {
  /** Your Web API Service Agent, e.g. `https://inventory.example.com:8130` (self-hosted: there is no default). */
  baseUrl: string;
  /**
   * The Client ID from Platform Manager (Admin → Configuration → Security Settings → Web API Agent).
   * Changing it there disconnects every client still using the old one (../shared/facts/dsi.md).
   */
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

/** DSI Advanced Inventory as data: the CLI, the demo, the stand-ins, `.env.example` and codegen derive from it. */
export const advancedInventoryData: VendorData<AdvancedInventoryOptions> = {
  id: "advanced-inventory",
  name: "DSI Advanced Inventory",
  portal: "your own server",
  envPrefix: "DSI",
  // Self-hosted: no base URL of its own, and the token and revoke URLs hang off the one given; no headers of its own.
  common: ["baseUrl", "clientId", "tokenUrl"],
  options: {
    baseUrl: {
      description: "the address of your own Web API Service Agent, such as https://inventory.example.com:8130",
      required: true,
      example: "https://localhost:8130",
    },
    clientId: { description: "the Client ID from Platform Manager" },
    username: { description: "your Advanced Inventory login id", required: true },
    password: { description: "the password of that login", required: true, secret: true },
    credentialsIn: { description: "body | headers | both", oneOf: ["body", "headers", "both"], example: "body" },
    revokeUrl: { description: "another revocation URL than <base>/oauth2/revoke", type: "url" },
    allowInsecureRequests: {
      description: "true only for a server on plain http beyond this machine: the password then crosses the network unencrypted",
      type: "boolean",
    },
  },
};
