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
  /** Environment variables, for --help. */
  env: Record<string, string>;
  create(store: TokenStore | undefined, env: Environment): AnyClient;
}

const withStore = (store: TokenStore | undefined) => (store ? { store } : {});

export const VENDORS: readonly VendorEntry[] = [
  { id: "ingram-micro", name: "Ingram Micro", env: ingram.INGRAM_MICRO_ENV, create: (store, env) => ingram.fromEnv(withStore(store), env) },
  { id: "avnet", name: "Avnet", env: avnet.AVNET_ENV, create: (store, env) => avnet.fromEnv(withStore(store), env) },
  { id: "avionte", name: "Avionté", env: avionte.AVIONTE_ENV, create: (store, env) => avionte.fromEnv(withStore(store), env) },
  {
    id: "advanced-inventory",
    name: "DSI Advanced Inventory",
    env: dsi.ADVANCED_INVENTORY_ENV,
    create: (store, env) => dsi.fromEnv(withStore(store), env),
  },
  {
    id: "nexar",
    name: "Nexar",
    env: nexar.NEXAR_ENV,
    create: (store, env) => {
      const client = nexar.fromEnv(withStore(store), env);
      return { tokens: client.tokens, fetch: client.fetch, baseUrl: client.endpoint };
    },
  },
];

const ALIASES: Record<string, string> = { dsi: "advanced-inventory", ingram: "ingram-micro", im: "ingram-micro" };

export function findVendor(name: string | undefined): VendorEntry | undefined {
  const id = name ? (ALIASES[name.toLowerCase()] ?? name.toLowerCase()) : undefined;
  return VENDORS.find((v) => v.id === id);
}
