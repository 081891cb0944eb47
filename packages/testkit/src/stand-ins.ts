import { startNexarServer } from "./nexar-server.ts";
import { startOAuthServer } from "./oauth-server.ts";
import { specPath } from "./paths.ts";
import { startPrism } from "./prism.ts";

/**
 * Every vendor at once, on loopback: one OAuth server, a Prism mock per REST vendor (checking
 * each request against that vendor's definition) and a Nexar GraphQL server. `env` holds the
 * variables each client's fromEnv() reads to talk to them, with made-up credentials.
 */
export async function startStandIns() {
  const [idp, ingram, avnet, avionte, dsi, nexar] = await Promise.all([
    startOAuthServer(),
    // Ingram Micro's own examples break its own schemas, which Prism's --errors turns into a 500
    // for most operations. Without it Prism still refuses a wrong request (400, 401) and answers
    // with Ingram's examples: real-looking data, the same every run (--dynamic would be lorem ipsum).
    startPrism(specPath("ingram-micro/XI-Resellers-API-Spec.yaml"), { errors: false }),
    startPrism(specPath("avnet/apim.yaml")),
    startPrism(specPath("avionte/front-office.yaml")),
    startPrism(specPath("advanced-inventory/web-api.yaml")),
    startNexarServer(),
  ]);
  const env: Record<string, string> = {
    INGRAM_MICRO_CLIENT_ID: "demo-ingram",
    INGRAM_MICRO_CLIENT_SECRET: "demo-ingram-secret",
    INGRAM_MICRO_CUSTOMER_NUMBER: "20-222222",
    INGRAM_MICRO_COUNTRY_CODE: "US",
    INGRAM_MICRO_BASE_URL: ingram.url,
    INGRAM_MICRO_TOKEN_URL: idp.tokenUrl,
    AVNET_CLIENT_ID: "demo-avnet",
    AVNET_CLIENT_SECRET: "demo-avnet-secret",
    AVNET_SCOPE: "api://demo/.default",
    AVNET_SUBSCRIPTION_KEY: "demo-primary-key",
    AVNET_SUBSCRIPTION_KEY_SECONDARY: "demo-secondary-key",
    AVNET_BASE_URL: avnet.url,
    AVNET_TOKEN_URL: idp.tokenUrl,
    AVIONTE_CLIENT_ID: "demo-avionte",
    AVIONTE_CLIENT_SECRET: "demo-avionte-secret",
    AVIONTE_API_KEY: "demo-avionte-key",
    AVIONTE_TENANT: "apitest",
    AVIONTE_BASE_URL: avionte.url,
    AVIONTE_TOKEN_URL: idp.tokenUrl,
    DSI_BASE_URL: dsi.url,
    DSI_CLIENT_ID: "DSI",
    DSI_USERNAME: "demo",
    DSI_PASSWORD: "demo-password",
    DSI_TOKEN_URL: idp.tokenUrl,
    DSI_REVOKE_URL: idp.revokeUrl,
    NEXAR_CLIENT_ID: "demo-nexar",
    NEXAR_CLIENT_SECRET: "demo-nexar-secret",
    NEXAR_ENDPOINT: nexar.url,
    NEXAR_TOKEN_URL: idp.tokenUrl,
  };
  return {
    env,
    idp,
    servers: { ingram, avnet, avionte, dsi, nexar },
    stop: async () => {
      await Promise.allSettled([idp.stop(), ingram.stop(), avnet.stop(), avionte.stop(), dsi.stop(), nexar.close()]);
    },
  };
}

export type StandIns = Awaited<ReturnType<typeof startStandIns>>;
