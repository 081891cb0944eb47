export { createIngramMicroClient, fromEnv, ingramMicro, INGRAM_MICRO_TOKEN_LIFETIME_MS, type IngramMicroClient } from "./client.ts";
export { INGRAM_MICRO_BASE_URLS, INGRAM_MICRO_TOKEN_URL, ingramMicroData, type IngramMicroOptions } from "./vendor.ts";
export { INGRAM_MICRO_GET_ENDPOINTS, INGRAM_MICRO_RATE_LIMIT } from "./rate-limits.ts";
export { paginate, type PaginateOptions } from "./pagination.ts";
export type { AvailabilityUpdateEvent, OrderStatusEvent, webhooks } from "./webhooks.ts";
export type { components, operations, paths } from "./generated/resellers.ts";
