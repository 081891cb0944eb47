import { AbortError } from "./errors.ts";

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
