import { NetworkError, VendorClientsError, describeCause } from "../errors.ts";
import { redactUrl } from "../redact.ts";
import type { FetchLike } from "../token-endpoint.ts";

export type Next = (request: Request) => Promise<Response>;

/**
 * One step of the request pipeline: it may change the request, call `next` (zero, one or
 * several times: that is how retries work) and change or replace the response.
 */
export type Middleware = (request: Request, next: Next) => Promise<Response>;

export interface CreateFetchOptions {
  /** The fetch at the end of the pipeline (default: globalThis.fetch). */
  fetch?: FetchLike;
  /** Query parameters whose values are secrets, for error messages (API keys in the query). */
  secretParams?: readonly string[];
}

/**
 * Composes middleware into one `fetch`, first = outermost. The result is what openapi-fetch's
 * `createClient({ fetch })` and graphql-request's `new GraphQLClient(url, { fetch })` take.
 */
export function createFetch(middleware: readonly Middleware[], options: CreateFetchOptions = {}): typeof globalThis.fetch {
  const terminal: Next = async (request) => {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const signal = attemptSignals.get(request);
    try {
      return await (signal ? fetchImpl(request, { signal }) : fetchImpl(request));
    } catch (error) {
      if (error instanceof VendorClientsError || request.signal.aborted) throw error;
      const url = redactUrl(request.url, options.secretParams);
      throw new NetworkError(`${request.method} ${url} failed: ${describeCause(error)}`, url, { cause: error });
    }
  };
  const chain = middleware.reduceRight<Next>((next, step) => (request) => step(request, next), terminal);
  // openapi-fetch hands over a ready Request: use it as it is rather than copy it.
  return ((input: RequestInfo | URL, init?: RequestInit) => chain(input instanceof Request && init === undefined ? input : new Request(input, init))) as typeof globalThis.fetch;
}

/**
 * The request for one attempt. A request with a body is copied, so the original keeps its body
 * for the next attempt; one without a body can be sent again as it is (copying it on every
 * attempt of every request is the largest cost a pipeline can add).
 */
export const attemptOf = (request: Request): Request => (request.body ? request.clone() : request);

/**
 * The signal that limits one attempt (set by the timeout step), handed to the network fetch as
 * its `signal` option: cheaper than building yet another Request around it.
 */
export const attemptSignals = new WeakMap<Request, AbortSignal>();

/** The same request sent to another URL (an API key moved into the query). */
export function withUrl(request: Request, url: URL): Request {
  const copy = request.clone();
  return new Request(url, {
    method: copy.method,
    headers: copy.headers,
    body: copy.body,
    signal: copy.signal,
    redirect: copy.redirect,
    ...(copy.body ? { duplex: "half" } : {}),
  } as RequestInit);
}
