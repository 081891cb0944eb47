// Bodies handed over as they stream in (responseBody: "stream"): loaded by the core (import()) only
// when a client streams, so that a program that buffers its bodies (the default) does not carry it.
import { AbortError, describeCause, NetworkError, TimeoutError } from "../errors.ts";
import { redactUrl } from "../redact.ts";
import { sanitizeError } from "../secrets.ts";
import { NULL_BODY_STATUSES } from "./buffered-response.ts";
import type { Cancellation } from "./cancellation.ts";
import type { CallContext } from "./core.ts";
import { describeRequest, tooLarge } from "./describe.ts";
import type { TransportResponse } from "./transport.ts";

/**
 * A response handed over as it streams in: the size limit still counts every chunk, a body that
 * stalls for `timeoutMs` between chunks fails instead of hanging, and a reader that cancels
 * drops the connection. Null-body answers (HEAD, 204, 205, 304) come with no body at all.
 */
export function streamedResponse(
  raw: TransportResponse,
  current: Request,
  original: Request,
  context: CallContext,
  controller: Cancellation,
  timer: ReturnType<typeof setTimeout> | undefined,
  detach: () => void,
): Response {
  clearTimeout(timer);
  const init = { status: raw.status, statusText: raw.statusText, headers: raw.headers };
  const source = NULL_BODY_STATUSES.has(raw.status) || current.method === "HEAD" ? null : raw.stream();
  if (!source) {
    raw.discard();
    detach();
    return answeredFrom(new Response(null, init), current.url);
  }
  const reader = source.getReader();
  const limit = context.maxResponseBytes;
  const idleMs = context.core.timeoutMs;
  let total = 0;
  let stalled = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const finish = () => {
    clearTimeout(idle);
    detach();
  };
  const fail = (stream: ReadableStreamDefaultController<Uint8Array>, error: unknown) => {
    finish();
    controller.abort();
    reader.cancel().catch(() => {});
    stream.error(sanitizeError(error, context.core.secrets));
  };
  const body = new ReadableStream<Uint8Array>({
    pull: async (stream) => {
      if (idleMs !== undefined) {
        idle = setTimeout(() => ((stalled = true), controller.abort()), idleMs);
        // An unread body must not keep the process alive.
        (idle as { unref?: () => void }).unref?.();
      }
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        return fail(
          stream,
          original.signal.aborted
            ? new AbortError(`${describeRequest(original, context)} was aborted (reading the streamed body)`, {
                cause: original.signal.reason,
              })
            : stalled
              ? new TimeoutError(`${describeRequest(original, context)}: the streamed body stalled for ${idleMs} ms`, idleMs!)
              : new NetworkError(
                  `${describeRequest(original, context)} failed (reading the streamed body): ${describeCause(error)}`,
                  redactUrl(current.url),
                  { cause: error },
                ),
        );
      } finally {
        clearTimeout(idle);
      }
      if (chunk.done) {
        finish();
        return stream.close();
      }
      total += chunk.value.byteLength;
      if (limit !== undefined && total > limit) return fail(stream, tooLarge(current, raw.status, limit, context));
      stream.enqueue(chunk.value);
    },
    cancel: (reason) => {
      finish();
      controller.abort();
      return reader.cancel(reason).catch(() => {});
    },
  });
  return answeredFrom(new Response(body, init), current.url);
}

/** A constructed Response says which URL answered and that it is a network answer ("basic"), as one from fetch does. */
const answeredFrom = (response: Response, url: string): Response =>
  Object.defineProperties(response, { url: { value: url }, type: { value: "basic" } });
