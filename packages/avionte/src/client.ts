import {
  ConfigError,
  clientCredentials,
  createClientCore,
  commonVariables,
  defineVendor,
  uuid,
  type AuthenticatedClient,
  type CommonClientOptions,
  type Environment,
  type ExactClient,
} from "@vendor-clients/auth";
import createClient from "openapi-fetch";
import { AVIONTE_RATE_LIMIT } from "./rate-limits.ts";
import type { paths } from "./generated/front-office.ts";

export const AVIONTE_BASE_URL = "https://api.avionte.com/front-office/v1";
export const AVIONTE_TOKEN_URL = "https://api.avionte.com/authorize/token";
export const AVIONTE_SCOPE = "avionte.aero.compasintegrationservice";

export interface AvionteOptions extends CommonClientOptions {
  clientId: string;
  clientSecret: string;
  /** The partner API key: sent as `x-api-key` on the token request and on every call. */
  apiKey: string;
  /** Tenant short code (`Tenant` header), e.g. "apitest". Give this or `frontOfficeTenantId`. */
  tenant?: string;
  /** Numeric tenant id (`FrontOfficeTenantId` header); preferred by Avionté when known. */
  frontOfficeTenantId?: number;
  /** Default "avionte.aero.compasintegrationservice". */
  scope?: string;
  baseUrl?: string;
  tokenUrl?: string;
}

export type AvionteClient = ExactClient<paths> & AuthenticatedClient;

const OWNER = "createAvionteClient";

/**
 * A typed client for Avionté's BOLD Front Office API: client-credentials token (with the API
 * key), and `x-api-key`, the tenant header and a fresh `RequestId` on every call.
 */
export function createAvionteClient(options: AvionteOptions): AvionteClient {
  if (!options || typeof options !== "object") throw new ConfigError("options", `${OWNER}: options are required`);
  if (typeof options.apiKey !== "string" || !options.apiKey)
    throw new ConfigError("apiKey", `${OWNER}: option "apiKey" (the partner x-api-key) must be a non-empty string`);
  const { tenant, frontOfficeTenantId } = options;
  if (tenant === undefined && frontOfficeTenantId === undefined)
    throw new ConfigError(
      "tenant",
      `${OWNER}: give option "tenant" (tenant code, e.g. "apitest") or "frontOfficeTenantId" (numeric id): every call names its tenant`,
    );
  if (tenant !== undefined && (typeof tenant !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(tenant)))
    throw new ConfigError("tenant", `${OWNER}: option "tenant" must be a tenant code of letters and digits; got ${JSON.stringify(tenant)}`);
  if (frontOfficeTenantId !== undefined && !(Number.isInteger(frontOfficeTenantId) && frontOfficeTenantId > 0))
    throw new ConfigError(
      "frontOfficeTenantId",
      `${OWNER}: option "frontOfficeTenantId" must be a positive integer; got ${JSON.stringify(frontOfficeTenantId)}`,
    );
  const core = createClientCore({
    owner: OWNER,
    options,
    baseUrl: options.baseUrl ?? AVIONTE_BASE_URL,
    tokens: (endpoint) =>
      clientCredentials({
        tokenUrl: options.tokenUrl ?? AVIONTE_TOKEN_URL,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        scopes: options.scope ?? AVIONTE_SCOPE,
        headers: { "x-api-key": options.apiKey },
        ...endpoint,
      }),
    apiKey: { name: "x-api-key", keys: options.apiKey, option: "apiKey" },
    headers: {
      static: {
        ...(frontOfficeTenantId !== undefined ? { FrontOfficeTenantId: String(frontOfficeTenantId) } : {}),
        ...(tenant !== undefined ? { Tenant: tenant } : {}),
      },
      perRequest: { RequestId: uuid },
    },
    rateLimit: { ...AVIONTE_RATE_LIMIT, scope: `avionte|${options.clientId}|${tenant ?? frontOfficeTenantId}` },
  });
  const { tokens, fetch, baseUrl } = core;
  return Object.assign(createClient<paths>(core.clientOptions) as ExactClient<paths>, { tokens, fetch, baseUrl });
}

const common = commonVariables<AvionteOptions>("AVIONTE");

/** Avionté as data: the variables its client reads and the factory (the CLI, the demo and `.env.example` derive from it). */
export const avionte = defineVendor({
  id: "avionte",
  name: "Avionté",
  portal: "partner-developer.avionte.com",
  variables: [
    common.clientId,
    common.clientSecret,
    { name: "AVIONTE_API_KEY", option: "apiKey", required: true, description: "the partner x-api-key" },
    { name: "AVIONTE_TENANT", option: "tenant", description: "the tenant code (this, or the numeric id below)" },
    {
      name: "AVIONTE_FRONT_OFFICE_TENANT_ID",
      option: "frontOfficeTenantId",
      description: "the numeric FrontOfficeTenantId (this, or the code above)",
    },
    { name: "AVIONTE_SCOPE", option: "scope", description: "another scope than avionte.aero.compasintegrationservice" },
    common.baseUrl,
    common.tokenUrl,
  ],
  optionsFrom: (values, overrides) => {
    // Every call names its tenant: one of the two variables (or options) is needed.
    if (
      !values.AVIONTE_TENANT &&
      !values.AVIONTE_FRONT_OFFICE_TENANT_ID &&
      overrides.tenant === undefined &&
      overrides.frontOfficeTenantId === undefined
    )
      throw new ConfigError(
        "AVIONTE_TENANT",
        "Avionté: missing environment variable AVIONTE_TENANT or AVIONTE_FRONT_OFFICE_TENANT_ID (see .env.example)",
      );
    const { AVIONTE_FRONT_OFFICE_TENANT_ID: id } = values;
    return {
      clientId: values.AVIONTE_CLIENT_ID!,
      clientSecret: values.AVIONTE_CLIENT_SECRET!,
      apiKey: values.AVIONTE_API_KEY!,
      ...(values.AVIONTE_TENANT ? { tenant: values.AVIONTE_TENANT } : {}),
      ...(id ? { frontOfficeTenantId: Number(id) } : {}),
      ...(values.AVIONTE_SCOPE ? { scope: values.AVIONTE_SCOPE } : {}),
      ...(values.AVIONTE_BASE_URL ? { baseUrl: values.AVIONTE_BASE_URL } : {}),
      ...(values.AVIONTE_TOKEN_URL ? { tokenUrl: values.AVIONTE_TOKEN_URL } : {}),
    };
  },
  create: createAvionteClient,
});

/** A client configured from AVIONTE_* environment variables; `overrides` win. */
export const fromEnv: (overrides?: Partial<AvionteOptions>, env?: Environment) => AvionteClient = avionte.fromEnv;
