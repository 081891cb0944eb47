/**
 * The stop switch of one attempt, fired by its deadline or by the caller's signal. It is cheaper
 * than an AbortController (which Node builds with a structured-clone wrapper on every call): the
 * undici transport listens to it directly, and an AbortSignal is made only for a transport that
 * needs one (fetch).
 */
export class Cancellation {
  aborted = false;
  #listeners: Array<() => void> | undefined;
  #controller: AbortController | undefined;

  /** Fires once; later calls do nothing. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.#controller?.abort();
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }

  // The two methods undici calls on an EventTarget-like signal.
  addEventListener(_type: "abort", listener: () => void): void {
    (this.#listeners ??= []).push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const index = this.#listeners?.indexOf(listener) ?? -1;
    if (index >= 0) this.#listeners!.splice(index, 1);
  }

  /** A real AbortSignal that follows this switch, made on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }
}
