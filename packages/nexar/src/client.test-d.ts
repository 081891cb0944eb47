import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  multiMatch,
  NexarMultiMatchDocument,
  NexarSearchMpnDocument,
  paginate,
  search,
  searchMpn,
  type MultiMatchVariables,
  type NexarClient,
  type PartWithOffers,
  type SearchResultItem,
} from "./index.ts";
import type * as Exports from "./index.ts";

declare const client: NexarClient;

describe("Nexar types", () => {
  it("types results from the documents and checks variables", () => {
    expectTypeOf(client.request(NexarSearchMpnDocument, { q: "LM358" })).resolves.toHaveProperty("supSearchMpn");
    expectTypeOf<PartWithOffers["sellers"][number]["offers"][number]["prices"][number]["price"]>().toEqualTypeOf<number>();
    // @ts-expect-error q is required
    void client.request(NexarSearchMpnDocument, {});
    // @ts-expect-error queries is a list of match queries
    void client.request(NexarMultiMatchDocument, { queries: "LM358" as unknown as number });
  });

  it("refuses a misspelled variable (excess variables are compile errors), in requests and in the helpers' options", () => {
    // @ts-expect-error limt is no variable of SearchMpn
    void client.request(NexarSearchMpnDocument, { q: "LM358", limt: 3 });
    // @ts-expect-error nor of a user's own document with exact variables
    void client.request({} as TypedDocumentNode<{ a: 1 }, { id: string }>, { id: "1", ids: ["2"] });
    // @ts-expect-error authorisedOnly (British spelling) is no option of searchMpn
    void searchMpn(client, "LM358", { authorisedOnly: true });
    // @ts-expect-error batchsize is no option of multiMatch
    void multiMatch(client, [{ mpn: "LM358" }], { batchsize: 10 });
  });

  it("lead time is there only when asked for (plans without the Lead Time feature)", () => {
    expectTypeOf<PartWithOffers["sellers"][number]["offers"][number]["factoryLeadDays"]>().toEqualTypeOf<number | null | undefined>();
  });

  it("search, multiMatch and the cursor pager take the user's own documents of the right shape", () => {
    type MyHit = { part: { mpn: string; specs: Array<{ displayValue: string }> } };
    const mySearch = {} as TypedDocumentNode<
      { supSearch: { hits: number; results: MyHit[] | null } },
      { q: string; start?: number | null; limit?: number | null }
    >;
    expectTypeOf(search(client, "op amp", { document: mySearch })).toEqualTypeOf<AsyncGenerator<MyHit, void, undefined>>();
    expectTypeOf(search(client, "op amp")).toEqualTypeOf<AsyncGenerator<SearchResultItem, void, undefined>>();
    const myMatch = {} as TypedDocumentNode<{ supMultiMatch: Array<{ reference: string | null; hits: number }> }, MultiMatchVariables>;
    expectTypeOf(multiMatch(client, [{ mpn: "x" }], { document: myMatch })).resolves.toHaveProperty("lines");
    type Node = { id: string; name: string };
    const myPages = {} as TypedDocumentNode<
      { desLibrary: { components: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Node[] | null } | null } },
      { workspaceUrl: string; after?: string | null }
    >;
    expectTypeOf(paginate(client, myPages, { workspaceUrl: "w" }, (d) => d.desLibrary.components)).toEqualTypeOf<
      AsyncGenerator<Node, void, undefined>
    >();
    // @ts-expect-error a search document must answer supSearch with hits and results
    void search(client, "x", { document: {} as TypedDocumentNode<{ supSearchMpn: { hits: number } }, { q: string }> });
  });

  it("exports no name graphql-codegen gives a user's own operations", () => {
    type Names = keyof typeof Exports;
    expectTypeOf<
      Extract<Names, "SearchDocument" | "PartsDocument" | "SearchMpnDocument" | "MultiMatchDocument" | "ProjectsDocument">
    >().toBeNever();
  });
});
