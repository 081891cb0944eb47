import { advancedInventory, type AdvancedInventoryOptions } from "@vendor-clients/advanced-inventory";
import type { Vendor } from "@vendor-clients/auth";
import { avionte, type AvionteOptions } from "@vendor-clients/avionte";
import { avnet, type AvnetOptions } from "@vendor-clients/avnet";
import { ingramMicro, type IngramMicroOptions } from "@vendor-clients/ingram-micro";
import { nexar, type NexarOptions } from "@vendor-clients/nexar";
import { specPath, startNexarServer, startOAuthServer, startPrism, type OAuthTestServer } from "@vendor-clients/testkit";
import { readFileSync } from "node:fs";

/** A stand-in server: where it listens, and how it stops. */
interface Server {
  url: string;
  stop(): Promise<void>;
}

/** The first definition listed in specs/<vendor>/sources.json: the one its stand-in serves. */
const definitionOf = (vendor: string) => {
  const sources = JSON.parse(readFileSync(specPath(`${vendor}/sources.json`), "utf8")) as { definitions: { file: string }[] };
  return specPath(`${vendor}/${sources.definitions[0]!.file}`);
};

/**
 * One vendor's stand-in: its server, and the options a client needs to talk to it (made-up
 * credentials, typed as the vendor's options). The variables' names come from the vendor's data.
 */
function standIn<Options>(
  vendor: Vendor<Options, unknown>,
  start: () => Promise<Server>,
  options: (server: Server, idp: OAuthTestServer) => Partial<Options>,
) {
  return { vendor, start, options: options as (server: Server, idp: OAuthTestServer) => Partial<unknown> };
}

const STAND_INS = [
  // Ingram Micro's own examples break its own schemas, which Prism's --errors turns into a 500
  // for most operations. Without it Prism still refuses a wrong request (400, 401) and answers
  // with Ingram's examples: real-looking data, the same every run (--dynamic would be lorem ipsum).
  standIn(
    ingramMicro,
    () => startPrism(definitionOf(ingramMicro.id), { errors: false }),
    (server, idp): Partial<IngramMicroOptions> => ({
      clientId: "demo-ingram",
      clientSecret: "demo-ingram-secret",
      customerNumber: "20-222222",
      countryCode: "US",
      baseUrl: server.url,
      tokenUrl: idp.tokenUrl,
    }),
  ),
  standIn(
    avnet,
    () => startPrism(definitionOf(avnet.id)),
    (server, idp): Partial<AvnetOptions> => ({
      clientId: "demo-avnet",
      clientSecret: "demo-avnet-secret",
      scope: "api://demo/.default",
      subscriptionKey: ["demo-primary-key", "demo-secondary-key"],
      baseUrl: server.url,
      tokenUrl: idp.tokenUrl,
    }),
  ),
  standIn(
    avionte,
    () => startPrism(definitionOf(avionte.id)),
    (server, idp): Partial<AvionteOptions> => ({
      clientId: "demo-avionte",
      clientSecret: "demo-avionte-secret",
      apiKey: "demo-avionte-key",
      tenant: "apitest",
      baseUrl: server.url,
      tokenUrl: idp.tokenUrl,
    }),
  ),
  standIn(
    advancedInventory,
    () => startPrism(definitionOf(advancedInventory.id)),
    (server, idp): Partial<AdvancedInventoryOptions> => ({
      baseUrl: server.url,
      clientId: "DSI",
      username: "demo",
      password: "demo-password",
      tokenUrl: idp.tokenUrl,
      revokeUrl: idp.revokeUrl,
    }),
  ),
  standIn(
    nexar,
    async () => {
      const server = await startNexarServer();
      return { url: server.url, stop: () => server.close() };
    },
    (server, idp): Partial<NexarOptions> => ({
      clientId: "demo-nexar",
      clientSecret: "demo-nexar-secret",
      baseUrl: server.url,
      tokenUrl: idp.tokenUrl,
    }),
  ),
];

export const STAND_IN_VENDORS = STAND_INS.map((s) => s.vendor.id);
export type StandInVendor = string;

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
  const chosen = STAND_INS.filter((s) => wanted.has(s.vendor.id));
  const [idpResult, ...serverResults] = await Promise.allSettled([startOAuthServer(), ...chosen.map((s) => s.start())] as const);
  const idp = idpResult.status === "fulfilled" ? idpResult.value : undefined;
  const servers = serverResults.map((r) => (r.status === "fulfilled" ? (r.value as Server) : undefined));
  const stop = async () => {
    await Promise.allSettled([idp?.stop(), ...servers.map((s) => s?.stop())]);
  };
  // One stand-in that fails to start must not leave the others running.
  const failed = [idpResult, ...serverResults].find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed || !idp) {
    await stop();
    throw failed?.reason ?? new Error("the OAuth stand-in did not start");
  }
  const env: Record<string, string> = {};
  const urls: Record<string, string> = { tokenUrl: idp.tokenUrl };
  chosen.forEach((standIn, i) => {
    const server = servers[i]!;
    Object.assign(env, standIn.vendor.toEnv(standIn.options(server, idp) as never));
    urls[standIn.vendor.id] = server.url;
  });
  return { env, urls, idp, stop };
}

export type StandIns = Awaited<ReturnType<typeof startStandIns>>;
