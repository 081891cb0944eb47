import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  VendorClientsError,
  authorizationCode,
  oauth,
  defineVendor,
  vendorFactory,
  graphqlThrottlingAs429,
  type Environment,
  ConfigError,
  type ClientCore,
  type TokenCache,
} from "@vendor-clients/auth";
import { sanitizeError } from "@vendor-clients/auth/internal";
import { NEXAR_RATE_LIMIT, NEXAR_TOKEN_RATE_LIMIT } from "./rate-limits.ts";
import { ClientError, GraphQLClient } from "graphql-request";
import { graphqlAuthErrorsAsUnauthorized, ORIGINAL_STATUS_HEADER } from "./auth-errors.ts";
import { isGraphqlQuery } from "./operation-kind.ts";
import { NexarGraphQLError, toErrorDetails, type NexarErrorDetail } from "./errors.ts";
import { NEXAR_AUTHORIZE_URL, NEXAR_DESIGN_SCOPES, NEXAR_SUPPLY_SCOPES, nexarData, type NexarOptions } from "./vendor.ts";

export interface NexarResult<TData> {
  /** null when nothing could be answered. */
  data: TData | null;
  errors: NexarErrorDetail[];
}

export interface NexarClient {
  /** Runs any typed document (yours or the package's); GraphQL errors throw a NexarGraphQLError carrying the partial data. */
  request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    // NoInfer: the document alone decides the variables, so a misspelled one is an excess property.
    ...variables: Record<string, never> extends TVariables ? [NoInfer<TVariables>?] : [NoInfer<TVariables>]
  ): Promise<TData>;
  /** Like request, but returns partial data and errors side by side instead of throwing for GraphQL errors. */
  requestWithErrors<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    // NoInfer: the document alone decides the variables, so a misspelled one is an excess property.
    ...variables: Record<string, never> extends TVariables ? [NoInfer<TVariables>?] : [NoInfer<TVariables>]
  ): Promise<NexarResult<TData>>;
  readonly tokens: TokenCache;
  readonly fetch: typeof globalThis.fetch;
  /** The GraphQL endpoint (every vendor client names where it points `baseUrl`). */
  readonly baseUrl: string;
  /**
   * The same client on another GraphQL endpoint (a workspace's region: its `location.apiServiceUrl`),
   * sharing this client's login and tokens. Only nexar.com hosts over https, this client's own
   * origin and the origins in option `apiServiceOrigins` are accepted: the login goes nowhere else.
   */
  at(apiServiceUrl: string): NexarClient;
}

/** Option `apiServiceOrigins`, checked: a list of URLs (their origins count). */
function originsOf(value: unknown): string[] {
  if (value === undefined) return [];
  const origins = Array.isArray(value)
    ? value.map((v) => {
        try {
          return new URL(String(v)).origin;
        } catch {
          return undefined;
        }
      })
    : [undefined];
  if (origins.some((o) => o === undefined || o === "null"))
    throw new ConfigError(
      "apiServiceOrigins",
      'createNexarClient: option "apiServiceOrigins" must be a list of URLs (origins such as "https://eu.example.com")',
    );
  return origins as string[];
}

const operationNameOf = (document: TypedDocumentNode<unknown, any>) =>
  (document.definitions.find((d) => d.kind === "OperationDefinition") as { name?: { value: string } } | undefined)?.name?.value;

/**
 * A typed GraphQL client for Nexar (supply data by client credentials, design data by a user's
 * login), on graphql-request with the shared auth pipeline as its fetch.
 */
