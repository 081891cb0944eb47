import {
  ConfigError,
  clientCredentials,
  createClientCore,
  processEnvironment,
  readEnvironment,
  type AuthenticatedClient,
  type CommonClientOptions,
  type Environment,
  type ExactClient,
} from "@vendor-clients/auth";
import createClient from "openapi-fetch";
import { AVNET_RATE_LIMIT } from "./rate-limits.ts";
import type { paths } from "./generated/apim.ts";

export const AVNET_BASE_URL = "https://apigw.avnet.com";
export const AVNET_TOKEN_URL = "https://apigw.avnet.com/external/getToken/oauth2/v2.0/token";

export interface AvnetOptions extends CommonClientOptions {
  clientId: string;
  /** The client secret, or both during a rotation (Avnet allows two at once): the second is used when the first is refused. */
  clientSecret: string | readonly [string, string];
  /** The scope shown on your portal profile page, e.g. `api://<app-id>/.default`. */
  scope: string;
  /** The product subscription key, or the primary/secondary pair: if one is revoked the other takes over. */
  subscriptionKey: string | readonly [string, string];
  /** Send the key as the `Ocp-Apim-Subscription-Key` header (default) or the `subscription-key` query parameter. */
  subscriptionKeyIn?: "header" | "query";
  baseUrl?: string;
  tokenUrl?: string;
}

export type AvnetClient = ExactClient<paths> & AuthenticatedClient;

const OWNER = "createAvnetClient";

/** A typed client for Avnet's APIs behind Azure API Management: bearer token plus subscription key on every call. */
export function createAvnetClient(options: AvnetOptions): AvnetClient {
  if (!options || typeof options !== "object") throw new ConfigError("options", `${OWNER}: options are required`);
  if (typeof options.scope !== "string" || !options.scope.trim())
    throw new ConfigError(
      "scope",
      `${OWNER}: option "scope" is required: the scope from your Avnet portal profile page, e.g. "api://<app-id>/.default"`,
    );
  const keys = typeof options.subscriptionKey === "string" ? [options.subscriptionKey] : options.subscriptionKey;
  if (!Array.isArray(keys) || !keys.length || keys.some((k) => typeof k !== "string" || !k))
    throw new ConfigError(
      "subscriptionKey",
      `${OWNER}: option "subscriptionKey" must be the product's subscription key, or its [primary, secondary] pair`,
    );
  const keyIn = options.subscriptionKeyIn ?? "header";
  if (keyIn !== "header" && keyIn !== "query")
    throw new ConfigError(
      "subscriptionKeyIn",
      `${OWNER}: option "subscriptionKeyIn" must be "header" or "query"; got ${JSON.stringify(keyIn)}`,
    );
  const core = createClientCore({
    owner: OWNER,
    options,
    baseUrl: options.baseUrl ?? AVNET_BASE_URL,
    tokens: (endpoint) =>
      clientCredentials({
        tokenUrl: options.tokenUrl ?? AVNET_TOKEN_URL,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        scopes: options.scope,
        ...endpoint,
      }),
    apiKey: {
      name: keyIn === "header" ? "Ocp-Apim-Subscription-Key" : "subscription-key",
      in: keyIn,
      keys: keys as [string, string?],
      option: "subscriptionKey",
    },
    rateLimit: { ...AVNET_RATE_LIMIT, scope: `avnet|${options.clientId}` },
  });
  const { tokens, fetch, baseUrl } = core;
  return Object.assign(createClient<paths>(core.clientOptions) as ExactClient<paths>, { tokens, fetch, baseUrl });
}

/**
 * AVNET_CLIENT_ID, AVNET_CLIENT_SECRET, AVNET_SCOPE, AVNET_SUBSCRIPTION_KEY (required);
 * AVNET_CLIENT_SECRET_NEXT (a second secret during a rotation), AVNET_SUBSCRIPTION_KEY_SECONDARY,
 * AVNET_SUBSCRIPTION_KEY_IN (header | query), AVNET_BASE_URL, AVNET_TOKEN_URL (optional).
 */
export const AVNET_ENV = {
  clientId: "AVNET_CLIENT_ID",
  clientSecret: "AVNET_CLIENT_SECRET",
  clientSecretNext: "AVNET_CLIENT_SECRET_NEXT",
  scope: "AVNET_SCOPE",
  subscriptionKey: "AVNET_SUBSCRIPTION_KEY",
  subscriptionKeySecondary: "AVNET_SUBSCRIPTION_KEY_SECONDARY",
  subscriptionKeyIn: "AVNET_SUBSCRIPTION_KEY_IN",
  baseUrl: "AVNET_BASE_URL",
  tokenUrl: "AVNET_TOKEN_URL",
} as const;

/** A client configured from AVNET_* environment variables; `overrides` win. */
export function fromEnv(overrides: Partial<AvnetOptions> = {}, env: Environment = processEnvironment()): AvnetClient {
  const { clientSecret, clientSecretNext, subscriptionKey, subscriptionKeySecondary, ...rest } = readEnvironment(
    "Avnet",
    AVNET_ENV,
    ["clientId", "clientSecret", "scope", "subscriptionKey"],
    env,
  );
  return createAvnetClient({
    ...rest,
    clientSecret: clientSecretNext ? [clientSecret!, clientSecretNext] : clientSecret!,
    subscriptionKey: subscriptionKeySecondary ? [subscriptionKey!, subscriptionKeySecondary] : subscriptionKey!,
    ...overrides,
  } as AvnetOptions);
}
