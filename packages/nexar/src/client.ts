import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  ConfigError,
  VendorClientsError,
  authorizationCode,
  clientCredentials,
  createClientCore,
  graphqlThrottlingAs429,
  commonVariables,
  defineVendor,
  sanitizeError,
  type AuthorizationCodeOptions,
  type CommonClientOptions,
  type EndpointOptions,
  type Environment,
  type TokenCache,
} from "@vendor-clients/auth";
import { NEXAR_RATE_LIMIT, NEXAR_TOKEN_RATE_LIMIT } from "./rate-limits.ts";
import { ClientError, GraphQLClient } from "graphql-request";
import { graphqlAuthErrorsAsUnauthorized } from "./auth-errors.ts";
import { NexarGraphQLError, toErrorDetails, type NexarErrorDetail } from "./errors.ts";

export const NEXAR_ENDPOINT = "https://api.nexar.com/graphql";
export const NEXAR_TOKEN_URL = "https://identity.nexar.com/connect/token";
export const NEXAR_AUTHORIZE_URL = "https://identity.nexar.com/connect/authorize";
export const NEXAR_SUPPLY_SCOPES = ["supply.domain"] as const;
export const NEXAR_DESIGN_SCOPES = ["openid", "design.domain", "user.access", "offline_access"] as const;

export interface NexarOptions extends CommonClientOptions {
  clientId: string;
  /** Required for supply data (client credentials); not used by the design (user login) flow. */
  clientSecret?: string;
  /** "client-credentials" (default): supply data. "authorization-code": design data with a user's login (PKCE). */
  flow?: "client-credentials" | "authorization-code";
  /** Default: supply.domain, or openid design.domain user.access offline_access for the design flow. */
  scopes?: readonly string[];
  endpoint?: string;
  tokenUrl?: string;
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
  // store: Nexar tokens live 24 h; keep them in a file store (`fileTokenStore()` from
  // @vendor-clients/auth/node) so the next run reuses them.
}

export interface NexarResult<TData> {
  /** null when nothing could be answered. */
  data: TData | null;
  errors: NexarErrorDetail[];
}

export interface NexarClient {
  /** Runs any typed document (yours or the package's); GraphQL errors throw a NexarGraphQLError carrying the partial data. */
  request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    ...variables: Record<string, never> extends TVariables ? [TVariables?] : [TVariables]
  ): Promise<TData>;
  /** Like request, but returns partial data and errors side by side instead of throwing for GraphQL errors. */
  requestWithErrors<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    ...variables: Record<string, never> extends TVariables ? [TVariables?] : [TVariables]
  ): Promise<NexarResult<TData>>;
  readonly tokens: TokenCache;
  readonly fetch: typeof globalThis.fetch;
  /** The GraphQL endpoint (the same as `endpoint`: every vendor client names where it points `baseUrl`). */
  readonly baseUrl: string;
  readonly endpoint: string;
}

const OWNER = "createNexarClient";

const operationNameOf = (document: TypedDocumentNode<unknown, any>) =>
  (document.definitions.find((d) => d.kind === "OperationDefinition") as { name?: { value: string } } | undefined)?.name?.value;

/**
 * A typed GraphQL client for Nexar (supply data by client credentials, design data by a user's
 * login), on graphql-request with the shared auth pipeline as its fetch.
 */
