import { describe, it } from "vitest";
import type { AdvancedInventoryClient } from "./index.ts";

declare const dsi: AdvancedInventoryClient;

// DSI's modelled calls take no parameters: what can be misspelled is the options object itself
// (openapi-fetch adds an index signature to it, openapi-ts/openapi-typescript#2329).
describe("DSI Advanced Inventory: exact parameters", () => {
  it("refuses parameters an operation does not declare, and a misspelled option beside a valid one", () => {
    void dsi.GET("/api/v1/Public/PingUTC");
    void dsi.GET("/api/v1/Public/PingUTC", { signal: AbortSignal.timeout(1000) });
    // @ts-expect-error signl is not an option
    void dsi.GET("/api/v1/Public/PingUTC", { signal: AbortSignal.timeout(1000), signl: AbortSignal.timeout(1000) });
    // @ts-expect-error PingUTC has no query parameters
    void dsi.GET("/api/v1/Public/PingUTC", { params: { query: { utc: true } } });
    // @ts-expect-error nor headers
    void dsi.GET("/api/v1/Public/ServerVersion", { params: { header: { "X-Version": "1" } } });
  });
});
