import { expectTypeOf, test } from "vitest";
import type { paths, webhooks } from "./index.js";

// The codegen options in specs/ingram-micro/sources.json shape what users can call: these fail if they stop applying.
test("webhook payloads and the mis-modelled token call are not callable paths", () => {
  expectTypeOf<Extract<keyof paths, `/resellers/v1/webhooks/${string}`>>().toBeNever();
  expectTypeOf<Extract<keyof paths, "/oauth/oauth20/token">>().toBeNever();
  expectTypeOf<keyof webhooks>().toEqualTypeOf<"/resellers/v1/webhooks/availabilityupdate" | "/resellers/v1/webhooks/orderstatusevent">();
});

test("headers the pipeline injects are not demanded at each call", () => {
  type CatalogHeaders = NonNullable<paths["/resellers/v6/catalog"]["get"]["parameters"]["header"]>;
  expectTypeOf<Extract<keyof CatalogHeaders, `IM-${"CustomerNumber" | "CountryCode" | "CorrelationID" | "SenderID"}`>>().toBeNever();
  type QuoteHeaders = NonNullable<paths["/resellers/v6/q2o/validatequote"]["get"]["parameters"]["header"]>;
  expectTypeOf<Extract<keyof QuoteHeaders, "IM-CorrelationID">>().toBeNever();
});
