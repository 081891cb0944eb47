import {
  ConfigError,
  clientCredentials,
  createClientCore,
  commonVariables,
  defineVendor,
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

const common = commonVariables<AvnetOptions>("AVNET");

/** Avnet as data: the variables its client reads and the factory (the CLI, the demo and `.env.example` derive from it). */
export const avnet = defineVendor({
  id: "avnet",
  name: "Avnet",
  portal: "apiportal.avnet.com → Profile",
  variables: [
    common.clientId,
    common.clientSecret,
    { name: "AVNET_CLIENT_SECRET_NEXT", option: "clientSecret", description: "a second client secret, during a rotation" },
    {
      name: "AVNET_SCOPE",
      option: "scope",
      required: true,
      description: "the scope on your portal profile page, e.g. api://<app-id>/.default",
    },
    { name: "AVNET_SUBSCRIPTION_KEY", option: "subscriptionKey", required: true, description: "the product's (primary) subscription key" },
    {
      name: "AVNET_SUBSCRIPTION_KEY_SECONDARY",
      option: "subscriptionKey",
      description: "the secondary key, used when the primary is refused",
    },
    { name: "AVNET_SUBSCRIPTION_KEY_IN", option: "subscriptionKeyIn", description: "header | query", example: "header" },
    common.baseUrl,
    common.tokenUrl,
  ],
  // Two variables each make a pair: secrets during a rotation, the primary and secondary key.
  optionsFrom: (values) => ({
    clientId: values.AVNET_CLIENT_ID!,
    clientSecret: values.AVNET_CLIENT_SECRET_NEXT
      ? ([values.AVNET_CLIENT_SECRET!, values.AVNET_CLIENT_SECRET_NEXT] as const)
      : values.AVNET_CLIENT_SECRET!,
    scope: values.AVNET_SCOPE!,
    subscriptionKey: values.AVNET_SUBSCRIPTION_KEY_SECONDARY
      ? ([values.AVNET_SUBSCRIPTION_KEY!, values.AVNET_SUBSCRIPTION_KEY_SECONDARY] as const)
      : values.AVNET_SUBSCRIPTION_KEY!,
    ...(values.AVNET_SUBSCRIPTION_KEY_IN
      ? { subscriptionKeyIn: values.AVNET_SUBSCRIPTION_KEY_IN as AvnetOptions["subscriptionKeyIn"] }
      : {}),
    ...(values.AVNET_BASE_URL ? { baseUrl: values.AVNET_BASE_URL } : {}),
    ...(values.AVNET_TOKEN_URL ? { tokenUrl: values.AVNET_TOKEN_URL } : {}),
  }),
  create: createAvnetClient,
});

/** A client configured from AVNET_* environment variables; `overrides` win. */
export const fromEnv: (overrides?: Partial<AvnetOptions>, env?: Environment) => AvnetClient = avnet.fromEnv;
