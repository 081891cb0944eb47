export { createAvnetClient, fromEnv, AVNET_BASE_URL, avnet, AVNET_TOKEN_URL, type AvnetClient, type AvnetOptions } from "./client.ts";
export { AVNET_RATE_LIMIT } from "./rate-limits.ts";
export { getPrices, AVNET_PRICE_BATCH_SIZE, type PriceLookup, type PriceOffer, type PriceResult } from "./pricing.ts";
export type { components, operations, paths } from "./generated/apim.ts";
