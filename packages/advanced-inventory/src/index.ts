export {
  createAdvancedInventoryClient,
  fromEnv,
  advancedInventory,
  type AdvancedInventoryClient,
  type AdvancedInventoryOptions,
} from "./client.ts";
export { ADVANCED_INVENTORY_RATE_LIMIT } from "./rate-limits.ts";
export type { components, operations, paths } from "./generated/web-api.ts";
