import type { AdvancedInventoryOptions } from "@vendor-clients/advanced-inventory";
import type { Vendor } from "@vendor-clients/auth";
import { vendorsDependedOn } from "@vendor-clients/auth/internal";
import type { AvionteOptions } from "@vendor-clients/avionte";
import type { AvnetOptions } from "@vendor-clients/avnet";
import type { IngramMicroOptions } from "@vendor-clients/ingram-micro";
import { type OAuthClient, specPath, startNexarServer, startOAuthServer, startPrism, type OAuthTestServer } from "@vendor-clients/testkit";
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

type AnyVendor = Vendor<Record<string, unknown>, unknown>;

/**
 * The vendor packages this package depends on (its package.json), each vendor as its package
 * exports it: `pnpm new-vendor` registers a new one there, and it gets a stand-in with no edit here.
 */
async function loadVendors(): Promise<AnyVendor[]> {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  return vendorsDependedOn(manifest.dependencies, (name) => import(name));
}

type Extras = (server: Server, idp: OAuthTestServer) => Record<string, unknown>;

/** A vendor's stand-in: what it adds to the usual options (typed as the vendor's), and another server than Prism. */
interface StandInOf {
  start?: (vendor: string) => Promise<Server>;
  options?: Extras;
  /** The app the OAuth stand-in knows for it, when not the usual client id and secret. */
  client?: OAuthClient;
}
const typed = <Options>(options: (server: Server, idp: OAuthTestServer) => Partial<Options>) => options as Extras;

/**
 * What a vendor's stand-in adds to the usual ones (a made-up client id and secret, API key,
 * user name and password, the server's URL and the token URL), by vendor id. A vendor not
 * listed gets Prism on its first definition and the usual options.
 */
const SPECIAL: Record<string, StandInOf> = {
  // Ingram Micro's own examples break its own schemas, which Prism's --errors turns into a 500
  // for most operations. Without it Prism still refuses a wrong request (400, 401) and answers
  // with Ingram's examples: real-looking data, the same every run (--dynamic would be lorem ipsum).
  "ingram-micro": {
    start: (vendor) => startPrism(definitionOf(vendor), { errors: false }),
    options: typed<IngramMicroOptions>(() => ({ customerNumber: "20-222222", countryCode: "US" })),
  },
  avnet: {
    options: typed<AvnetOptions>(() => ({ scope: "api://demo/.default", subscriptionKey: ["demo-primary-key", "demo-secondary-key"] })),
    client: { id: "demo-avnet", secret: "demo-avnet-secret", scopes: ["api://demo/.default"] },
  },
  // "apitest" is the sandbox tenant Avionté's own documentation uses.
  avionte: { options: typed<AvionteOptions>(() => ({ apiKey: "demo-avionte-key", tenant: "apitest" })) },
  "advanced-inventory": {
    options: typed<AdvancedInventoryOptions>((_, idp) => ({
      clientId: "DSI",
      username: "demo",
      password: "demo-password",
      revokeUrl: idp.revokeUrl,
    })),
    // DSI's Client ID is no secret (sent alone as HTTP Basic); the login is what is checked.
    client: { id: "DSI", users: { demo: "demo-password" } },
  },
  nexar: {
    start: async () => {
      const server = await startNexarServer();
      return { url: server.url, stop: () => server.close() };
    },
  },
};

/** Every vendor of the workspace, as its package exports it (for the demo and `.env.example`). */
export const VENDORS: readonly AnyVendor[] = await loadVendors();

export const STAND_IN_VENDORS = VENDORS.map((v) => v.id);

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
  const chosen = VENDORS.filter((v) => wanted.has(v.id));
  // The OAuth stand-in knows each vendor's app as the vendor's server does: a wrong id, secret,
  // password or scope is refused (invalid_client, invalid_grant, invalid_scope) as it would be.
  // A vendor that reads no client secret (a password grant) is a public client: its id alone.
  const clients: OAuthClient[] = chosen.map(
    (v) =>
      SPECIAL[v.id]?.client ?? {
        id: `demo-${v.id}`,
        ...(v.variables.some((variable) => variable.option === "clientSecret") ? { secret: `demo-${v.id}-secret` } : {}),
      },
  );
  const [idpResult, ...serverResults] = await Promise.allSettled([
    startOAuthServer({ clients }),
    ...chosen.map((v) => (SPECIAL[v.id]?.start ?? ((id) => startPrism(definitionOf(id))))(v.id)),
  ] as const);
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
  chosen.forEach((vendor, i) => {
    const server = servers[i]!;
    const usual: Record<string, string> = {
      clientId: `demo-${vendor.id}`,
      clientSecret: `demo-${vendor.id}-secret`,
      apiKey: `demo-${vendor.id}-key`,
      // A bearer-token vendor's pasted token: Prism checks that one is sent, not what it is.
      token: `demo-${vendor.id}-token`,
      username: "demo",
      password: `demo-${vendor.id}-password`,
      baseUrl: server.url,
      tokenUrl: idp.tokenUrl,
    };
    // Only what the vendor reads (DSI's password grant has no client secret).
    const read = new Set(vendor.variables.map((v) => v.option));
    const given = Object.fromEntries(Object.entries(usual).filter(([option]) => read.has(option as never)));
    Object.assign(env, vendor.toEnv({ ...given, ...SPECIAL[vendor.id]?.options?.(server, idp) }));
    urls[vendor.id] = server.url;
  });
  return { env, urls, idp, stop };
}

export type StandIns = Awaited<ReturnType<typeof startStandIns>>;
