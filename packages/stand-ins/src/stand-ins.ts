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
 * One vendor's stand-in: its server, and what a client needs beyond a made-up client id and
 * secret, the server's URL and the token URL (typed as the vendor's options). The variables'
 * names come from the vendor's data.
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
    (): Partial<IngramMicroOptions> => ({ customerNumber: "20-222222", countryCode: "US" }),
  ),
  standIn(
    avnet,
    () => startPrism(definitionOf(avnet.id)),
    (): Partial<AvnetOptions> => ({ scope: "api://demo/.default", subscriptionKey: ["demo-primary-key", "demo-secondary-key"] }),
  ),
  standIn(
    avionte,
    () => startPrism(definitionOf(avionte.id)),
    (): Partial<AvionteOptions> => ({ apiKey: "demo-avionte-key", tenant: "apitest" }),
  ),
  standIn(
    advancedInventory,
    () => startPrism(definitionOf(advancedInventory.id)),
    (_, idp): Partial<AdvancedInventoryOptions> => ({
      clientId: "DSI",
      username: "demo",
      password: "demo-password",
      revokeUrl: idp.revokeUrl,
    }),
  ),
  standIn(
    nexar,
    async () => {
      const server = await startNexarServer();
      return { url: server.url, stop: () => server.close() };
    },
    (): Partial<NexarOptions> => ({}),
  ),
];

export const STAND_IN_VENDORS = STAND_INS.map((s) => s.vendor.id);

/**
 * Every vendor at once, on loopback: one OAuth server, a Prism mock per REST vendor (checking
 * each request against that vendor's definition) and a Nexar GraphQL server. `env` holds the
 * variables each client's fromEnv() reads to talk to them, with made-up credentials.
 * `vendors` starts only some of them (a Prism takes seconds to start; the OAuth server always runs).
 */
export async function startStandIns(options: { vendors?: readonly string[] } = {}) {
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
  chosen.forEach(({ vendor, options }, i) => {
    const server = servers[i]!;
    const usual: Record<string, string> = {
      clientId: `demo-${vendor.id}`,
      clientSecret: `demo-${vendor.id}-secret`,
      baseUrl: server.url,
      tokenUrl: idp.tokenUrl,
    };
    // Only what the vendor reads (DSI's password grant has no client secret).
    const read = new Set(vendor.variables.map((v) => v.option));
    const given = Object.fromEntries(Object.entries(usual).filter(([option]) => read.has(option as never)));
    Object.assign(env, vendor.toEnv({ ...given, ...options(server, idp) } as never));
    urls[vendor.id] = server.url;
  });
  return { env, urls, idp, stop };
}

export type StandIns = Awaited<ReturnType<typeof startStandIns>>;
