// @vendor-clients/auth/rest: a REST vendor's client, openapi-fetch on the shared core. Its own
// entry point, so that openapi-fetch (an optional peer) is loaded only by the clients that use it.
import createClient from "openapi-fetch";
import type { AuthenticatedClient, ClientCore, KeyOnlyClientCore } from "./client-core.ts";
import type { ExactClient } from "./exact-client.ts";

export type { ExactClient };

/** openapi-fetch over a client's core: every path of `Paths`, exact parameters, and the core's tokens, fetch and base URL. */
export function restClient<Paths extends {}>(core: ClientCore): ExactClient<Paths> & AuthenticatedClient;
/** A client with an API key alone: no tokens. */
export function restClient<Paths extends {}>(core: KeyOnlyClientCore): ExactClient<Paths> & Omit<AuthenticatedClient, "tokens">;
export function restClient<Paths extends {}>(core: ClientCore | KeyOnlyClientCore) {
  const { tokens, fetch, baseUrl } = core;
  // Generic Paths make the two client types incomparable to the checker; for any concrete definition they agree.
  const client = createClient<Paths>(core.clientOptions) as unknown as ExactClient<Paths>;
  return Object.assign(client, tokens ? { tokens, fetch, baseUrl } : { fetch, baseUrl });
}
