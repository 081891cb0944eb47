import { describe, it } from "vitest";
import type { AdvancedInventoryClient } from "./index.ts";

declare const client: AdvancedInventoryClient;

describe("DSI client types", () => {
  it("offers the public calls and not the OAuth endpoints the pipeline handles", () => {
    void client.GET("/api/v1/Public/PingUTC");
    void client.GET("/api/v1/Public/ServerVersion");
    // @ts-expect-error the token endpoint is the pipeline's business
    void client.POST("/oauth2/token", {});
    // @ts-expect-error no such path
    void client.GET("/api/v1/Public/Ping");
  });
});
