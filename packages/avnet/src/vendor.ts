import type { VendorClientOptions, VendorData } from "@vendor-clients/auth";

export interface AvnetOptions extends VendorClientOptions {
  /**
   * The client secret, or both during a rotation (Avnet allows two at once): the second is used when
   * the first is refused. Secrets expire after 6 months (../shared/facts/avnet.md). Inferred from the
   * portal's flow, not a documented rule: copy a secret when you create it, as it may not be shown again.
   */
  clientSecret: string | readonly [string, string];
  /** The scope shown on your portal profile page, e.g. `api://<app-id>/.default`. */
  scope: string;
  /** The product subscription key, or the primary/secondary pair: if one is revoked the other takes over. */
  subscriptionKey: string | readonly [string, string];
  /** Send the key as the `Ocp-Apim-Subscription-Key` header (default) or the `subscription-key` query parameter. */
  subscriptionKeyIn?: "header" | "query";
}

export const AVNET_BASE_URL = "https://apigw.avnet.com";
export const AVNET_TOKEN_URL = "https://apigw.avnet.com/external/getToken/oauth2/v2.0/token";

/** Avnet as data: the CLI, the demo, the stand-ins, `.env.example` and codegen derive from it. */
export const avnetData: VendorData<AvnetOptions> = {
  id: "avnet",
  name: "Avnet",
  portal: "apiportal.avnet.com → Profile",
  baseUrls: { production: AVNET_BASE_URL },
  tokenUrl: AVNET_TOKEN_URL,
  // The key goes in this header, or (subscriptionKeyIn "query") in the subscription-key parameter.
  headers: ["Ocp-Apim-Subscription-Key"],
  options: {
    clientSecret: { pair: { variable: "CLIENT_SECRET_NEXT", description: "a second client secret, during a rotation" } },
    scope: {
      description: "the scope on your portal profile page, e.g. api://<app-id>/.default",
      required: true,
      pattern: /\S/,
      expected: 'the scope from your Avnet portal profile page, e.g. "api://<app-id>/.default"',
    },
    subscriptionKey: {
      description: "the product's (primary) subscription key",
      required: true,
      secret: true,
      expected: "the product's subscription key, or its [primary, secondary] pair",
      pair: { variable: "SUBSCRIPTION_KEY_SECONDARY", description: "the secondary key, used when the primary is refused" },
    },
    subscriptionKeyIn: { description: "header | query", oneOf: ["header", "query"], example: "header" },
  },
};
