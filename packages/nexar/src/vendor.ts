import type { AuthorizationCodeOptions, VendorClientOptions, VendorData } from "@vendor-clients/auth";

export const NEXAR_ENDPOINT = "https://api.nexar.com/graphql";
export const NEXAR_TOKEN_URL = "https://identity.nexar.com/connect/token";
export const NEXAR_AUTHORIZE_URL = "https://identity.nexar.com/connect/authorize";
export const NEXAR_SUPPLY_SCOPES = ["supply.domain"] as const;
export const NEXAR_DESIGN_SCOPES = ["openid", "design.domain", "user.access", "offline_access"] as const;

export interface NexarOptions extends VendorClientOptions {
  /**
   * The app's client secret: both flows send it to the token endpoint (Nexar's "Setting up
   * Authorization in Banana Cake Pop" lists Client ID and Client Secret for design applications'
   * authorization code flow too). Required for both flows.
   */
  clientSecret?: string;
  /** "client-credentials" (default): supply data. "authorization-code": design data with a user's login (PKCE). */
  flow?: "client-credentials" | "authorization-code";
  /** Default: supply.domain, or openid design.domain user.access offline_access for the design flow. */
  scopes?: readonly string[];
  /** The GraphQL endpoint (default https://api.nexar.com/graphql): `baseUrl` as for every vendor client. */
  baseUrl?: string;
  authorizeUrl?: string;
  /**
   * Design flow: how the user logs in. Default: a loopback login on 127.0.0.1 that prints the
   * authorize URL (open it in a browser). Nexar apps register their redirect URI: pass
   * `loginPort`/`loginPath`/`loginHostname` to match it (e.g. 3000, "/login", "localhost").
   */
  login?: AuthorizationCodeOptions["login"];
  loginPort?: number;
  loginPath?: string;
  loginHostname?: string;
  /**
   * Origins besides nexar.com hosts (and this client's own) that design calls may be routed to
   * with the user's login: a workspace's `location.apiServiceUrl` (`client.at(url)`). Stand-ins, proxies.
   */
  apiServiceOrigins?: readonly string[];
  // store: Nexar tokens live 24 h; keep them in a file store (`fileTokenStore()` from
  // @vendor-clients/auth/node) so the next run reuses them.
}

/** Nexar as data: the CLI, the demo, the stand-ins and `.env.example` derive from it. */
export const nexarData: VendorData<NexarOptions> = {
  id: "nexar",
  name: "Nexar",
  portal: "portal.nexar.com",
  baseUrls: { production: NEXAR_ENDPOINT },
  tokenUrl: NEXAR_TOKEN_URL,
  options: {
    // Both flows: Nexar's design apps exchange the code with the client id AND secret (see clientSecret).
    clientSecret: {
      description: "the app's client secret (supply data and design login alike)",
      required: () => true,
    },
    baseUrl: { description: "another GraphQL endpoint (a proxy, a local stand-in)", variable: "ENDPOINT" },
    flow: {
      description: "client-credentials (supply data) | authorization-code (design data)",
      oneOf: ["client-credentials", "authorization-code"],
      variable: false,
    },
    authorizeUrl: { description: "another authorize URL", type: "url", variable: false },
    scopes: { description: "other scopes than the flow's", type: "list", variable: false },
    login: { description: "how the user logs in (design flow)", type: "function", variable: false },
    loginPort: { description: "the loopback login's port (the app's redirect URI)", type: "value", variable: false },
    loginPath: { description: "the loopback login's path", variable: false },
    loginHostname: { description: "the loopback login's host name", variable: false },
    apiServiceOrigins: { description: "more origins design calls may go to with the login", type: "list", variable: false },
  },
};
