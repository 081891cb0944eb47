import { createClientCore, silentLogger, type CommonClientOptions, type Transport } from "@vendor-clients/auth";
import { fetchTransport } from "@vendor-clients/auth/internal";
import { restClient } from "@vendor-clients/auth/rest";
import { undiciTransport } from "@vendor-clients/auth/undici";
import createClient from "openapi-fetch";

/** openapi-fetch's client as the cases use it: any path, any init. */
export interface LooseClient {
  request(method: string, path: string, init?: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  use(...middleware: object[]): void;
}

/** The sides of every comparison: plain openapi-fetch on the platform's fetch, and the core on each transport. */
export const SIDES = ["plain", "undici", "fetch"] as const;
export type Side = (typeof SIDES)[number];
export const TRANSPORTS: Record<Exclude<Side, "plain">, () => Transport> = {
  undici: () => undiciTransport(),
  fetch: () => fetchTransport(),
};

/** The core with an API key header it adds on the wire (never on the caller's Request), no retries, no limits. */
export function coreOf(side: Exclude<Side, "plain">, baseUrl: string, options: Partial<CommonClientOptions> = {}) {
  return createClientCore({
    owner: "conformance",
    options: { transport: TRANSPORTS[side](), retry: false, rateLimit: false, logger: silentLogger, ...options },
    baseUrl,
    apiKey: { name: "x-core-key", keys: "conformance-key" },
  });
}

/** openapi-fetch with the options a user passes to createClient, plain or through the core. */
export function restOf(side: Side, baseUrl: string, options: Record<string, unknown> = {}): LooseClient {
  if (side === "plain") return createClient({ baseUrl, ...options }) as unknown as LooseClient;
  // The core's fetch option is the underlying fetch (the fetch transport on it), as openapi-fetch's is plain fetch.
  return restClient(coreOf(side, baseUrl, options as Partial<CommonClientOptions>)) as unknown as LooseClient;
}
