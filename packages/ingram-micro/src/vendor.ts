import type { VendorClientOptions, VendorData } from "@vendor-clients/auth";

export interface IngramMicroOptions extends VendorClientOptions {
  clientSecret: string;
  /** Your Ingram Micro customer number (`IM-CustomerNumber`, at most 10 characters). */
  customerNumber: string;
  /** Two-letter ISO country code (`IM-CountryCode`). */
  countryCode: string;
  /** Optional `IM-SenderID`, e.g. your company name. */
  senderId?: string;
  /** Default "production". */
  environment?: "production" | "sandbox";
}

export const INGRAM_MICRO_BASE_URLS = {
  production: "https://api.ingrammicro.com",
  sandbox: "https://api.ingrammicro.com/sandbox",
} as const;

/** The token call Ingram Micro documents (a form POST); the definition's GET on oauth20 is not used. */
export const INGRAM_MICRO_TOKEN_URL = "https://api.ingrammicro.com:443/oauth/oauth30/token";

/** Ingram Micro as data: the CLI, the demo, the stand-ins, `.env.example` and codegen derive from it. */
export const ingramMicroData: VendorData<IngramMicroOptions> = {
  id: "ingram-micro",
  name: "Ingram Micro",
  portal: "developer.ingrammicro.com",
  baseUrls: INGRAM_MICRO_BASE_URLS,
  tokenUrl: INGRAM_MICRO_TOKEN_URL,
  headers: ["IM-CustomerNumber", "IM-CountryCode", "IM-SenderID", "IM-CorrelationID"],
  options: {
    customerNumber: {
      description: "your customer number (IM-CustomerNumber)",
      required: true,
      pattern: /^[A-Za-z0-9-]{1,10}$/,
      expected: 'your Ingram Micro customer number (1–10 letters, digits or dashes, e.g. "20-222222")',
    },
    countryCode: {
      description: "two-letter country code (IM-CountryCode)",
      required: true,
      pattern: /^[A-Za-z]{2}$/,
      expected: 'a two-letter ISO country code such as "US"',
      example: "US",
    },
    senderId: {
      description: "IM-SenderID, e.g. your company name",
      pattern: /^[\x20-\x7e]+$/,
      expected: "printable ASCII text (it is sent as the IM-SenderID header)",
    },
    environment: { description: "production | sandbox", oneOf: ["production", "sandbox"], example: "sandbox" },
  },
};
