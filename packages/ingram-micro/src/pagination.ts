import { ApiError } from "@vendor-clients/auth";

/** What openapi-fetch returns for one call. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The paging fields Ingram Micro's search responses carry (sometimes as strings). */
interface PageInfo {
  recordsFound?: number | string;
  pageSize?: number | string;
  pageNumber?: number | string;
}

export interface PaginateOptions {
  /** Records per page (Ingram Micro's maximum is 100; default 100). */
  pageSize?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  signal?: AbortSignal;
}

/**
 * Walks an Ingram Micro search (`pageNumber` / `pageSize`, totals in `recordsFound`) and yields
 * its records one by one, fetching the next page only when the caller wants more.
 *
 *   for await (const product of paginate((page) => client.GET("/resellers/v6/catalog", { params: { query: { ...page, keyword: ["laptop"] } } }), (r) => r.catalog)) …
 */
export async function* paginate<Page extends PageInfo, Item>(
  fetchPage: (page: { pageNumber: number; pageSize: number }) => Promise<FetchResult<Page>>,
  itemsOf: (page: Page) => readonly Item[] | null | undefined,
  options: PaginateOptions = {},
): AsyncGenerator<Item, void, undefined> {
  const pageSize = options.pageSize ?? 100;
  let seen = 0;
  for (let pageNumber = 1; options.maxPages === undefined || pageNumber <= options.maxPages; pageNumber++) {
    options.signal?.throwIfAborted();
    const { data, error, response } = await fetchPage({ pageNumber, pageSize });
    if (!response.ok || data === undefined) throw ApiError.from(response, error, { method: "GET" });
    const items = itemsOf(data) ?? [];
    for (const item of items) yield item;
    seen += items.length;
    const total = Number(data.recordsFound);
    if (items.length === 0 || items.length < pageSize || (Number.isFinite(total) && seen >= total)) return;
  }
}
