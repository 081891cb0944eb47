import { AbortError } from "./errors.ts";

/** Rejects with an AbortError as soon as `signal` fires (or at once if it already has). */
export function throwIfAborted(signal: AbortSignal | undefined, what = "the operation"): void {
  if (signal?.aborted) throw new AbortError(`${what} was aborted`, { cause: signal.reason });
}

/**
 * Calls `listener` when `signal` fires, and returns the way to stop listening. However many calls
 * share one signal, it holds a single listener of its own (fanned out here): a caller that hands
 * one AbortSignal to a hundred concurrent calls gets no MaxListenersExceeded warning.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let listeners = fanOut.get(signal);
  if (!listeners) {
    const set = new Set<() => void>();
    listeners = set;
    fanOut.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        fanOut.delete(signal);
        for (const each of set) each();
      },
      { once: true },
    );
  }
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
const fanOut = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Waits for `promise`, but gives up when `signal` fires; the promise itself runs on (it may be
 * shared by other callers). Never leaves a listener behind.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal, what);
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(new AbortError(`${what} was aborted`, { cause: signal.reason })));
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error) => {
        stop();
        reject(error);
      },
    );
  });
}

/** Sleeps `ms`, or rejects with an AbortError when `signal` fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  // A rejection, never a synchronous throw: callers chain .catch() on what sleep returns.
  if (signal?.aborted) return Promise.reject(new AbortError("waiting before a retry was aborted", { cause: signal.reason }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop?.();
      resolve();
    }, ms);
    const stop =
      signal &&
      onAbort(signal, () => {
        clearTimeout(timer);
        reject(new AbortError("waiting before a retry was aborted", { cause: signal.reason }));
      });
  });
}
