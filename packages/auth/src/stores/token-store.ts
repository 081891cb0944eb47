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
}

/** The default store: this process's memory. */
export function memoryTokenStore(): TokenStore {
  const entries = new Map<string, { record: AccessTokenRecord; until: number }>();
  return {
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
