import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { VendorClientsError } from "@vendor-clients/auth";
import type { NexarClient } from "./client.ts";

/** A GraphQL connection as Nexar's design API returns it: a page of nodes and where the next one starts. */
export interface Connection<N> {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  nodes?: ReadonlyArray<N> | null;
}

/**
 * Every node of a cursor-paged connection, for any document of that shape (the package's or
 * your own): the document takes `after`, `connection` picks the connection out of an answer.
 * Pages are fetched while the caller consumes them. A server that hands back a cursor it gave
 * before would page forever: that stops with an error instead.
 */
export async function* paginate<TData, TVariables extends { after?: string | null }, N>(
  client: NexarClient,
  document: TypedDocumentNode<TData, TVariables>,
  variables: Omit<TVariables, "after">,
  connection: (data: TData) => Connection<N> | null | undefined,
): AsyncGenerator<N, void, undefined> {
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const data = await client.request(document as TypedDocumentNode<TData, Record<string, unknown>>, {
      ...(variables as Record<string, unknown>),
      ...(after !== undefined ? { after } : {}),
    });
    const page = connection(data);
    yield* page?.nodes ?? [];
    const next = page?.pageInfo.endCursor;
    if (!page?.pageInfo.hasNextPage || !next) return;
    if (seen.has(next))
      throw new VendorClientsError(
        `Nexar: the connection returned the cursor "${next.slice(0, 40)}" a second time; stopped instead of paging forever`,
      );
    seen.add(next);
    after = next;
  }
}
