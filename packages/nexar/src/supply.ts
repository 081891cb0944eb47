import { ConfigError } from "@vendor-clients/auth";
import type { NexarClient } from "./client.ts";
import {
  MultiMatchDocument,
  PartsDocument,
  SearchDocument,
  SearchMpnDocument,
  type MultiMatchQuery,
  type PartsQuery,
  type SearchMpnQuery,
  type SearchQuery,
  type SupPartMatchOptions,
} from "./generated/schema.operations.ts";

/** Where and in which currency prices are wanted, and whether to keep only authorized sellers. */
export interface MarketOptions {
  /** ISO country code (default "US"). */
  country?: string;
  /** ISO currency code (default "USD"). */
  currency?: string;
  /** Keep only sellers the manufacturer authorizes. */
  authorizedOnly?: boolean;
}

const market = (options: MarketOptions) => ({
  ...(options.country ? { country: options.country } : {}),
  ...(options.currency ? { currency: options.currency } : {}),
  authorizedOnly: options.authorizedOnly ?? false,
});

export type SearchMpnResult = SearchMpnQuery["supSearchMpn"];
export type PartWithOffers = NonNullable<SearchMpnResult["results"]>[number]["part"];

/** Parts whose MPN matches `mpn`, with sellers, offers and price breaks. */
export async function searchMpn(
  client: NexarClient,
  mpn: string,
  options: MarketOptions & { inStockOnly?: boolean; limit?: number; start?: number } = {},
): Promise<SearchMpnResult> {
  const { supSearchMpn } = await client.request(SearchMpnDocument, {
    q: mpn,
    ...market(options),
    ...(options.inStockOnly !== undefined ? { inStockOnly: options.inStockOnly } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.start !== undefined ? { start: options.start } : {}),
  });
  return supSearchMpn;
}

/** Nexar returns at most this many hits for one search, however it is paged. */
export const NEXAR_SEARCH_HIT_CAP = 1000;

export type SearchResultItem = NonNullable<SearchQuery["supSearch"]["results"]>[number];

/**
 * A free-text part search as an async iterator over its results, fetching page after page
 * (`start`/`limit`) while the caller consumes them, up to the hits there are or the API's cap.
 */
export async function* search(
  client: NexarClient,
  query: string,
  options: MarketOptions & { inStockOnly?: boolean; filters?: Record<string, unknown>; pageSize?: number; maxResults?: number } = {},
): AsyncGenerator<SearchResultItem, void, undefined> {
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    throw new ConfigError("pageSize", `search: option "pageSize" must be an integer from 1 to 100; got ${pageSize}`);
  const cap = Math.min(options.maxResults ?? NEXAR_SEARCH_HIT_CAP, NEXAR_SEARCH_HIT_CAP);
  for (let start = 0; start < cap; start += pageSize) {
    const { supSearch } = await client.request(SearchDocument, {
      q: query,
      ...market(options),
      ...(options.inStockOnly !== undefined ? { inStockOnly: options.inStockOnly } : {}),
      ...(options.filters ? { filters: options.filters } : {}),
      start,
      limit: Math.min(pageSize, cap - start),
    });
    const results = supSearch.results ?? [];
    yield* results;
    if (results.length === 0 || start + results.length >= Math.min(supSearch.hits, cap)) return;
  }
}

/** One line of a bill of materials to match. */
export interface BomLine {
  mpn?: string;
  sku?: string;
  mpnOrSku?: string;
  manufacturer?: string;
  seller?: string;
  /** Candidate parts to return for this line (default 3). */
  limit?: number;
}

export type PartMatch = MultiMatchQuery["supMultiMatch"][number];

export interface MultiMatchOptions extends MarketOptions, SupPartMatchOptions {
  /** Lines per request (default 20). */
  batchSize?: number;
  /** Called after each request with the number of lines matched so far (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Matches a whole bill of materials: split into requests of `batchSize` lines, sent one after
 * another, and every result put back at its line's position, whatever order the API answers in.
 */
export async function multiMatch<L extends BomLine>(
  client: NexarClient,
  lines: readonly L[],
  options: MultiMatchOptions = {},
): Promise<Array<{ line: L; match: PartMatch | undefined }>> {
  const batchSize = options.batchSize ?? 20;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100)
    throw new ConfigError("batchSize", `multiMatch: option "batchSize" must be an integer from 1 to 100; got ${batchSize}`);
  lines.forEach((line, i) => {
    if (!line || !(line.mpn || line.sku || line.mpnOrSku))
      throw new ConfigError(`lines[${i}]`, `multiMatch: lines[${i}] needs an mpn, sku or mpnOrSku`);
  });
  const matchOptions = {
    ...(options.requireAuthorizedSellers !== undefined ? { requireAuthorizedSellers: options.requireAuthorizedSellers } : {}),
    ...(options.requireStockAvailable !== undefined ? { requireStockAvailable: options.requireStockAvailable } : {}),
    ...(options.filters !== undefined ? { filters: options.filters } : {}),
  };
  const results: Array<{ line: L; match: PartMatch | undefined }> = lines.map((line) => ({ line, match: undefined }));
  for (let start = 0; start < lines.length; start += batchSize) {
    options.signal?.throwIfAborted();
    // The line's index travels as the query's reference and brings each match back to its line.
    const queries = lines.slice(start, start + batchSize).map((line, i) => ({
      ...(line.mpn ? { mpn: line.mpn } : {}),
      ...(line.sku ? { sku: line.sku } : {}),
      ...(line.mpnOrSku ? { mpnOrSku: line.mpnOrSku } : {}),
      ...(line.manufacturer ? { manufacturer: line.manufacturer } : {}),
      ...(line.seller ? { seller: line.seller } : {}),
      ...(line.limit !== undefined ? { limit: line.limit } : {}),
      reference: String(start + i),
    }));
    const { supMultiMatch } = await client.request(MultiMatchDocument, {
      queries,
      ...(Object.keys(matchOptions).length ? { options: matchOptions } : {}),
      ...market(options),
    });
    for (const match of supMultiMatch) {
      const index = Number(match.reference);
      if (Number.isInteger(index) && index >= start && index < start + queries.length) results[index]!.match = match;
    }
    options.onProgress?.(Math.min(start + batchSize, lines.length), lines.length);
  }
  return results;
}

/** Parts by Nexar id, with sellers and offers. */
export async function getParts(client: NexarClient, ids: readonly string[], options: MarketOptions = {}): Promise<PartsQuery["supParts"]> {
  const { supParts } = await client.request(PartsDocument, { ids: [...ids], ...market(options) });
  return supParts;
}