export const createNexarClient = vendorFactory(nexarData, (options, vendor): NexarClient => {
  const flow = options.flow ?? "client-credentials";
  const auth =
    flow === "client-credentials"
      ? vendor.clientCredentials({ scopes: options.scopes ?? NEXAR_SUPPLY_SCOPES })
      : oauth(authorizationCode, {
          authorizeUrl: options.authorizeUrl ?? NEXAR_AUTHORIZE_URL,
          tokenUrl: vendor.tokenUrl,
          clientId: options.clientId,
          ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
          scopes: options.scopes ?? NEXAR_DESIGN_SCOPES,
          login:
            options.login ??
            (async (s, loginOptions) => {
              const { loopbackLogin } = await import("@vendor-clients/auth/node");
              return loopbackLogin(s, {
                ...loginOptions,
                ...(options.loginPort !== undefined ? { port: options.loginPort } : {}),
                ...(options.loginPath !== undefined ? { path: options.loginPath } : {}),
                ...(options.loginHostname !== undefined ? { hostname: options.loginHostname } : {}),
              });
            }),
        });
  const primary = vendor.core({
    auth,
    vendorSteps: [graphqlAuthErrorsAsUnauthorized, graphqlThrottlingAs429],
    safeToRepeat: isGraphqlQuery,
    rateLimit: NEXAR_RATE_LIMIT,
    tokenRateLimit: NEXAR_TOKEN_RATE_LIMIT,
  });
  const allowedOrigins = new Set([new URL(primary.baseUrl).origin, ...originsOf(options.apiServiceOrigins)]);
  const regions = new Map<string, NexarClient>();
  const at = (apiServiceUrl: string): NexarClient => {
    let url: URL;
    try {
      url = new URL(apiServiceUrl);
    } catch {
      throw new ConfigError(
        "apiServiceUrl",
        `Nexar: a workspace's apiServiceUrl is not a URL: ${JSON.stringify(apiServiceUrl.slice(0, 200))}`,
      );
    }
    // The user's token goes only where the user pointed the client, or to Nexar's own hosts.
    const nexarHost = url.protocol === "https:" && (url.hostname === "nexar.com" || url.hostname.endsWith(".nexar.com"));
    if (!nexarHost && !allowedOrigins.has(url.origin))
      throw new ConfigError(
        "apiServiceOrigins",
        `Nexar: the workspace's API is at ${url.origin}, neither a nexar.com host nor this client's endpoint; list it in option "apiServiceOrigins" to send the login there`,
      );
    const endpoint = url.href;
    if (endpoint === primaryClient.baseUrl) return primaryClient;
    let regional = regions.get(endpoint);
    if (!regional) {
      // The same core, login, tokens and steps: only where its fetch may send them changes.
      regional = clientOn(primary.at(endpoint));
      regions.set(endpoint, regional);
    }
    return regional;
  };
  const primaryClient = clientOn(primary);
  return primaryClient;

  function clientOn(core: ClientCore): NexarClient {
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
        // An answer read as a 401 (an auth error in a 200) keeps the status Nexar actually sent.
        const sent = Number(response.headers?.get?.(ORIGINAL_STATUS_HEADER));
        return {
          data: (response.data as TData | undefined) ?? null,
          errors,
          status: Number.isInteger(sent) && sent > 0 ? sent : response.status,
        };
      }
    }

    return {
      tokens,
      fetch,
      baseUrl: endpoint,
      at,
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
        // The package's own operations are named Nexar… (no clash with codegen's names for yours): said once.
        throw new NexarGraphQLError(
          `Nexar ${name?.replace(/^Nexar(?=[A-Z])/, "") ?? "request"} failed: ${first.message}${first.code ? ` [${first.code}]` : ""}${where}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more errors)` : ""}`,
          result.errors,
          result.data,
          result.status,
          name,
        );
      },
    };
  }
});

/** Nexar as data with its factory: the CLI, the demo and the stand-ins derive from it. */
export const nexar = /* @__PURE__ */ defineVendor(nexarData, createNexarClient);

/** A supply-data client configured from NEXAR_* environment variables; `overrides` win. */
export const fromEnv = (overrides?: Partial<NexarOptions>, env?: Environment): NexarClient => nexar.fromEnv(overrides, env);
