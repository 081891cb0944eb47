import { startNexarServer } from "./nexar-server.ts";
import { startOAuthServer } from "./oauth-server.ts";
import { specPath } from "./paths.ts";
import { startPrism } from "./prism.ts";

export const STAND_IN_VENDORS = ["ingram-micro", "avnet", "avionte", "advanced-inventory", "nexar"] as const;
export type StandInVendor = (typeof STAND_IN_VENDORS)[number];

/** Where each stand-in listens (a vendor left out of `vendors` has none). */
export interface StandInUrls {
  tokenUrl: string;
  ingram?: string;
  avnet?: string;
  avionte?: string;
  dsi?: string;
  nexar?: string;
}

/**
 * Every vendor at once, on loopback: one OAuth server, a Prism mock per REST vendor (checking
 * each request against that vendor's definition) and a Nexar GraphQL server. `env` holds the
 * variables each client's fromEnv() reads to talk to them, with made-up credentials.
 * `vendors` starts only some of them (a Prism takes seconds to start; the OAuth server always runs).
 */
export async function startStandIns(options: { vendors?: readonly StandInVendor[] } = {}) {
  const wanted = new Set(options.vendors ?? STAND_IN_VENDORS);
  const unknown = [...wanted].filter((v) => !STAND_IN_VENDORS.includes(v));
  if (unknown.length) throw new Error(`startStandIns: no stand-in for ${unknown.join(", ")}; one of: ${STAND_IN_VENDORS.join(", ")}`);
  const when = <T>(vendor: StandInVendor, start: () => Promise<T>) => (wanted.has(vendor) ? start() : Promise.resolve(undefined));
  const started = await Promise.allSettled([
    startOAuthServer(),
    // Ingram Micro's own examples break its own schemas, which Prism's --errors turns into a 500
    // for most operations. Without it Prism still refuses a wrong request (400, 401) and answers
    // with Ingram's examples: real-looking data, the same every run (--dynamic would be lorem ipsum).
    when("ingram-micro", () => startPrism(specPath("ingram-micro/XI-Resellers-API-Spec.yaml"), { errors: false })),
    when("avnet", () => startPrism(specPath("avnet/apim.yaml"))),
    when("avionte", () => startPrism(specPath("avionte/front-office.yaml"))),
    when("advanced-inventory", () => startPrism(specPath("advanced-inventory/web-api.yaml"))),
    when("nexar", () => startNexarServer()),
  ] as const);
  const [idpResult, ingramResult, avnetResult, avionteResult, dsiResult, nexarResult] = started;
  const value = <T>(result: PromiseSettledResult<T>) => (result.status === "fulfilled" ? result.value : undefined);
  const [idp, ingram, avnet, avionte, dsi, nexar] = [
    value(idpResult),
    value(ingramResult),
    value(avnetResult),
    value(avionteResult),
    value(dsiResult),
    value(nexarResult),
  ];
  const stop = async () => {
    await Promise.allSettled([idp?.stop(), ingram?.stop(), avnet?.stop(), avionte?.stop(), dsi?.stop(), nexar?.close()]);
  };
  // One stand-in that fails to start must not leave the others running.
  const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed || !idp) {
    await stop();
    throw failed?.reason ?? new Error("the OAuth stand-in did not start");
  }
  const env: Record<string, string> = {
    ...(ingram && {
      INGRAM_MICRO_CLIENT_ID: "demo-ingram",
      INGRAM_MICRO_CLIENT_SECRET: "demo-ingram-secret",
      INGRAM_MICRO_CUSTOMER_NUMBER: "20-222222",
      INGRAM_MICRO_COUNTRY_CODE: "US",
      INGRAM_MICRO_BASE_URL: ingram.url,
      INGRAM_MICRO_TOKEN_URL: idp.tokenUrl,
    }),
    ...(avnet && {
      AVNET_CLIENT_ID: "demo-avnet",
      AVNET_CLIENT_SECRET: "demo-avnet-secret",
      AVNET_SCOPE: "api://demo/.default",
      AVNET_SUBSCRIPTION_KEY: "demo-primary-key",
      AVNET_SUBSCRIPTION_KEY_SECONDARY: "demo-secondary-key",
      AVNET_BASE_URL: avnet.url,
      AVNET_TOKEN_URL: idp.tokenUrl,
    }),
    ...(avionte && {
      AVIONTE_CLIENT_ID: "demo-avionte",
      AVIONTE_CLIENT_SECRET: "demo-avionte-secret",
      AVIONTE_API_KEY: "demo-avionte-key",
      AVIONTE_TENANT: "apitest",
      AVIONTE_BASE_URL: avionte.url,
      AVIONTE_TOKEN_URL: idp.tokenUrl,
    }),
    ...(dsi && {
      DSI_BASE_URL: dsi.url,
      DSI_CLIENT_ID: "DSI",
      DSI_USERNAME: "demo",
      DSI_PASSWORD: "demo-password",
      DSI_TOKEN_URL: idp.tokenUrl,
      DSI_REVOKE_URL: idp.revokeUrl,
    }),
    ...(nexar && {
      NEXAR_CLIENT_ID: "demo-nexar",
      NEXAR_CLIENT_SECRET: "demo-nexar-secret",
      NEXAR_ENDPOINT: nexar.url,
      NEXAR_TOKEN_URL: idp.tokenUrl,
    }),
  };
  const urls: StandInUrls = {
    tokenUrl: idp.tokenUrl,
    ...(ingram && { ingram: ingram.url }),
    ...(avnet && { avnet: avnet.url }),
    ...(avionte && { avionte: avionte.url }),
    ...(dsi && { dsi: dsi.url }),
    ...(nexar && { nexar: nexar.url }),
  };
  return { env, urls, idp, servers: { ingram, avnet, avionte, dsi, nexar }, stop };
}

export type StandIns = Awaited<ReturnType<typeof startStandIns>>;
