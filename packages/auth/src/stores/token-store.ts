import type { AccessTokenRecord } from "../token.ts";

/**
 * Where a token cache keeps tokens beyond its own memory: a file for command-line programs, Redis
 * for many processes. Keys never contain secrets; records hold the access and refresh token and
 * never a client secret or password.
 */
export interface TokenStore {
  get(key: string): Promise<AccessTokenRecord | undefined>;
  /** Stores `record`; the store may drop it after `ttlMs`. */
  set(key: string, record: AccessTokenRecord, ttlMs: number): Promise<void>;
  /** Deletes the record, but only if it still holds `value` when given: never a newer token. */
  delete(key: string, value?: string): Promise<void>;
  /**
   * Optional lock across processes, so that one of them refreshes while the others wait and then
   * read its token. Resolves to a release function, or undefined if not acquired within `waitMs`
   * (the caller then fetches its own token). The lock expires by itself after `ttlMs`.
   */
  lock?(key: string, options: { ttlMs: number; waitMs: number; signal?: AbortSignal }): Promise<(() => Promise<void>) | undefined>;
  /**
   * Optional notes about a key beside its token, shared like the token: how often just-issued
   * tokens were refused and until when no new one is asked for. Without them each process keeps
   * its own. A note may be dropped after `ttlMs`.
   */
  getNote?(key: string): Promise<TokenNote | undefined>;
  setNote?(key: string, note: TokenNote, ttlMs: number): Promise<void>;
}

/** What a token cache notes about a key beside its token. */
export interface TokenNote {
  /** Just-issued tokens the API refused in a row. */
  refusals: number;
  /** No token request for this key before this instant (ms since the epoch). */
  blockedUntil: number;
  /** A fingerprint (a short hash, not the token) of the last refused token: each refusal counts once across the fleet. */
  lastRefused?: string;
}

/** A note read from a store, or undefined when it is not one (a store is outside our control). */
export const asTokenNote = (value: unknown): TokenNote | undefined => {
  const note = value as Partial<TokenNote> | null;
  return note && Number.isInteger(note.refusals) && note.refusals! >= 0 && Number.isFinite(note.blockedUntil)
    ? {
        refusals: note.refusals!,
        blockedUntil: note.blockedUntil!,
        ...(typeof note.lastRefused === "string" ? { lastRefused: note.lastRefused } : {}),
      }
    : undefined;
};

/** The default store: this process's memory. */
export function memoryTokenStore(): TokenStore {
  const entries = new Map<string, { record: AccessTokenRecord; until: number }>();
  const notes = new Map<string, { note: TokenNote; until: number }>();
  return {
    async getNote(key) {
      const entry = notes.get(key);
      return entry && Date.now() < entry.until ? entry.note : undefined;
    },
    async setNote(key, note, ttlMs) {
      notes.set(key, { note, until: Date.now() + ttlMs });
    },
    async get(key) {
      const entry = entries.get(key);
      if (entry && Date.now() >= entry.until) entries.delete(key);
      return entry && Date.now() < entry.until ? entry.record : undefined;
    },
    async set(key, record, ttlMs) {
      entries.set(key, { record, until: Date.now() + ttlMs });
    },
    async delete(key, value) {
      if (value === undefined || entries.get(key)?.record.value === value) entries.delete(key);
    },
  };
}
