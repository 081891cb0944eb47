// How the core names a request in its messages, shared by the core and by the paths it loads only
// when used (redirects, streamed bodies): kept apart so that those modules need not import the core.
import { ResponseTooLargeError } from "../errors.ts";
import { redactUrl } from "../redact.ts";
import type { CallContext } from "./core.ts";

/** `GET https://host/path` with secrets redacted from the query, or the operation's name. */
export const describeRequest = (request: Request, context: CallContext): string =>
  context.operation ? `${context.operation} at ${redactUrl(request.url)}` : `${request.method} ${redactUrl(request.url)}`;

export function tooLarge(request: Request, status: number, limitBytes: number, context: CallContext): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `${describeRequest(request, context)}: the response body (HTTP ${status}) exceeds the limit of ${limitBytes} bytes; raise option "maxResponseBytes", or stream it (responseBody: "stream")`,
    redactUrl(request.url),
    status,
    limitBytes,
  );
}