export function createNexarClient(options: NexarOptions): NexarClient {
  if (!options || typeof options !== "object") throw new ConfigError("options", `${OWNER}: options are required`);
  const flow = options.flow ?? "client-credentials";
  if (flow !== "client-credentials" && flow !== "authorization-code")
    throw new ConfigError(
      "flow",
      `${OWNER}: option "flow" must be "client-credentials" or "authorization-code"; got ${JSON.stringify(options.flow)}`,
    );
  const source = (shared: EndpointOptions) =>
    flow === "client-credentials"
      ? clientCredentials({
          tokenUrl: options.tokenUrl ?? NEXAR_TOKEN_URL,
          clientId: options.clientId,
          clientSecret: options.clientSecret as string,
          scopes: options.scopes ?? NEXAR_SUPPLY_SCOPES,
          ...shared,
        })
      : authorizationCode({
          authorizeUrl: options.authorizeUrl ?? NEXAR_AUTHORIZE_URL,
          tokenUrl: options.tokenUrl ?? NEXAR_TOKEN_URL,
          clientId: options.clientId,
          ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
          scopes: options.scopes ?? NEXAR_DESIGN_SCOPES,
          login:
            options.login ??
            (async (s, loginOptions) => {
              // Node-only (a local HTTP server): loaded when a login is actually needed.
              const { loopbackLogin } = await import("@vendor-clients/auth/node");
              return loopbackLogin(s, {
                ...loginOptions,
                ...(options.loginPort !== undefined ? { port: options.loginPort } : {}),
                ...(options.loginPath !== undefined ? { path: options.loginPath } : {}),
                ...(options.loginHostname !== undefined ? { hostname: options.loginHostname } : {}),
              });
            }),
          ...shared,
        });
  const core = createClientCore({
    owner: OWNER,
    options,
    baseUrl: options.endpoint ?? NEXAR_ENDPOINT,
    tokens: source,
    vendorSteps: [graphqlAuthErrorsAsUnauthorized, graphqlThrottlingAs429],
    rateLimit: { ...NEXAR_RATE_LIMIT, scope: `nexar|${options.clientId}` },
    tokenRateLimit: { ...NEXAR_TOKEN_RATE_LIMIT, scope: `nexar|${options.clientId}` },
  });
  const { tokens, fetch, secrets } = core;
  const endpoint = core.baseUrl;
  const graphql = new GraphQLClient(endpoint, { fetch, errorPolicy: "none" });

  async function run<TData>(
    document: TypedDocumentNode<TData, any>,
    variables: Record<string, unknown> | undefined,
  ): Promise<NexarResult<TData> & { status: number }> {
    try {
      return { data: await graphql.request<TData>(document, variables as never), errors: [], status: 200 };
    } catch (error) {
      if (error instanceof VendorClientsError) throw error;
      if (!(error instanceof ClientError))
        // graphql-request's own complaint about the body quotes it: say what it is instead.
        throw sanitizeError(
          new VendorClientsError(
            `Nexar: the server sent a body that is not a GraphQL result (${error instanceof Error ? error.name : typeof error})`,
            { cause: error },
          ),
          secrets,
        );
      const { response } = error;
      // A server's errors may echo what it was sent: their messages, codes and paths are scrubbed.
      const errors = toErrorDetails(response.errors).map((e) => ({
        ...e,
        message: secrets.scrub(e.message),
        ...(e.code !== undefined ? { code: secrets.scrub(e.code) } : {}),
        ...(e.path ? { path: e.path.map((part) => (typeof part === "string" ? secrets.scrub(part) : part)) } : {}),
      }));
      if (!errors.length) errors.push({ message: `HTTP ${response.status}` });
      return { data: (response.data as TData | undefined) ?? null, errors, status: response.status };
    }
  }

  return {
    tokens,
    fetch,
    endpoint,
    baseUrl: endpoint,
    async requestWithErrors(document, ...[variables]) {
      const { data, errors } = await run(document, variables);
      return { data, errors };
    },
    async request(document, ...[variables]) {
      const result = await run(document, variables);
      if (!result.errors.length) return result.data as never;
      const name = operationNameOf(document);
      const first = result.errors[0]!;
      const where = first.path ? ` at ${first.path.join(".")}` : "";
      throw new NexarGraphQLError(
        `Nexar ${name ?? "request"} failed: ${first.message}${first.code ? ` [${first.code}]` : ""}${where}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more errors)` : ""}`,
        result.errors,
        result.data,
        result.status,
        name,
      );
    },
  };
}

const common = commonVariables<NexarOptions>("NEXAR");

/** Nexar as data: the variables its client reads and the factory (the CLI, the demo and `.env.example` derive from it). */
export const nexar = defineVendor({
  id: "nexar",
  name: "Nexar",
  portal: "portal.nexar.com",
  variables: [
    common.clientId,
    // Supply data (client credentials) needs the secret; a user's design-data login does not.
    {
      name: "NEXAR_CLIENT_SECRET",
      option: "clientSecret",
      required: (overrides) => overrides.flow !== "authorization-code",
      description: "the app's client secret (supply data)",
    },
    { name: "NEXAR_ENDPOINT", option: "endpoint", description: "another GraphQL endpoint (a proxy, a local stand-in)" },
    common.tokenUrl,
  ],
  create: createNexarClient,
});

/** A supply-data client configured from NEXAR_* environment variables; `overrides` win. */
export const fromEnv: (overrides?: Partial<NexarOptions>, env?: Environment) => NexarClient = nexar.fromEnv;
