import { describe, it } from "vitest";
import type { AvnetClient } from "./index.ts";

declare const client: AvnetClient;

describe("Avnet client types", () => {
  it("types the pricing body and refuses what the definition does not allow", () => {
    void client.POST("/external/customer/price/v1/", {
      body: { items: [{ itemId: 1, searchType: "REQUEST_PART", searchTerm: "LM358", quantity: 10 }] },
    });
    // @ts-expect-error searchTerm is required on every line
    void client.POST("/external/customer/price/v1/", { body: { items: [{ itemId: 1, searchType: "REQUEST_PART", quantity: 10 }] } });
    void client.POST("/external/customer/price/v1/", {
      // @ts-expect-error quantity is a number
      body: { items: [{ itemId: 1, searchType: "REQUEST_PART", searchTerm: "x", quantity: "10" }] },
    });
    // @ts-expect-error no such path
    void client.GET("/external/orders");
    // No subscription key parameter is asked for: the pipeline sends it.
    void client.GET("/external/getDEXFetchProducts", { params: { query: { mpn: "LM358" } } });
  });
});
