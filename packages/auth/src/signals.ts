import { AbortError, TimeoutError } from "./errors.ts";

/** Rejects with an AbortError as soon as `signal` fires (or at once if it already has). */
export function throwIfAborted(signal: AbortSignal | undefined, what = "the operation"): void {
  if (signal?.aborted) throw new AbortError(`${what} was aborted`, { cause: signal.reason });
}

/**
 * Waits for `promise`, but gives up when `signal` fires; the promise itself runs on (it may be
 * shared by other callers). Never leaves a listener behind.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal, what);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(`${what} was aborted`, { cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Sleeps `ms`, or rejects with an AbortError when `signal` fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal, "waiting before a retry");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError("waiting before a retry was aborted", { cause: signal!.reason }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `run` with a signal that fires when the caller's signal does or after `timeoutMs`, and
 * tells the two apart: a timeout becomes a TimeoutError naming `what`, an abort an AbortError.
 * The timer stops once `run` settles, so a response body can still be read afterwards.
 */
export async function withTimeout<T>(what: string | (() => string), timeoutMs: number | undefined, signal: AbortSignal | undefined, run: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  // `what` may be a function: describing the request (redacting its URL) costs more than the
  // rest of this step, and is needed only when something goes wrong.
  const describe = () => (typeof what === "function" ? what() : what);
  if (signal?.aborted) throw new AbortError(`${describe()} was aborted`, { cause: signal.reason });
  if (!timeoutMs) return run(signal);
  const controller = new AbortController();
  let timeoutReason: TimeoutError | undefined;
  const timer = setTimeout(() => controller.abort((timeoutReason = new TimeoutError(`${describe()} got no response within ${timeoutMs} ms`, timeoutMs))), timeoutMs);
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await run(controller.signal);
  } catch (error) {
    if (timeoutReason && controller.signal.reason === timeoutReason) throw timeoutReason;
    if (signal?.aborted) throw new AbortError(`${describe()} was aborted`, { cause: signal.reason });
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
