export { createAvnetClient, fromEnv, avnet, type AvnetClient } from "./client.ts";
export { AVNET_BASE_URL, AVNET_TOKEN_URL, avnetData, type AvnetOptions } from "./vendor.ts";
export { AVNET_RATE_LIMIT } from "./rate-limits.ts";
export { getPrices, AVNET_PRICE_BATCH_SIZE, type PriceLookup, type PriceOffer, type PriceResult } from "./pricing.ts";
export type { components, operations, paths } from "./generated/apim.ts";
