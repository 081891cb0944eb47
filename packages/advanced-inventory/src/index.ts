export { createAdvancedInventoryClient, fromEnv, ADVANCED_INVENTORY_ENV, type AdvancedInventoryClient, type AdvancedInventoryOptions } from "./client.ts";
export type { components, operations, paths } from "./generated/web-api.ts";
