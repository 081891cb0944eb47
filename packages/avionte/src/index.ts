export {
  createAvionteClient,
  fromEnv,
  AVIONTE_BASE_URL,
  avionte,
  AVIONTE_SCOPE,
  AVIONTE_TOKEN_URL,
  type AvionteClient,
  type AvionteOptions,
} from "./client.ts";
export { AVIONTE_RATE_LIMIT } from "./rate-limits.ts";
export { iterate, AVIONTE_MAX_BATCH, type IterateOptions, type PagedResource, type PagedResources } from "./paging.ts";
export type { components, operations, paths, webhooks } from "./generated/front-office.ts";
