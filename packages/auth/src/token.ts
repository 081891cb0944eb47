import { inspectSymbol, REDACTED } from "./redact.ts";

export interface AccessTokenRecord {
  value: string;
  type: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** When the token was issued, in ms since the epoch (for maxLifetime caps). */
  obtainedAt: number;
  refreshToken?: string;
  scope?: string;
}

/** The latest time a Date can hold (ECMA-262 §21.4.1.1). */
const LAST_DATE_MS = 8.64e15;
/** An expiry as shown: a static token without one expires at Number.MAX_SAFE_INTEGER, past any Date. */
const shownExpiry = (ms: number) => (ms > LAST_DATE_MS ? "never" : new Date(ms).toISOString());

/**
 * An access token. The value and the refresh token are private fields: JSON.stringify,
 * util.inspect and template strings of the object never show them; code that needs them asks
 * for `.value` or `.refreshToken` explicitly.
 */
export class AccessToken {
  readonly #value: string;
  readonly #refreshToken: string | undefined;
  readonly type: string;
  readonly expiresAt: number;
  readonly obtainedAt: number;
  readonly scope: string | undefined;

  constructor(record: AccessTokenRecord) {
    this.#value = record.value;
    this.#refreshToken = record.refreshToken;
    this.type = record.type;
    this.expiresAt = record.expiresAt;
    this.obtainedAt = record.obtainedAt;
    this.scope = record.scope;
  }

  get value(): string {
    return this.#value;
  }

  get refreshToken(): string | undefined {
    return this.#refreshToken;
  }

  /** `Authorization` header value: "Bearer <token>". */
  get authorization(): string {
    return `${this.type} ${this.#value}`;
  }

  /** Whether the token is past its expiry at `now` (ms). */
  isExpired(now = Date.now()): boolean {
    return now >= this.expiresAt;
  }

  /** The same token with an earlier expiry (never a later one). */
  capExpiry(expiresAt: number): AccessToken {
    return expiresAt >= this.expiresAt ? this : new AccessToken({ ...this.toRecord(), expiresAt });
  }

  /** The full record, secrets included: for token stores only. */
  toRecord(): AccessTokenRecord {
    return {
      value: this.#value,
      type: this.type,
      expiresAt: this.expiresAt,
      obtainedAt: this.obtainedAt,
      ...(this.#refreshToken !== undefined ? { refreshToken: this.#refreshToken } : {}),
      ...(this.scope !== undefined ? { scope: this.scope } : {}),
    };
  }

  toJSON() {
    return {
      type: this.type,
      value: REDACTED,
      expiresAt: shownExpiry(this.expiresAt),
      ...(this.scope !== undefined ? { scope: this.scope } : {}),
      ...(this.#refreshToken !== undefined ? { refreshToken: REDACTED } : {}),
    };
  }

  toString(): string {
    return `[AccessToken ${this.type}, expires ${shownExpiry(this.expiresAt)}]`;
  }

  [inspectSymbol](): string {
    return `AccessToken ${JSON.stringify(this.toJSON())}`;
  }
}
