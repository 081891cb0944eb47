import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { ConfigError } from "@vendor-clients/auth";
import type { NexarClient } from "./client.ts";
import { market, type MarketOptions } from "./market.ts";
import {
  NexarPartsDocument,
  NexarSearchDocument,
  NexarSearchMpnDocument,
  type NexarPartsQuery,
  type NexarSearchMpnQuery,
  type NexarSearchQuery,
} from "./generated/schema.operations.ts";

export type SearchMpnResult = NexarSearchMpnQuery["supSearchMpn"];
export type PartWithOffers = NonNullable<SearchMpnResult["results"]>[number]["part"];

/** Parts whose MPN matches `mpn`, with sellers, offers and price breaks. */
export async function searchMpn(
  client: NexarClient,
  mpn: string,
  options: MarketOptions & { inStockOnly?: boolean; limit?: number; start?: number } = {},
): Promise<SearchMpnResult> {
  const { supSearchMpn } = await client.request(NexarSearchMpnDocument, {
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

export type SearchResultItem = NonNullable<NexarSearchQuery["supSearch"]["results"]>[number];

/** What a search document must answer: the hits there are and a page of results (any selection). */
export interface SearchLike<R> {
  supSearch: { hits: number; results?: ReadonlyArray<R> | null };
}

/** The variables search() sends; your own document declares those it uses (q, start and limit at least). */
export interface SearchVariables {
  q: string;
  start?: number | null;
  limit?: number | null;
}

export interface SearchOptions<R> extends MarketOptions {
  inStockOnly?: boolean;
  /** Nexar's filter map (see its attribute values), e.g. `{ manufacturer_id: ["370"] }`. */
  filters?: Record<string, unknown>;
  /** Sort field (Nexar's sort values, e.g. "avg_avail") and direction. */
  sort?: string;
  sortDir?: "asc" | "desc";
  pageSize?: number;
  maxResults?: number;
  /** Your own search document (the package's NexarSearch by default): any selection of supSearch's hits and results. */
  document?: TypedDocumentNode<SearchLike<R>, SearchVariables & Record<string, unknown>>;
}

/**
 * A free-text part search as an async iterator over its results, fetching page after page
 * (`start`/`limit`) while the caller consumes them, up to the hits there are or the API's cap.
 */
export async function* search<R = SearchResultItem>(
  client: NexarClient,
  query: string,
  options: SearchOptions<R> = {},
): AsyncGenerator<R, void, undefined> {
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    throw new ConfigError("pageSize", `search: option "pageSize" must be an integer from 1 to 100; got ${pageSize}`);
  const cap = Math.min(options.maxResults ?? NEXAR_SEARCH_HIT_CAP, NEXAR_SEARCH_HIT_CAP);
  const document = (options.document ?? NexarSearchDocument) as TypedDocumentNode<SearchLike<R>, Record<string, unknown>>;
  for (let start = 0; start < cap; start += pageSize) {
    const { supSearch } = await client.request(document, {
      q: query,
      ...market(options),
      ...(options.inStockOnly !== undefined ? { inStockOnly: options.inStockOnly } : {}),
      ...(options.filters ? { filters: options.filters } : {}),
      ...(options.sort ? { sort: options.sort } : {}),
      ...(options.sortDir ? { sortDir: options.sortDir } : {}),
      start,
      limit: Math.min(pageSize, cap - start),
    });
    const results = supSearch.results ?? [];
    yield* results;
    if (results.length === 0 || start + results.length >= Math.min(supSearch.hits, cap)) return;
  }
}

/** Parts by Nexar id, with sellers and offers. */
export async function getParts(
  client: NexarClient,
  ids: readonly string[],
  options: MarketOptions = {},
): Promise<NexarPartsQuery["supParts"]> {
  const { supParts } = await client.request(NexarPartsDocument, { ids: [...ids], ...market(options) });
  return supParts;
}
