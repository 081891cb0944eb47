import { ConfigError } from "@vendor-clients/auth";
import type { NexarClient } from "./client.ts";
import { market, type MarketOptions } from "./market.ts";
import {
  PartsDocument,
  SearchDocument,
  SearchMpnDocument,
  type PartsQuery,
  type SearchMpnQuery,
  type SearchQuery,
} from "./generated/schema.operations.ts";

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

/** Parts by Nexar id, with sellers and offers. */
export async function getParts(client: NexarClient, ids: readonly string[], options: MarketOptions = {}): Promise<PartsQuery["supParts"]> {
  const { supParts } = await client.request(PartsDocument, { ids: [...ids], ...market(options) });
  return supParts;
}
