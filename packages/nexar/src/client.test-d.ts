import { describe, expectTypeOf, it } from "vitest";
import { MultiMatchDocument, SearchMpnDocument, type NexarClient, type PartWithOffers } from "./index.ts";

declare const client: NexarClient;

describe("Nexar types", () => {
  it("types results from the documents and checks variables", () => {
    expectTypeOf(client.request(SearchMpnDocument, { q: "LM358" })).resolves.toHaveProperty("supSearchMpn");
    expectTypeOf<PartWithOffers["sellers"][number]["offers"][number]["prices"][number]["price"]>().toEqualTypeOf<number>();
    // @ts-expect-error q is required
    void client.request(SearchMpnDocument, {});
    // @ts-expect-error queries is a list of match queries
    void client.request(MultiMatchDocument, { queries: "LM358" as unknown as number });
  });
});
