import { REDACTED } from "./redact.ts";

/**
 * Removes known secret values from text that came from elsewhere (a server's error description
 * that echoes a password, a body excerpt). Short values are skipped: replacing "a" everywhere
 * would wreck the message and protect nothing.
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  // Every form a registry knows (query, form, JSON, base64), not only the plain value.
  return secrets.length ? new SecretRegistry().add(...secrets).scrub(text) : text;
}

/** Values shorter than this are not scrubbed: replacing "ab" everywhere would wreck messages and protect nothing. */
const MIN_SECRET_LENGTH = 4;
/** Issued tokens kept for scrubbing: the newest ones are the ones a server can still echo. */
const MAX_ISSUED = 64;

/**
 * Every secret one client holds: client secrets, passwords, API keys, and each access and refresh
 * token as it is issued. Whatever leaves the client (error messages and causes, log lines, hook
 * arguments, the bodies helpers quote in an ApiError) is scrubbed through it, so a server that
 * echoes what it was sent cannot make a secret appear in a log.
 *
 * Each value is also known in the forms it travels in: URL/form-encoded and inside HTTP Basic's
 * base64, so an echoed query string or Authorization header is caught too.
 */
export class SecretRegistry {
  readonly #configured = new Set<string>();
  readonly #issued = new Set<string>();
  #forms: string[] | undefined;

  /** Registers secrets the user configured (they stay for the client's life). Empty and short values are ignored. */
  add(...values: readonly (string | undefined)[]): this {
    for (const value of values)
      if (value && value.length >= MIN_SECRET_LENGTH && !this.#configured.has(value))
        this.#configured.add(value), (this.#forms = undefined);
    return this;
  }

  /** Registers a value the server issued (an access or refresh token); the oldest are forgotten past a bound. */
  addIssued(...values: readonly (string | undefined)[]): this {
    for (const value of values) {
      if (!value || value.length < MIN_SECRET_LENGTH || this.#issued.has(value)) continue;
      this.#issued.add(value);
      if (this.#issued.size > MAX_ISSUED) this.#issued.delete(this.#issued.values().next().value!);
      this.#forms = undefined;
    }
    return this;
  }

  /** Whether `text` contains any registered secret in any of its forms (a long enough prefix of one included). */
  contains(text: string): boolean {
    return this.#allForms().some((form) => text.includes(form)) || this.#prefixes(text).length > 0;
  }

  /** `text` with every registered secret (in every form, and any long prefix of one) replaced by "[redacted]". */
  scrub(text: string): string {
    let result = text;
    for (const form of this.#allForms()) if (result.includes(form)) result = result.split(form).join(REDACTED);
    // A server that cuts what it echoes (a log line's width, a column) leaves a prefix: long ones go too.
    const cut = this.#prefixes(result);
    for (let i = cut.length - 1; i >= 0; i--) result = result.slice(0, cut[i]![0]) + REDACTED + result.slice(cut[i]![1]);
    return result;
  }

  /**
   * At most `maxChars` of a text that came from elsewhere (a response body), scrubbed: only a
   * slice a little longer than what is kept is searched, so a body of many megabytes costs what a
   * short one does, and a secret that crosses the cut is still found whole.
   */
  quote(text: string, maxChars: number): string {
    return this.scrub(text.length > maxChars + QUOTE_MARGIN ? text.slice(0, maxChars + QUOTE_MARGIN) : text).slice(0, maxChars);
  }

  /** Where long prefixes of secrets stand in `text`: [start, end) pairs, in order, not overlapping. */
  #prefixes(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (const value of [...this.#configured, ...this.#issued]) {
      if (value.length < MIN_PREFIX_SECRET) continue;
      const head = value.slice(0, PREFIX_HEAD);
      const needed = Math.max(PREFIX_HEAD, Math.ceil(value.length / 2));
      for (let at = text.indexOf(head); at !== -1; at = text.indexOf(head, at + 1)) {
        let length = PREFIX_HEAD;
        while (length < value.length && text[at + length] === value[length]) length++;
        if (length >= needed) found.push([at, at + length]);
      }
    }
    found.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const span of found) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push(span);
    }
    return merged;
  }

