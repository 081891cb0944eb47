import { ApiError, ConfigError } from "@vendor-clients/auth";
import type { AvnetClient } from "./client.ts";
import type { components } from "./generated/apim.ts";

export type PriceOffer = components["schemas"]["PriceOffer"];

export interface PriceLookup {
  /** Manufacturer part number. */
  mpn: string;
  quantity: number;
}

export interface PriceResult<L extends PriceLookup = PriceLookup> {
  lookup: L;
  /** Every offer Avnet returned for this line (possibly none). */
  offers: PriceOffer[];
}

/**
 * At most 10 lines per pricing request: one client's reading of Avnet's document (inferred, not a
 * published limit; ../shared/facts/avnet.md), kept because the definition's maxItems says the same.
 */
export const AVNET_PRICE_BATCH_SIZE = 10;

/**
 * Prices and stock for any number of parts: split into requests of at most 10 lines (sent one
 * after another, as Avnet's rate limits ask), results put back in input order.
 */
export async function getPrices<L extends PriceLookup>(
  client: AvnetClient,
  lookups: readonly L[],
  options: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<PriceResult<L>[]> {
  const batchSize = options.batchSize ?? AVNET_PRICE_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > AVNET_PRICE_BATCH_SIZE)
    throw new ConfigError(
      "batchSize",
      `getPrices: option "batchSize" must be an integer from 1 to ${AVNET_PRICE_BATCH_SIZE}; got ${batchSize}`,
    );
  lookups.forEach((lookup, i) => {
    if (!lookup?.mpn || !Number.isInteger(lookup.quantity) || lookup.quantity < 1)
      throw new ConfigError(
        `lookups[${i}]`,
        `getPrices: lookups[${i}] needs an mpn and a whole quantity ≥ 1; got ${JSON.stringify(lookup)}`,
      );
  });
  const results: PriceResult<L>[] = lookups.map((lookup) => ({ lookup, offers: [] }));
  for (let start = 0; start < lookups.length; start += batchSize) {
    // itemId is the line's position in the whole input: the response echoes it on every offer row.
    const items = lookups
      .slice(start, start + batchSize)
      .map((lookup, i) => ({ itemId: start + i + 1, searchType: "REQUEST_PART", searchTerm: lookup.mpn, quantity: lookup.quantity }));
    const { data, error, response } = await client.POST("/external/customer/price/v1/", {
      body: { items, stock: "Y", price: "Y" },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!response.ok || !data) throw ApiError.from(response, error, { method: "POST" });
    for (const offer of data.items ?? []) {
      const line = results[(offer.itemId ?? 0) - 1];
      if (line && offer.itemId! > start && offer.itemId! <= start + items.length) line.offers.push(offer);
    }
  }
  return results;
}
