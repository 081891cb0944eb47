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
import { INGRAM_MICRO_RATE_LIMIT } from "./rate-limits.ts";
import type { paths } from "./generated/resellers.ts";

export const INGRAM_MICRO_BASE_URLS = {
  production: "https://api.ingrammicro.com",
  sandbox: "https://api.ingrammicro.com/sandbox",
} as const;

/** The token call Ingram Micro documents (a form POST); the definition's GET on oauth20 is not used. */
export const INGRAM_MICRO_TOKEN_URL = "https://api.ingrammicro.com:443/oauth/oauth30/token";

/** Ingram Micro's token responses say 30 days; the tokens stop working after 24 hours. */
export const INGRAM_MICRO_TOKEN_LIFETIME_MS = 24 * 3600_000;

export interface IngramMicroOptions extends CommonClientOptions {
  clientId: string;
  clientSecret: string;
  /** Your Ingram Micro customer number (`IM-CustomerNumber`, at most 10 characters). */
  customerNumber: string;
  /** Two-letter ISO country code (`IM-CountryCode`). */
  countryCode: string;
  /** Optional `IM-SenderID`, e.g. your company name. */
  senderId?: string;
  /** Default "production". */
  environment?: "production" | "sandbox";
  /** Overrides the environment's base URL (a proxy, a local mock). */
  baseUrl?: string;
  tokenUrl?: string;
}

export type IngramMicroClient = ExactClient<paths> & AuthenticatedClient;

const OWNER = "createIngramMicroClient";

/**
 * A typed client for the Ingram Micro Xvantage Integration (XI) Resellers API: every path,
 * parameter and response from the vendor's definition, with tokens, the IM-* headers (a fresh
 * IM-CorrelationID per request) and retries handled.
 */
export function createIngramMicroClient(options: IngramMicroOptions): IngramMicroClient {
  if (!options || typeof options !== "object") throw new ConfigError("options", `${OWNER}: options are required`);
  const customerNumber = String(options.customerNumber ?? "").trim();
  if (!/^[A-Za-z0-9-]{1,10}$/.test(customerNumber))
    throw new ConfigError(
      "customerNumber",
      `${OWNER}: option "customerNumber" must be your Ingram Micro customer number (1–10 letters, digits or dashes, e.g. "20-222222"); got ${JSON.stringify(options.customerNumber)}`,
    );
  if (typeof options.countryCode !== "string" || !/^[A-Za-z]{2}$/.test(options.countryCode))
    throw new ConfigError(
      "countryCode",
      `${OWNER}: option "countryCode" must be a two-letter ISO country code such as "US"; got ${JSON.stringify(options.countryCode)}`,
    );
  if (options.senderId !== undefined && (typeof options.senderId !== "string" || /[^\x20-\x7e]/.test(options.senderId)))
    throw new ConfigError("senderId", `${OWNER}: option "senderId" must be printable ASCII text (it is sent as the IM-SenderID header)`);
  const environment = options.environment ?? "production";
  if (!(environment in INGRAM_MICRO_BASE_URLS))
    throw new ConfigError(
      "environment",
      `${OWNER}: option "environment" must be "production" or "sandbox"; got ${JSON.stringify(options.environment)}`,
    );
  const core = createClientCore({
    owner: OWNER,
    options,
    baseUrl: options.baseUrl ?? INGRAM_MICRO_BASE_URLS[environment],
    tokens: (endpoint) =>
      clientCredentials({
        tokenUrl: options.tokenUrl ?? INGRAM_MICRO_TOKEN_URL,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        ...endpoint,
      }),
    cache: { maxLifetimeMs: INGRAM_MICRO_TOKEN_LIFETIME_MS },
    headers: {
      static: {
        "IM-CustomerNumber": customerNumber,
        "IM-CountryCode": options.countryCode.toUpperCase(),
        ...(options.senderId ? { "IM-SenderID": options.senderId } : {}),
      },
      // Ingram Micro allows at most 32 characters: a UUID without its dashes.
      perRequest: { "IM-CorrelationID": () => crypto.randomUUID().replace(/-/g, "") },
    },
    rateLimit: { ...INGRAM_MICRO_RATE_LIMIT, scope: `ingram-micro|${options.clientId}` },
  });
  const { tokens, fetch, baseUrl } = core;
  return Object.assign(createClient<paths>(core.clientOptions) as ExactClient<paths>, { tokens, fetch, baseUrl });
}

const common = commonVariables<IngramMicroOptions>("INGRAM_MICRO");

/** Ingram Micro as data: the variables its client reads and the factory (the CLI, the demo and `.env.example` derive from it). */
export const ingramMicro = defineVendor({
  id: "ingram-micro",
  name: "Ingram Micro",
  portal: "developer.ingrammicro.com",
  variables: [
    common.clientId,
    common.clientSecret,
    {
      name: "INGRAM_MICRO_CUSTOMER_NUMBER",
      option: "customerNumber",
      required: true,
      description: "your customer number (IM-CustomerNumber)",
    },
    {
      name: "INGRAM_MICRO_COUNTRY_CODE",
      option: "countryCode",
      required: true,
      description: "two-letter country code (IM-CountryCode)",
      example: "US",
    },
    { name: "INGRAM_MICRO_SENDER_ID", option: "senderId", description: "IM-SenderID, e.g. your company name" },
    { name: "INGRAM_MICRO_ENVIRONMENT", option: "environment", description: "production | sandbox", example: "sandbox" },
    common.baseUrl,
    common.tokenUrl,
  ],
  create: createIngramMicroClient,
});

/** A client configured from INGRAM_MICRO_* environment variables; `overrides` win. */
export const fromEnv: (overrides?: Partial<IngramMicroOptions>, env?: Environment) => IngramMicroClient = ingramMicro.fromEnv;
