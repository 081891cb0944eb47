import { expectTypeOf, test } from "vitest";
import type { ClientHeader, PathTemplate } from "./generated/resellers.endpoints.ts";
import { INGRAM_MICRO_GET_ENDPOINTS, type paths, type webhooks } from "./index.js";

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

// The rate limiter's endpoint keys and the headers the client sets come from the definition and
// vendor.ts through codegen: a template or a header they do not have is a type error.
test("path templates per method and the client's headers are the definition's and vendor.ts's", () => {
  expectTypeOf(INGRAM_MICRO_GET_ENDPOINTS).items.toEqualTypeOf<Extract<keyof paths, PathTemplate<"get">>>();
  expectTypeOf<PathTemplate<"get">>().toExtend<keyof paths>();
  expectTypeOf<"/resellers/v6/quotes/{quoteNumber}">().toExtend<PathTemplate<"get">>();
  // A path the definition has, but not for GET; a path it does not have; the token call it excludes.
  expectTypeOf<"/resellers/v6/freightestimate">().not.toExtend<PathTemplate<"get">>();
  expectTypeOf<"/resellers/v6/quotes/{quoteId}">().not.toExtend<PathTemplate>();
  expectTypeOf<"/oauth/oauth20/token">().not.toExtend<PathTemplate>();
  expectTypeOf<ClientHeader>().toEqualTypeOf<"IM-CustomerNumber" | "IM-CountryCode" | "IM-SenderID" | "IM-CorrelationID">();
  // client.ts types its headers this way: a misspelt one is refused.
  // @ts-expect-error IM-CustomerNo is not a header vendor.ts lists
  const misspelt = { "IM-CustomerNo": "20-222222" } satisfies Partial<Record<ClientHeader, string>>;
  void misspelt;
});
