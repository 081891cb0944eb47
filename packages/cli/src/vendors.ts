import { readFileSync } from "node:fs";
import type { Environment, TokenCache, TokenStore } from "@vendor-clients/auth";
import { vendorsDependedOn } from "@vendor-clients/auth/internal";

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
  /** Shorter names the CLI also accepts for it. */
  aliases: readonly string[];
  /** The environment variables its client reads, for --help. */
  variables: readonly string[];
  create(store: TokenStore | undefined, env: Environment): AnyClient;
}

/** Short names, each under its own vendor. */
const ALIASES: Record<string, readonly string[]> = { "ingram-micro": ["ingram", "im"], "advanced-inventory": ["dsi"] };

const withStore = (store: TokenStore | undefined) => (store ? { store } : {});

/**
 * The vendor packages this CLI depends on (its package.json's dependencies), loaded once: a
 * vendor added with `pnpm new-vendor` is registered there, so nothing about a vendor is written
 * here again.
 */
async function loadVendors(): Promise<VendorEntry[]> {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const vendors = await vendorsDependedOn(manifest.dependencies, (name) => import(name));
  return vendors.map((vendor) => ({
    id: vendor.id,
    name: vendor.name,
    aliases: ALIASES[vendor.id] ?? [],
    variables: vendor.variables.map((v) => v.name),
    create: (store, env) => vendor.fromEnv(withStore(store), env) as AnyClient,
  }));
}

/** Every vendor, as each package defines it. */
export const VENDORS: readonly VendorEntry[] = await loadVendors();

export function findVendor(name: string | undefined): VendorEntry | undefined {
  const wanted = name?.toLowerCase();
  return VENDORS.find((v) => v.id === wanted || v.aliases.includes(wanted ?? ""));
}

/** "ingram-micro (aliases ingram, im), avnet, …": each alias beside the vendor it stands for. */
export const vendorList = VENDORS.map((v) =>
  v.aliases.length ? `${v.id} (alias${v.aliases.length > 1 ? "es" : ""} ${v.aliases.join(", ")})` : v.id,
).join(", ");

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * The vendor an unknown name most likely meant: the closest id or alias within a third of its
 * length (at least 2 edits), or one the name starts or ends.
 */
export function suggestVendor(name: string): string | undefined {
  const wanted = name.toLowerCase();
  let best: { name: string; cost: number } | undefined;
  for (const vendor of VENDORS)
    for (const candidate of [vendor.id, ...vendor.aliases]) {
      const cost = candidate.startsWith(wanted) || wanted.startsWith(candidate) ? 1 : distance(wanted, candidate);
      if (cost <= Math.max(2, Math.floor(candidate.length / 3)) && (!best || cost < best.cost)) best = { name: vendor.id, cost };
    }
  return best?.name;
}

/** The usage error's text for a vendor name that is none. */
export function unknownVendor(name: string | undefined): string {
  if (!name) return `missing <vendor>; one of: ${vendorList}`;
  const suggestion = suggestVendor(name);
  return `unknown vendor "${name}"; ${suggestion ? `did you mean ${suggestion}? One` : "one"} of: ${vendorList}`;
}
