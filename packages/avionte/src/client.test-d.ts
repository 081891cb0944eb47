import { describe, expectTypeOf, it } from "vitest";
import { paginate, type AvionteClient, type components, type PagedResources } from "./index.ts";

declare const client: AvionteClient;

describe("Avionté client types", () => {
  it("types paths, parameters and bodies, without the injected headers", () => {
    void client.GET("/talent/{talentId}", { params: { path: { talentId: 1 } } });
    void client.POST("/talents/multi-query", { body: [1, 2, 3] });
    // @ts-expect-error ids are numbers
    void client.GET("/talent/{talentId}", { params: { path: { talentId: "1" } } });
    // @ts-expect-error the multi-query body is an array of ids
    void client.POST("/talents/multi-query", { body: { ids: [1] } });
    // @ts-expect-error no such path
    void client.GET("/talents/{talentId}");
  });

  it("yields typed records from paginate", () => {
    expectTypeOf(paginate(client, "talents")).toEqualTypeOf<AsyncGenerator<PagedResources["talents"], void, undefined>>();
    expectTypeOf<PagedResources["talents"]>().toHaveProperty("lastName");
    // @ts-expect-error departments have ids but no multi-query
    void paginate(client, "departments");
  });

  it("accepts webhook event names beyond the ones seen so far", () => {
    // Avionté has pipeline and nomination events whose names nobody has captured yet.
    expectTypeOf<"nomination_created">().toExtend<NonNullable<components["schemas"]["FrontOfficeEventEnvelope"]["EventName"]>>();
    expectTypeOf<components["schemas"]["FrontOfficeEventName"]>().toEqualTypeOf<string>();
  });
});
