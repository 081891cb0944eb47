import * as dsi from "@vendor-clients/advanced-inventory";
import type { Environment, TokenCache, TokenStore } from "@vendor-clients/auth";
import * as avionte from "@vendor-clients/avionte";
import * as avnet from "@vendor-clients/avnet";
import * as ingram from "@vendor-clients/ingram-micro";
import * as nexar from "@vendor-clients/nexar";

/** What the CLI needs of any vendor client: its tokens, its authenticated fetch, where it points. */
export interface AnyClient {
  tokens: TokenCache;
  fetch: typeof globalThis.fetch;
  baseUrl: string;
  close?: () => Promise<void>;
}

export interface VendorEntry {
  id: string;
  name: string;
  /** The environment variables its client reads, for --help. */
  variables: readonly string[];
  create(store: TokenStore | undefined, env: Environment): AnyClient;
}

const withStore = (store: TokenStore | undefined) => (store ? { store } : {});

/** Every vendor, as each package defines it: nothing about a vendor is written here again. */
export const VENDORS: readonly VendorEntry[] = [ingram.ingramMicro, avnet.avnet, avionte.avionte, dsi.advancedInventory, nexar.nexar].map(
  (vendor: {
    id: string;
    name: string;
    variables: readonly { name: string }[];
    fromEnv(overrides: { store?: TokenStore }, env: Environment): AnyClient;
  }) => ({
    id: vendor.id,
    name: vendor.name,
    variables: vendor.variables.map((v) => v.name),
    create: (store, env) => vendor.fromEnv(withStore(store), env),
  }),
);

const ALIASES: Record<string, string> = { dsi: "advanced-inventory", ingram: "ingram-micro", im: "ingram-micro" };

export function findVendor(name: string | undefined): VendorEntry | undefined {
  const id = name ? (ALIASES[name.toLowerCase()] ?? name.toLowerCase()) : undefined;
  return VENDORS.find((v) => v.id === id);
}
