import { describe, expectTypeOf, it } from "vitest";
import type { IngramMicroClient } from "./index.ts";

declare const im: IngramMicroClient;

// A misspelled key beside valid ones must not compile (openapi-ts/openapi-typescript#2329): the
// server ignores an unknown parameter, so the call would silently ask for something else.
describe("Ingram Micro: exact parameters", () => {
  it("refuses a misspelled query parameter beside a valid one", () => {
    void im.GET("/resellers/v6/catalog", { params: { query: { keyword: ["laptop"], pageSize: 10 } } });
    // @ts-expect-error keywrd is not a parameter of this operation
    void im.GET("/resellers/v6/catalog", { params: { query: { keywrd: ["laptop"], pageSize: 10 } } });
  });

  it("refuses a misspelled path parameter beside a valid one", () => {
    void im.GET("/resellers/v6/quotes/{quoteNumber}", { params: { path: { quoteNumber: "Q1" } } });
    // @ts-expect-error quoteNumbr is not a path parameter
    void im.GET("/resellers/v6/quotes/{quoteNumber}", { params: { path: { quoteNumber: "Q1", quoteNumbr: "Q1" } } });
  });

  it("refuses a misspelled header beside a valid one", () => {
    void im.GET("/resellers/v6/quotes/search", { params: { header: { "IM-CustomerContact": "a@b.example" } } });
    void im.GET("/resellers/v6/quotes/search", {
      // @ts-expect-error IM-CustomerContac is not a header of this operation
      params: { header: { "IM-CustomerContact": "a@b.example", "IM-CustomerContac": "a@b.example" } },
    });
  });

  it("refuses a misspelled JSON body property beside a valid one, at any depth", () => {
    const params = { query: { includeAvailability: true, includePricing: true } };
    void im.POST("/resellers/v6/catalog/priceandavailability", {
      params,
      body: { showAvailableDiscounts: true, products: [{ ingramPartNumber: "123" }] },
    });
    // @ts-expect-error showAvailableDiscount is not a body property
    void im.POST("/resellers/v6/catalog/priceandavailability", { params, body: { showAvailableDiscount: true, products: [] } });
    void im.POST("/resellers/v6/catalog/priceandavailability", {
      params,
      // @ts-expect-error ingramPartNumbr is not a property of a product line
      body: { products: [{ ingramPartNumber: "123", ingramPartNumbr: "123" }] },
    });
  });

  it("refuses a misspelled option beside params, and keeps fetch options and parseAs", async () => {
    // @ts-expect-error parms is not an option
    void im.GET("/resellers/v6/catalog", { parms: { query: { pageSize: 10 } }, signal: AbortSignal.timeout(1000) });
    void im.GET("/resellers/v6/catalog", {
      params: { query: { pageSize: 10 } },
      signal: AbortSignal.timeout(1000),
      headers: { "x-trace": "1" },
    });
    const text = await im.GET("/resellers/v6/catalog", { parseAs: "text" });
    expectTypeOf(text.data).toEqualTypeOf<string | undefined>();
    const json = await im.GET("/resellers/v6/catalog");
    expectTypeOf(json.data).not.toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<typeof json.data>>().toHaveProperty("catalog");
  });

  it("still requires what the operation requires", () => {
    // @ts-expect-error includeAvailability and includePricing are required
    void im.POST("/resellers/v6/catalog/priceandavailability", { params: { query: {} }, body: {} });
    // @ts-expect-error init is required when a parameter is
    void im.GET("/resellers/v6/quotes/{quoteNumber}");
    void im.request("get", "/resellers/v6/catalog", { params: { query: { pageSize: 10 } } });
    // @ts-expect-error the same check through request()
    void im.request("get", "/resellers/v6/catalog", { params: { query: { pageSize: 10, pageNumbr: 2 } } });
  });
});
