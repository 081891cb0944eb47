import { describe, it } from "vitest";
import type { AvnetClient } from "./index.ts";

declare const avnet: AvnetClient;

// A misspelled key beside valid ones must not compile (openapi-ts/openapi-typescript#2329).
describe("Avnet: exact parameters", () => {
  it("refuses a misspelled query parameter beside a valid one", () => {
    void avnet.GET("/external/getDEXFetchProducts", { params: { query: { mpn: "LM358" } } });
    // @ts-expect-error mpns is not a parameter of this operation
    void avnet.GET("/external/getDEXFetchProducts", { params: { query: { mpn: "LM358", mpns: "LM358" } } });
  });

  it("refuses a misspelled path parameter beside a valid one", () => {
    void avnet.POST("/external/clientsecret/{client_id}", { params: { path: { client_id: "c" } } });
    // @ts-expect-error clientId is not a path parameter
    void avnet.POST("/external/clientsecret/{client_id}", { params: { path: { client_id: "c", clientId: "c" } } });
  });

  it("refuses a header the operation does not declare (the pipeline sets the subscription key)", () => {
    // @ts-expect-error no operation declares header parameters; Ocp-Apim-Subscription-Key is the pipeline's
    void avnet.GET("/external/getDEXFetchProducts", { params: { query: { mpn: "LM358" }, header: { "Ocp-Apim-Subscription-Key": "k" } } });
  });

  it("refuses a misspelled JSON body property beside a valid one, at any depth", () => {
    void avnet.POST("/external/customer/price/v1/", {
      body: { items: [{ itemId: 1, searchType: "REQUEST_PART", searchTerm: "LM358", quantity: 10 }] },
    });
    // @ts-expect-error item is not a body property
    void avnet.POST("/external/customer/price/v1/", { body: { items: [], item: [] } });
    void avnet.POST("/external/customer/price/v1/", {
      // @ts-expect-error quantty is not a property of a request line
      body: { items: [{ itemId: 1, searchType: "REQUEST_PART", searchTerm: "LM358", quantity: 10, quantty: 10 }] },
    });
  });
});
