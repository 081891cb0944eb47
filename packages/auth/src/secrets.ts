import { REDACTED } from "./redact.ts";

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

  /** Whether `text` contains any registered secret in any of its forms. */
  contains(text: string): boolean {
    return this.#allForms().some((form) => text.includes(form));
  }

  /** `text` with every registered secret (in every form) replaced by "[redacted]". */
  scrub(text: string): string {
    let result = text;
    for (const form of this.#allForms()) if (result.includes(form)) result = result.split(form).join(REDACTED);
    return result;
  }

  /** Longest first, so that a secret containing another is replaced whole. */
  #allForms(): string[] {
    if (this.#forms) return this.#forms;
    const forms = new Set<string>();
    for (const value of [...this.#configured, ...this.#issued]) {
      forms.add(value);
      // The forms a value travels in, and so may be echoed in: a query or form body (two
      // encoders that disagree on !'()~ and spaces), a JSON string, HTTP Basic's base64.
      for (const encoded of [encodeURIComponent(value), new URLSearchParams([["", value]]).toString().slice(1)]) {
        forms.add(encoded);
        forms.add(encoded.replace(/%20/g, "+"));
        forms.add(encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
      }
      forms.add(JSON.stringify(value).slice(1, -1));
      forms.add(base64(value));
    }
    for (const form of forms) if (form.length < MIN_SECRET_LENGTH) forms.delete(form);
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
    return this.#forms;
  }
}

const base64 = (value: string) => {
  let binary = "";
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  // Without padding: inside a longer base64 string (Basic "id:secret") only the aligned middle survives.
  return btoa(binary).replace(/=+$/, "");
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
