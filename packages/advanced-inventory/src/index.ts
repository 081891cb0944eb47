export { createAdvancedInventoryClient, fromEnv, advancedInventory, type AdvancedInventoryClient } from "./client.ts";
export { advancedInventoryData, type AdvancedInventoryOptions } from "./vendor.ts";
export { ADVANCED_INVENTORY_RATE_LIMIT } from "./rate-limits.ts";
export type { components, operations, paths } from "./generated/web-api.ts";
