import { describeCause, TimeoutError } from "./errors.ts";
import { consoleLogger, type Logger } from "./logger.ts";
import { optionalNumber } from "./options.ts";
import { sanitizeError, type SecretRegistry } from "./secrets.ts";
import { raceAbort, throwIfAborted } from "./signals.ts";
import { memoryTokenStore, type TokenStore } from "./stores/token-store.ts";
import type { GetTokenOptions, TokenSource } from "./token-source.ts";
import { AccessToken } from "./token.ts";

export interface TokenCacheOptions {
  /** Where tokens live beyond this object: memory (default), a file, Redis. */
  store?: TokenStore;
  /** Store key; default: the source's cacheKey (token URL + client id + scopes). */
  key?: string;
  /**
   * Refresh this long before expiry (default 5 minutes, at most half the token's lifetime).
   * Inside this window callers still get the current token while one refresh runs behind them.
   */
  refreshMarginMs?: number;
  /** Never trust a token longer than this, whatever expires_in says (Ingram Micro: 24 h). */
  maxLifetimeMs?: number;
  /** How long to wait for another process's refresh when the store has a lock (default 10 s). */
  lockWaitMs?: number;
  /**
   * The longest one token request (with its own retries) may take before it is abandoned
   * (default 120 s). The next caller then starts a fresh one: a server that stalls can delay the
   * callers of the moment, never wedge the cache.
   */
  refreshTimeoutMs?: number;
  logger?: Logger;
  /** The client's secret registry: every token handed out (issued here or read from a store) joins it. */
  secrets?: SecretRegistry;
}

const FIVE_MINUTES = 5 * 60_000;
/** A token is not handed out in its last moments: a request sent now would arrive after it died. */
const EXPIRY_SKEW_MS = 30_000;
const BACKGROUND_RETRY_MS = 30_000;
/** A token store is local or one network hop away: an operation slower than this is treated as a failure. */
const STORE_TIMEOUT_MS = 5_000;

/**
 * A token source with memory: one token request for any number of concurrent callers
 * (single-flight), refresh ahead of expiry, a lifetime cap, and invalidation after a 401 that
 * drops only the token that failed. It has the same shape as a source.
 */
export class TokenCache implements TokenSource {
  readonly grant: string;
  readonly cacheKey: string;
  readonly #source: TokenSource;
  readonly #store: TokenStore;
  readonly #refreshMarginMs: number;
  readonly #maxLifetimeMs: number | undefined;
  readonly #lockWaitMs: number;
  readonly #refreshTimeoutMs: number;
  readonly #logger: Logger;
  readonly #secrets: SecretRegistry | undefined;
  #current: AccessToken | undefined;
  /** The newest token seen, even after it was invalidated: its refresh token may still be good. */
  #latest: AccessToken | undefined;
  #inflight: Promise<AccessToken> | undefined;
  #backgroundPausedUntil = 0;

  constructor(source: TokenSource, options: TokenCacheOptions = {}) {
    this.#source = source;
    this.grant = source.grant;
    this.cacheKey = options.key ?? source.cacheKey;
    this.#store = options.store ?? memoryTokenStore();
    this.#refreshMarginMs = optionalNumber("TokenCache", "refreshMarginMs", options.refreshMarginMs) ?? FIVE_MINUTES;
    this.#maxLifetimeMs = optionalNumber("TokenCache", "maxLifetimeMs", options.maxLifetimeMs, { min: 1000 });
    this.#lockWaitMs = optionalNumber("TokenCache", "lockWaitMs", options.lockWaitMs) ?? 10_000;
    this.#refreshTimeoutMs = optionalNumber("TokenCache", "refreshTimeoutMs", options.refreshTimeoutMs, { min: 1 }) ?? 120_000;
    this.#logger = options.logger ?? consoleLogger;
    this.#secrets = options.secrets;
  }

  /** Whether a new token can be had after a 401 (a pasted static token cannot). */
  get renewable(): boolean {
    return this.#source.grant !== "static";
  }

  /** The cached token, if any, without side effects. */
  peek(): AccessToken | undefined {
    return this.#current;
  }