  /** Longest first, so that a secret containing another is replaced whole. */
  #allForms(): string[] {
    if (this.#forms) return this.#forms;
    const forms = new Set<string>();
    for (const value of [...this.#configured, ...this.#issued]) {
      forms.add(value);
      // The forms a value travels in, and so may be echoed in: a query or form body (two
      // encoders that disagree on !'()~ and spaces), a JSON string (slashes escaped or not),
      // an HTML page (entities), base64 (HTTP Basic, or a whole form body encoded: the value
      // may sit at any of three alignments), in both base64 alphabets.
      for (const encoded of [encodeURIComponent(value), new URLSearchParams([["", value]]).toString().slice(1)]) {
        forms.add(encoded);
        forms.add(encoded.replace(/%20/g, "+"));
        forms.add(encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
      }
      if (/[^ -~\t\r\n]/.test(value)) {
        // A header carries each character as one byte (Latin-1), a body as UTF-8: a server that
        // reads those bytes the other way echoes other text ("ä" as "\ufffd", or as "Ã¤").
        const utf8 = new TextEncoder().encode(value);
        let asLatin1 = "";
        for (const byte of utf8) asLatin1 += String.fromCharCode(byte);
        forms.add(asLatin1);
        if (!/[^ -~\t\r\n\u00a0-\u00ff]/.test(value)) forms.add(new TextDecoder().decode(Uint8Array.from(value, (c) => c.charCodeAt(0))));
      }
      const json = JSON.stringify(value).slice(1, -1);
      forms.add(json);
      forms.add(json.replace(/\//g, "\\/"));
      forms.add(value.replace(/[&<>"'/]/g, (c) => NAMED_ENTITIES[c]!));
      forms.add(value.replace(/[&<>"'/]/g, (c) => `&#${c.charCodeAt(0)};`));
      forms.add(value.replace(/[&<>"'/]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`));
      for (const shift of [0, 1, 2]) {
        const middle = base64At(value, shift);
        forms.add(middle);
        forms.add(middle.replace(/\+/g, "-").replace(/\//g, "_"));
      }
    }
    for (const form of forms) if (form.length < MIN_SECRET_LENGTH) forms.delete(form);
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
    return this.#forms;
  }
}

/** Secrets this long are also caught by a prefix: its first PREFIX_HEAD characters and at least half of it. */
const MIN_PREFIX_SECRET = 24;
const PREFIX_HEAD = 12;
/** How much more than it keeps `quote` searches, so a secret crossing the cut is found whole. */
const QUOTE_MARGIN = 4096;
const NAMED_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "/": "&#x2F;" };

/**
 * The part of the base64 of a longer text that depends on `value` alone, when `value` starts
 * `shift` bytes past a 3-byte boundary: the groups it shares with its neighbours are dropped.
 */
const base64At = (value: string, shift: number) => {
  const bytes = new TextEncoder().encode(value);
  let binary = "\0".repeat(shift);
  for (const byte of bytes) binary += String.fromCharCode(byte);
  let encoded = btoa(binary);
  if (binary.length % 3 !== 0) encoded = encoded.slice(0, -4);
  return shift ? encoded.slice(4) : encoded;
};

/**
 * Makes an error safe to hand to the caller: its message and stack, and those of its whole cause
 * chain, scrubbed of every registered secret. A cause that is not one of ours is replaced by a
 * plain Error with the same name and scrubbed message, so no foreign property (a request object,
 * a header map) is carried along.
 */
export function sanitizeError<E>(error: E, secrets: SecretRegistry, depth = 0): E {
  if (!(error instanceof Error)) return (typeof error === "string" ? secrets.scrub(error) : error) as E;
  if (error.message && secrets.contains(error.message)) error.message = secrets.scrub(error.message);
  if (error.stack && secrets.contains(error.stack)) error.stack = secrets.scrub(error.stack);
  // Our errors' fields (url, from, to, vendorMessage…) are shown by toJSON and inspect: scrub them too.
  if ((error as { [OWN]?: true })[OWN])
    for (const key of Object.keys(error)) {
      const value = (error as unknown as Record<string, unknown>)[key];
      if (typeof value === "string" && secrets.contains(value)) Object.defineProperty(error, key, { value: secrets.scrub(value) });
    }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 8) {
    const safe = safeCause(cause, secrets, depth + 1);
    if (safe !== cause) Object.defineProperty(error, "cause", { value: safe, configurable: true, writable: true, enumerable: false });
  }
  return error;
}

/** A cause reduced to what is safe to show: our own errors sanitized in place, anything else as name and scrubbed message. */
function safeCause(cause: unknown, secrets: SecretRegistry, depth: number): unknown {
  if (cause instanceof Error && (cause as { [OWN]?: true })[OWN]) return sanitizeError(cause, secrets, depth);
  const message = cause instanceof Error ? cause.message : String(cause);
  const copy = new Error(secrets.scrub(message));
  copy.name = cause instanceof Error ? cause.name : "Error";
  copy.stack = `${copy.name}: ${copy.message}`;
  const inner = cause instanceof Error ? (cause as { cause?: unknown }).cause : undefined;
  if (inner !== undefined && depth < 8)
    Object.defineProperty(copy, "cause", {
      value: safeCause(inner, secrets, depth + 1),
      configurable: true,
      writable: true,
      enumerable: false,
    });
  return copy;
}

/** Marks this package's own error classes: their fields are built safe, so they are kept as they are. */
export const OWN = Symbol.for("vendor-clients.own-error");
