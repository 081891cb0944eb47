// Following a redirect, and refusing one: loaded by the core (import()) only when a response is a
// redirect, so that a program whose calls are never redirected does not carry it.
import { RedirectError } from "../errors.ts";
import { redactUrl } from "../redact.ts";
import type { CallContext } from "./core.ts";
import { describeRequest } from "./describe.ts";
import { withUrl } from "./light-request.ts";
import type { TransportResponse } from "./transport.ts";

/** The request to send next if `raw`, a redirect, is one the policy lets the core follow; throws for one it refuses. */
export function redirectTarget(
  raw: TransportResponse,
  current: Request,
  original: Request,
  context: CallContext,
  hop: number,
  replay: Request | undefined,
): Request | undefined {
  if (raw.opaqueRedirect) {
    raw.discard();
    throw new RedirectError(
      `${describeRequest(current, context)} was redirected to a place the browser hides: refused`,
      0,
      redactUrl(current.url),
      undefined,
    );
  }
  // The core calls this only for an opaque redirect (thrown above) or a redirect status (isRedirect).
  // As fetch: "manual" hands the redirect itself to the caller (nothing is followed), "error" fails.
  if (current.redirect === "manual") return undefined;
  if (current.redirect === "error") {
    raw.discard();
    throw new RedirectError(
      `${describeRequest(current, context)} answered HTTP ${raw.status}, a redirect, and the request says redirect: "error"`,
      raw.status,
      redactUrl(current.url),
      undefined,
    );
  }
  const location = raw.headers.get("location");
  if (location === null) return undefined;
  raw.discard();
  let target: URL;
  try {
    target = new URL(location, current.url);
  } catch {
    throw new RedirectError(
      `${describeRequest(current, context)} answered HTTP ${raw.status} with a Location that is not a URL`,
      raw.status,
      redactUrl(current.url),
      undefined,
    );
  }
  // A wire-only query parameter (an API key) that the server put back in the Location is the
  // wire's again, never the next request's URL (nor the response's, nor a message's).
  if (context.wireQuery) for (const name in context.wireQuery) target.searchParams.delete(name);
  const from = new URL(current.url);
  if (target.username || target.password)
    throw new RedirectError(
      `${describeRequest(current, context)} was redirected (HTTP ${raw.status}) to a URL with user info: refused`,
      raw.status,
      redactUrl(current.url),
      redactUrl(target),
    );
  if (context.redirects === "refuse")
    throw new RedirectError(
      `${describeRequest(current, context)} answered HTTP ${raw.status}, a redirect to ${redactUrl(target)}: refused, so that credentials are never posted twice; configure the final URL`,
      raw.status,
      redactUrl(current.url),
      redactUrl(target),
    );
  if (target.origin !== from.origin)
    throw new RedirectError(
      `${describeRequest(current, context)} was redirected (HTTP ${raw.status}) from ${from.origin} to another origin, ${target.origin}: refused, so that no credential follows it`,
      raw.status,
      redactUrl(current.url),
      redactUrl(target),
    );
  if (hop >= context.core.maxRedirects)
    throw new RedirectError(
      `${describeRequest(original, context)} was redirected more than ${context.core.maxRedirects} times`,
      raw.status,
      redactUrl(current.url),
      redactUrl(target),
    );
  // Fetch's rules: 303 becomes a GET, and so does a POST answered by 301/302; 307/308 repeat the request.
  const toGet =
    (raw.status === 303 && current.method !== "HEAD") || ((raw.status === 301 || raw.status === 302) && current.method === "POST");
  const headers = new Headers(current.headers);
  if (toGet)
    for (const name of ["content-type", "content-length", "content-encoding", "content-language", "content-location"]) headers.delete(name);
  return toGet || !replay
    ? withUrl(current, target, { method: toGet ? "GET" : current.method, headers, body: null })
    : withUrl(replay.clone(), target, { headers });
}
