import { describeCause, TimeoutError, TokenRefusedError } from "./errors.ts";
import { consoleLogger, type Logger } from "./logger.ts";
import { checkOptions, TOKEN_CACHE_OPTIONS, optionalNumber } from "./options.ts";
import { sanitizeError, type SecretRegistry } from "./secrets.ts";
import { raceAbort, throwIfAborted } from "./signals.ts";
import { memoryTokenStore, type TokenNote, type TokenStore } from "./stores/token-store.ts";
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
/** Ahead of expiry, a process that finds another refreshing looks in the store again this soon. */
const LOCK_RECHECK_MS = 200;
/** A token refused this soon after it was issued was refused for what it is, not for its age. */
const FRESH_TOKEN_MS = 60_000;
const REFUSAL_BACKOFF_MS = 30_000;
const LONGEST_REFUSAL_BACKOFF_MS = 10 * 60_000;
/** Refusals further apart than this are not "in a row". */
const REFUSAL_MEMORY_MS = 10 * 60_000;
const STORE_FAILED = Symbol("store failed");

/** Why a new token is wanted: none usable, ahead of expiry (the current one still works), or the caller forced it. */
type RefreshMode = "missing" | "ahead" | "forced";
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
  /** Tokens the API accepted lately: a later 401 for one of them is not a refusal of a new token. */
  #accepted: string[] = [];
  /** Tokens the API refused lately: never taken from the store again. */
  #refused: string[] = [];
  #note: TokenNote = { refusals: 0, blockedUntil: 0 };
  #noteLapsesAt = 0;

  constructor(source: TokenSource, options: TokenCacheOptions = {}) {
    checkOptions("TokenCache", options, TOKEN_CACHE_OPTIONS);
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
    const waiting = raceAbort(this.#refresh(forceRefresh ? "forced" : "missing"), signal, `getting a token (${this.grant})`);
    // Callers outside an API call (a user's own getToken) get errors as scrubbed as inside one.
    return this.#secrets ? waiting.catch((error: unknown) => Promise.reject(sanitizeError(error, this.#secrets!))) : waiting;
  }

  /**
   * Drops `token` after the API refused it (401). A newer token — one another caller already
   * fetched — is kept, so a burst of 401s for one dead token leads to one refresh.
   */
  async invalidate(token: AccessToken | string): Promise<void> {
    const value = typeof token === "string" ? token : token.value;
    const known = typeof token === "string" ? [this.#current, this.#latest].find((t) => t?.value === value) : token;
    if (this.#current?.value === value) this.#current = undefined;
    const counted = this.#refused.includes(value);
    // Not taken from the store again, should deleting it there fail.
    if (!counted) this.#refused = [...this.#refused.slice(-7), value];
    if (Date.now() >= this.#noteLapsesAt) this.#note = { refusals: 0, blockedUntil: 0 };
    // Only a token the API never took, refused soon after it was issued, says the API refuses this client's tokens.
    if (!counted && known && !this.#accepted.includes(value) && Date.now() - known.obtainedAt < FRESH_TOKEN_MS)
      await this.#noteRefusal(await fingerprint(value));
    await this.#safely("delete", () => this.#store.delete(this.cacheKey, value));
  }

  /**
   * The API took `token` (answered other than 401). A token that worked was not refused for what
   * it is: its later 401 (revoked, expired early) does not count toward the back-off on token
   * requests, and the refusals counted so far are forgotten.
   */
  accepted(token: AccessToken | string): void {
    const value = typeof token === "string" ? token : token.value;
    if (this.#accepted.includes(value)) return;
    this.#accepted = [...this.#accepted.slice(-3), value];
    // Once per token: the fleet's note may count refusals this process never saw.
    void this.#forgetRefusals();
  }

  async #forgetRefusals() {
    const shared = this.#store.getNote ? await this.#safely("get note", () => this.#store.getNote!(this.cacheKey)) : undefined;
    if (this.#note.refusals === 0 && !shared?.refusals) return;
    this.#note = { refusals: 0, blockedUntil: 0 };
    if (shared?.refusals && this.#store.setNote)
      await this.#safely("set note", () => this.#store.setNote!(this.cacheKey, this.#note, REFUSAL_MEMORY_MS));
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
    this.#refresh("ahead").catch((error: unknown) => {
      // The current token is still valid: keep serving it and try again a little later.
      this.#backgroundPausedUntil = Date.now() + BACKGROUND_RETRY_MS;
      this.#warn(`refreshing a token ahead of its expiry failed; the current one is used until then: ${describeCause(error)}`);
    });
  }

  #refresh(mode: RefreshMode): Promise<AccessToken> {
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
      this.#fetch(mode, deadline.signal)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    }).finally(() => {
      if (this.#inflight === inflight) this.#inflight = undefined;
    });
    this.#inflight = inflight;
    return inflight;
  }

  /**
   * The fleet's way to a new token. A token in the store that differs from the one being replaced
   * is someone else's fresh token and is taken as it is. Otherwise the store's lock decides who
   * asks: ahead of expiry only the process that wins it at once refreshes (the others keep their
   * still-valid token and read the new one from the store a moment later); without a usable token
   * every process waits for the lock and reads the winner's token before asking itself.
   */
  async #fetch(mode: RefreshMode, signal: AbortSignal): Promise<AccessToken> {
    const mine = mode === "missing" ? undefined : (this.#current ?? this.#latest);
    // Read the store even when forced: after a restart it holds the refresh token to use.
    const stored = await this.#readStore();
    // A caller that forces a refresh without a token of its own wants the stored one replaced.
    const replaced = mode === "forced" ? (mine ?? stored)?.value : mine?.value;
    // Someone else's token, and not an older one a slow writer put back.
    const newer = (token: AccessToken | undefined) =>
      token && token.value !== replaced && (!mine || token.expiresAt >= mine.expiresAt) ? token : undefined;
    if (newer(stored)) return this.#adopt(stored!);
    // While token requests are held back, nobody queues on the lock for one.
    const held = await this.#blockedUntil();
    if (held > Date.now()) {
      if (mode === "ahead" && this.#current) return this.#current;
      throw this.#refusedError(held);
    }
    let release: (() => Promise<void>) | undefined;
    if (this.#store.lock) {
      const waitMs = mode === "ahead" ? 0 : this.#lockWaitMs;
      const got = await this.#safely("lock", () => this.#store.lock!(this.cacheKey, { ttlMs: 30_000, waitMs }), STORE_FAILED);
      if (got === undefined && mode === "ahead" && this.#current) {
        // Another process is refreshing: this one keeps its token and looks in the store shortly.
        this.#backgroundPausedUntil = Date.now() + LOCK_RECHECK_MS;
        return this.#current;
      }
      if (typeof got === "function") release = got;
    }
    try {
      if (release) {
        // Another process may have refreshed while this one waited for the lock.
        const fresh = newer(await this.#readStore());
        if (fresh) return this.#adopt(fresh);
      }
      const blockedUntil = await this.#blockedUntil();
      if (blockedUntil > Date.now()) {
        if (mode === "ahead" && this.#current) return this.#current;
        throw this.#refusedError(blockedUntil);
      }
      const token = this.#take(await this.#source.getToken({ signal, ...(this.#latest ? { previous: this.#latest } : {}) }));
      this.#adopt(token);
      this.#latest = token;
      await this.#safely("set", () => this.#store.set(this.cacheKey, token.toRecord(), Math.max(1000, token.expiresAt - Date.now())));
      return token;
    } finally {
      if (release) await this.#safely("unlock", release);
    }
  }

  /**
   * Where every token enters the client, issued or read from a store: the one place it joins the
   * secret registry (nothing registers it again), and where the lifetime cap applies.
   */
  #take(token: AccessToken): AccessToken {
    this.#secrets?.addIssued(token.value, token.refreshToken);
    return this.#maxLifetimeMs === undefined ? token : token.capExpiry(token.obtainedAt + this.#maxLifetimeMs);
  }

  /** The registry the tokens join (the client's), if any. */
  get secrets(): SecretRegistry | undefined {
    return this.#secrets;
  }

  #adopt(token: AccessToken): AccessToken {
    this.#current = token;
    this.#backgroundPausedUntil = 0;
    return token;
  }

  /**
   * A usable token from the store (another process's, or this program's previous run's): valid,
   * not past its hard expiry, not one the API refused here. A record that fails validation is
   * dropped with a warning, so that the next token request replaces it.
   */
  async #readStore(): Promise<AccessToken | undefined> {
    const record = await this.#safely("get", () => this.#store.get(this.cacheKey));
    if (!record) return undefined;
    // The checks load with the first record read (import()): a program whose store is empty (the
    // memory store of a one-call program) does not carry them.
    const problem = (await import("./stores/record-check.ts")).recordProblem(record);
    if (problem) {
      this.#warn(`the stored token for "${this.cacheKey}" is unusable (${problem}); it is dropped and a new one requested`);
      const value = typeof record.value === "string" ? record.value : undefined;
      await this.#safely("delete", () => this.#store.delete(this.cacheKey, value));
      return undefined;
    }
    const token = this.#take(new AccessToken(record));
    if (this.#refused.includes(token.value)) return undefined;
    this.#latest = token;
    return Date.now() < this.#hardExpiry(token) ? token : undefined;
  }

  /** Until when no token may be requested for this key (0: now), from this process's note and the store's. */
  async #blockedUntil(): Promise<number> {
    const shared = this.#store.getNote ? await this.#safely("get note", () => this.#store.getNote!(this.cacheKey)) : undefined;
    if (shared && shared.refusals >= this.#note.refusals) this.#note = shared;
    return this.#note.blockedUntil;
  }

  /**
   * The API refused a token issued moments ago. Once is a token revoked at a bad moment; twice in
   * a row means the API refuses this client's tokens, and asking for more cannot help: token
   * requests for the key then back off (30 s, doubling to 10 min), for every process sharing the
   * store. A note left alone for a while lapses.
   */
  async #noteRefusal(refused: string) {
    const shared = this.#store.getNote ? await this.#safely("get note", () => this.#store.getNote!(this.cacheKey)) : undefined;
    // Several processes refused with one token count it once.
    if (shared?.lastRefused === refused) return void (this.#note = shared);
    const refusals = Math.max(this.#note.refusals, shared?.refusals ?? 0) + 1;
    const blockedUntil = refusals < 2 ? 0 : Date.now() + Math.min(REFUSAL_BACKOFF_MS * 2 ** (refusals - 2), LONGEST_REFUSAL_BACKOFF_MS);
    this.#note = { refusals, blockedUntil, lastRefused: refused };
    const keepMs = Math.max(0, blockedUntil - Date.now()) + REFUSAL_MEMORY_MS;
    this.#noteLapsesAt = Date.now() + keepMs;
    if (this.#store.setNote) await this.#safely("set note", () => this.#store.setNote!(this.cacheKey, this.#note, keepMs));
  }

  #refusedError(blockedUntil: number): TokenRefusedError {
    const times = this.#note.refusals === 2 ? "twice" : `${this.#note.refusals} times`;
    const at = new Date(blockedUntil).toISOString();
    return new TokenRefusedError(
      `the API answered 401 to each new ${this.grant} token: token refused ${times}; not requesting another before ${at} (check the client's access to this API)`,
      this.#note.refusals,
      blockedUntil,
    );
  }

  #warn(message: string) {
    this.#logger.warn(this.#secrets ? this.#secrets.scrub(message) : message);
  }

  /**
   * A store that fails or hangs (Redis down, disk full, a custom store that never answers) must
   * not fail the call: past its time the store is skipped and the token request still works.
   */
  async #safely<T, F = undefined>(operation: string, run: () => Promise<T>, failed?: F): Promise<T | F | undefined> {
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
      return failed;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A short hash of a token, to recognise it in a shared note without storing it. */
async function fingerprint(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
  return Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}
