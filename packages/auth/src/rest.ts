// @vendor-clients/auth/rest: a REST vendor's client, openapi-fetch on the shared core. Its own
// entry point, so that openapi-fetch (an optional peer) is loaded only by the clients that use it.
import createClient from "openapi-fetch";
import type { AuthenticatedClient, ClientCore, KeyOnlyClientCore } from "./client-core.ts";
import type { ExactClient } from "./exact-client.ts";
import { withLightRequests } from "./http/light-request.ts";

export type { ExactClient };

/** openapi-fetch over a client's core: every path of `Paths`, exact parameters, and the core's tokens, fetch and base URL. */
export function restClient<Paths extends {}>(core: ClientCore): ExactClient<Paths> & AuthenticatedClient;
/** A client with an API key alone: no tokens. */
export function restClient<Paths extends {}>(core: KeyOnlyClientCore): ExactClient<Paths> & Omit<AuthenticatedClient, "tokens">;
export function restClient<Paths extends {}>(core: ClientCore | KeyOnlyClientCore) {
  const { tokens, fetch, baseUrl } = core;
  // Generic Paths make the two client types incomparable to the checker; for any concrete definition they agree.
  const client = createClient<Paths>(core.clientOptions) as unknown as ExactClient<Paths>;
  lightWhereUnseen(client as unknown as Record<string, unknown>);
  return Object.assign(client, tokens ? { tokens, fetch, baseUrl } : { fetch, baseUrl });
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
type Call = (...args: unknown[]) => unknown;

/**
 * Each call builds a light Request unless user code may see it: a middleware registered with
 * `use` (and not ejected), a per-call `middleware`, `fetch` or `Request`. The platform Request
 * costs most of what openapi-fetch adds to a call; nothing but the core sees one here.
 */
function lightWhereUnseen(client: Record<string, unknown>): void {
  const registered: unknown[] = [];
  const use = client.use as Call;
  const eject = client.eject as Call;
  client.use = (...middleware: unknown[]) => {
    use(...middleware);
    registered.push(...middleware.filter(Boolean));
  };
  client.eject = (...middleware: unknown[]) => {
    eject(...middleware);
    for (const each of middleware) {
      const index = registered.indexOf(each);
      if (index !== -1) registered.splice(index, 1);
    }
  };
  const unseen = (init: unknown) => {
    if (registered.length) return false;
    const options = init as { middleware?: unknown[]; fetch?: unknown; Request?: unknown } | undefined;
    return !options || (!options.middleware?.length && options.fetch === undefined && options.Request === undefined);
  };
  for (const method of METHODS) {
    const call = client[method] as Call;
    client[method] = (url: unknown, init?: unknown) => withLightRequests(unseen(init), () => call(url, init));
  }
  const request = client.request as Call;
  client.request = (method: unknown, url: unknown, init?: unknown) => withLightRequests(unseen(init), () => request(method, url, init));
}
