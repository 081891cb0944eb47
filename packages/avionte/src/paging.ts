import { ApiError, ConfigError, VendorClientsError } from "@vendor-clients/auth";
import type { AvionteClient } from "./client.ts";
import type { paths } from "./generated/front-office.ts";

type MultiQueryResult<P extends keyof paths> = paths[P] extends {
  post: { responses: { 200: { content: { "application/json": (infer T)[] } } } };
}
  ? T
  : never;

/** The resources Avionté pages as ids (`/{plural}/ids/{page}/{pageSize}`) and fetches in bulk (`/{plural}/multi-query`). */
export interface PagedResources {
  talents: MultiQueryResult<"/talents/multi-query">;
  companies: MultiQueryResult<"/companies/multi-query">;
  contacts: MultiQueryResult<"/contacts/multi-query">;
  jobs: MultiQueryResult<"/jobs/multi-query">;
  placements: MultiQueryResult<"/placements/multi-query">;
}

export type PagedResource = keyof PagedResources;
const RESOURCES: readonly PagedResource[] = ["talents", "companies", "contacts", "jobs", "placements"];

/** Avionté's documented ceiling for records per request. */
export const AVIONTE_MAX_BATCH = 100;

export interface PaginateOptions {
  /** Ids per page (default and maximum 100). */
  pageSize?: number;
  /** Ids per multi-query request (default and maximum 100). */
  batchSize?: number;
  /**
   * Number of the first page (default 1). Avionté's docs do not settle 0 or 1, and clients differ:
   * one open-source client computes 1-based pages, a vendor-published notebook starts at 0
   * (../shared/facts/avionte.md, "Uncertain"). Inferred: pass 0 if your tenant's first page is 0.
   */
  firstPage?: number;
  maxPages?: number;
  signal?: AbortSignal;
}

const check = (name: string, value: number | undefined, fallback: number) => {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1 || v > AVIONTE_MAX_BATCH)
    throw new ConfigError(name, `paginate: option "${name}" must be an integer from 1 to ${AVIONTE_MAX_BATCH}; got ${value}`);
  return v;
};

/**
 * Every record of a resource, as an async iterator: it walks `ids/{page}/{pageSize}` until an
 * empty page, and fetches the records behind each page through `multi-query` in batches of at
 * most 100 ids. Pages are fetched only as the caller consumes them.
 *
 * Only an empty page ends the walk: Avionté caps some bulk endpoints below the page size asked
 * for, so a short page is not the last one. A server that ignores the page number (the same ids
 * again) is refused rather than walked forever.
 *
 *   for await (const talent of paginate(client, "talents")) console.log(talent.id, talent.lastName);
 */
export async function* paginate<R extends PagedResource>(
  client: AvionteClient,
  resource: R,
  options: PaginateOptions = {},
): AsyncGenerator<PagedResources[R], void, undefined> {
  if (!RESOURCES.includes(resource))
    throw new ConfigError("resource", `paginate: resource must be one of ${RESOURCES.join(", ")}; got ${JSON.stringify(resource)}`);
  const pageSize = check("pageSize", options.pageSize, AVIONTE_MAX_BATCH);
  const batchSize = check("batchSize", options.batchSize, AVIONTE_MAX_BATCH);
  const firstPage = options.firstPage ?? 1;
  // One resource's paths stand for all five: they share the same shape.
  const idsPath = `/${resource}/ids/{page}/{pageSize}` as "/talents/ids/{page}/{pageSize}";
  const queryPath = `/${resource}/multi-query` as "/talents/multi-query";
  const signal = options.signal ? { signal: options.signal } : {};
  let previous: string | undefined;
  for (let page = firstPage; options.maxPages === undefined || page < firstPage + options.maxPages; page++) {
    const ids = await client.GET(idsPath, { params: { path: { page, pageSize } }, ...signal });
    if (!ids.response.ok || !ids.data) throw ApiError.from(ids.response, ids.error, { method: "GET" });
    if (ids.data.length === 0) return;
    const key = ids.data.join(",");
    if (key === previous)
      throw new VendorClientsError(
        `paginate: page ${page} of ${resource} repeats page ${page - 1} (${ids.data.length} ids): the server ignores the page number; stopped instead of looping`,
      );
    previous = key;
    for (let start = 0; start < ids.data.length; start += batchSize) {
      const batch = ids.data.slice(start, start + batchSize);
      const records = await client.POST(queryPath, { body: batch, ...signal });
      if (!records.response.ok || !records.data) throw ApiError.from(records.response, records.error, { method: "POST" });
      yield* records.data as PagedResources[R][];
    }
  }
}
