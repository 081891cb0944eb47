import { describe, expectTypeOf, it } from "vitest";
import type { createIngramMicroClient, AvailabilityUpdateEvent, OrderStatusEvent } from "./index.ts";

declare const client: ReturnType<typeof createIngramMicroClient>;

describe("Ingram Micro client types", () => {
  it("types paths, parameters and responses from the definition", () => {
    const call = () => client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 10 } } });
    expectTypeOf<NonNullable<Awaited<ReturnType<typeof call>>["data"]>>().toHaveProperty("catalog");
    // @ts-expect-error a path the definition does not have
    void client.GET("/resellers/v6/catalogue");
    // @ts-expect-error pageSize is a number
    void client.GET("/resellers/v6/catalog", { params: { query: { pageSize: "10" } } });
    // @ts-expect-error the path parameter is spelled OrderNumber on this operation
    void client.DELETE("/resellers/v6/orders/{OrderNumber}", { params: { path: { orderNumber: "1" } } });
    // @ts-expect-error a GET has no body
    void client.GET("/resellers/v6/catalog", { body: { x: 1 } });
  });

  it("never asks for the headers the pipeline injects", () => {
    // No IM-CustomerNumber, IM-CountryCode or IM-CorrelationID: this compiles.
    void client.GET("/resellers/v6.1/orders/{ordernumber}", { params: { path: { ordernumber: "20-RD128" } } });
  });

  it("exports webhook payload types, not webhook calls", () => {
    expectTypeOf<AvailabilityUpdateEvent>().not.toBeNever();
    expectTypeOf<OrderStatusEvent>().not.toBeNever();
    // @ts-expect-error webhooks are received, not called
    void client.POST("/resellers/v1/webhooks/availabilityupdate", {});
  });
});
