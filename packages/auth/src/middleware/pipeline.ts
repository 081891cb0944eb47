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
    try {
      return await fetchImpl(request);
    } catch (error) {
      if (error instanceof VendorClientsError || request.signal.aborted) throw error;
      const url = redactUrl(request.url, options.secretParams);
      throw new NetworkError(`${request.method} ${url} failed: ${describeCause(error)}`, url, { cause: error });
    }
  };
  const chain = middleware.reduceRight<Next>((next, step) => (request) => step(request, next), terminal);
  return ((input: RequestInfo | URL, init?: RequestInit) => chain(new Request(input, init))) as typeof globalThis.fetch;
}

/** A copy of `request` for one attempt: the original keeps its body for the next one. */
export const attemptOf = (request: Request): Request => request.clone();

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
