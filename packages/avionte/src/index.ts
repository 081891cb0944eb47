export { createAvionteClient, fromEnv, avionte, type AvionteClient } from "./client.ts";
export { AVIONTE_BASE_URL, AVIONTE_SCOPE, AVIONTE_TOKEN_URL, avionteData, type AvionteOptions } from "./vendor.ts";
export { AVIONTE_RATE_LIMIT } from "./rate-limits.ts";
export { paginate, AVIONTE_MAX_BATCH, type PaginateOptions, type PagedResource, type PagedResources } from "./paging.ts";
export type { components, operations, paths, webhooks } from "./generated/front-office.ts";
