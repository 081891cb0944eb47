import { ConfigError } from "../errors.ts";
import { HttpCore, type HttpOptions, type Step } from "../http/core.ts";

export type { CallContext, Step, Next } from "../http/core.ts";

export interface CreateFetchOptions extends HttpOptions {
  /**
   * The origins requests may go to (e.g. the API's base URL). A request to any other origin is
   * refused before it leaves, so the credentials the steps add go nowhere else. Required.
   */
  origins: readonly (string | URL)[];
}

/**
 * Composes steps into one `fetch` over the core (first = outermost): what openapi-fetch's
 * `createClient({ fetch })` and graphql-request's `new GraphQLClient(url, { fetch })` take. The
 * vendor clients assemble theirs with `createClientCore`; this is for your own composition.
 */
export function createFetch(steps: readonly Step[], options: CreateFetchOptions): typeof globalThis.fetch {
  const core = new HttpCore(options, "createFetch");
  if (!Array.isArray(steps) || steps.some((step) => typeof step !== "function"))
    throw new ConfigError("steps", "createFetch: the steps must be a list of step functions");
  if (!Array.isArray(options?.origins) || options.origins.length === 0)
    throw new ConfigError(
      "origins",
      'createFetch: option "origins" must list the origins requests may go to, e.g. ["https://api.example.com"]',
    );
  const origins = options.origins.map((origin, i) => core.url("createFetch", `origins[${i}]`, origin).origin);
  return core.fetch({ steps, origins });
}
