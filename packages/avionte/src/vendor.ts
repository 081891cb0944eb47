import type { VendorClientOptions, VendorData } from "@vendor-clients/auth";

export interface AvionteOptions extends VendorClientOptions {
  clientSecret: string;
  /** The partner API key: sent as `x-api-key` on the token request and on every call. */
  apiKey: string;
  /**
   * Tenant short code (`Tenant` header). Give this or `frontOfficeTenantId`. "apitest" is the sandbox
   * tenant seen in partner documentation and clients (../shared/facts/avionte.md; not on Avionté's own pages).
   */
  tenant?: string;
  /** Numeric tenant id (`FrontOfficeTenantId` header); preferred by Avionté when known. */
  frontOfficeTenantId?: number;
  /** Default "avionte.aero.compasintegrationservice". */
  scope?: string;
}

export const AVIONTE_BASE_URL = "https://api.avionte.com/front-office/v1";
export const AVIONTE_TOKEN_URL = "https://api.avionte.com/authorize/token";
export const AVIONTE_SCOPE = "avionte.aero.compasintegrationservice";

/** Avionté as data: the CLI, the demo, the stand-ins, `.env.example` and codegen derive from it. */
export const avionteData: VendorData<AvionteOptions> = {
  id: "avionte",
  name: "Avionté",
  portal: "partner-developer.avionte.com",
  baseUrls: { production: AVIONTE_BASE_URL },
  tokenUrl: AVIONTE_TOKEN_URL,
  headers: ["x-api-key", "Tenant", "FrontOfficeTenantId", "RequestId"],
  options: {
    apiKey: { description: "the partner x-api-key", required: true, secret: true },
    // Every call names its tenant: by its code or its numeric id.
    tenant: {
      description: "the tenant code, e.g. apitest (or the numeric tenant id instead)",
      required: (options) => options.frontOfficeTenantId === undefined,
      pattern: /^[A-Za-z0-9_-]{1,64}$/,
      expected: "a tenant code of letters and digits",
    },
    frontOfficeTenantId: { description: "the numeric FrontOfficeTenantId (or the tenant code instead)", type: "integer" },
    scope: { description: `another scope than ${AVIONTE_SCOPE}` },
  },
};