  async getToken({ signal, forceRefresh = false }: GetTokenOptions = {}): Promise<AccessToken> {
    throwIfAborted(signal, `getting a token (${this.grant})`);
    const now = Date.now();
    const current = this.#current;
    if (!forceRefresh && current && now < this.#hardExpiry(current)) {
      if (now >= this.#refreshAt(current) && !this.#inflight && now >= this.#backgroundPausedUntil) this.#refreshBehind();
      return current;
    }
    const waiting = raceAbort(this.#refresh(forceRefresh), signal, `getting a token (${this.grant})`);
    // Callers outside an API call (a user's own getToken) get errors as scrubbed as inside one.
    return this.#secrets ? waiting.catch((error: unknown) => Promise.reject(sanitizeError(error, this.#secrets!))) : waiting;
  }

  /**
   * Drops `token` after the API refused it (401). A newer token — one another caller already
   * fetched — is kept, so a burst of 401s for one dead token leads to one refresh.
   */
  async invalidate(token: AccessToken | string): Promise<void> {
    const value = typeof token === "string" ? token : token.value;
    if (this.#current?.value === value) this.#current = undefined;
    await this.#safely("delete", () => this.#store.delete(this.cacheKey, value));
  }

  /** Revokes the current token at the server (where the grant can) and forgets it everywhere. */
  async revokeCurrent(options: { signal?: AbortSignal } = {}): Promise<void> {
    const token = this.#current ?? this.#latest;
    this.#current = undefined;
    this.#latest = undefined;
    if (!token) return;
    await this.#safely("delete", () => this.#store.delete(this.cacheKey, token.value));
    if (this.#source.revoke) await this.#source.revoke(token, options);
  }

  #lifetime(token: AccessToken) {
    return Math.max(0, token.expiresAt - token.obtainedAt);
  }

  #refreshAt(token: AccessToken) {
    return token.expiresAt - Math.min(this.#refreshMarginMs, this.#lifetime(token) / 2);
  }

  #hardExpiry(token: AccessToken) {
    return token.expiresAt - Math.min(EXPIRY_SKEW_MS, this.#lifetime(token) / 10);
  }

  #refreshBehind() {
    this.#refresh(true).catch((error: unknown) => {
      // The current token is still valid: keep serving it and try again a little later.
      this.#backgroundPausedUntil = Date.now() + BACKGROUND_RETRY_MS;
      this.#warn(`refreshing a token ahead of its expiry failed; the current one is used until then: ${describeCause(error)}`);
    });
  }

  #refresh(force: boolean): Promise<AccessToken> {
    if (this.#inflight) return this.#inflight;
    // The shared request has its own deadline: no single caller's signal may cancel it for the
    // others, and no stalled server may keep it (and every later caller) pending for ever.
    const deadline = new AbortController();
    const inflight = new Promise<AccessToken>((resolve, reject) => {
      const timer = setTimeout(() => {
        deadline.abort();
        reject(
          new TimeoutError(
            `getting a token (${this.grant}) took longer than ${this.#refreshTimeoutMs} ms and was abandoned`,
            this.#refreshTimeoutMs,
          ),
        );
      }, this.#refreshTimeoutMs);
      this.#fetch(force, deadline.signal)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    }).finally(() => {
      if (this.#inflight === inflight) this.#inflight = undefined;
    });
    this.#inflight = inflight;
    return inflight;
  }

  async #fetch(force: boolean, signal: AbortSignal): Promise<AccessToken> {
    const stale = this.#current;
    // Read the store even when forced: after a restart it holds the refresh token to use.
    const stored = await this.#readStore();
    if (stored && !force) return stored;
    const release = this.#store.lock
      ? await this.#safely("lock", () => this.#store.lock!(this.cacheKey, { ttlMs: 30_000, waitMs: this.#lockWaitMs }))
      : undefined;
    try {
      if (release) {
        // Another process may have refreshed while this one waited for the lock.
        const fresh = await this.#readStore();
        if (fresh && fresh.value !== stale?.value && fresh.value !== stored?.value) return fresh;
      }
      let token = await this.#source.getToken({ signal, ...(this.#latest ? { previous: this.#latest } : {}) });
      this.#secrets?.addIssued(token.value, token.refreshToken);
      if (this.#maxLifetimeMs !== undefined) token = token.capExpiry(token.obtainedAt + this.#maxLifetimeMs);
      this.#current = token;
      this.#latest = token;
      this.#backgroundPausedUntil = 0;
      await this.#safely("set", () => this.#store.set(this.cacheKey, token.toRecord(), Math.max(1000, token.expiresAt - Date.now())));
      return token;
    } finally {
      if (release) await this.#safely("unlock", release);
    }
  }

  /** A usable token from the store (another process's, or this program's previous run's). */
  async #readStore(): Promise<AccessToken | undefined> {
    const record = await this.#safely("get", () => this.#store.get(this.cacheKey));
    if (!record) return undefined;
    let token = new AccessToken(record);
    this.#secrets?.addIssued(token.value, token.refreshToken);
    if (this.#maxLifetimeMs !== undefined) token = token.capExpiry(token.obtainedAt + this.#maxLifetimeMs);
    this.#latest = token;
    if (Date.now() >= this.#refreshAt(token)) return undefined;
    this.#current = token;
    return token;
  }

  #warn(message: string) {
    this.#logger.warn(this.#secrets ? this.#secrets.scrub(message) : message);
  }

  /**
   * A store that fails or hangs (Redis down, disk full, a custom store that never answers) must
   * not fail the call: past its time the store is skipped and the token request still works.
   */
  async #safely<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
    const limitMs = operation === "lock" ? this.#lockWaitMs + STORE_TIMEOUT_MS : STORE_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let gaveUp = false;
    const running = run();
    // A lock granted after we stopped waiting is released at once: other processes must not wait out its TTL.
    if (operation === "lock")
      running.then(
        (release) => {
          if (gaveUp && typeof release === "function") (release as () => Promise<void>)().catch(() => {});
        },
        () => {},
      );
    try {
      return await Promise.race([
        running,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => ((gaveUp = true), reject(new Error(`no answer within ${limitMs} ms`))), limitMs);
        }),
      ]);
    } catch (error) {
      this.#warn(`token store ${operation} failed; going on without it: ${describeCause(error)}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

export const createTokenCache = (source: TokenSource, options?: TokenCacheOptions) => new TokenCache(source, options);
