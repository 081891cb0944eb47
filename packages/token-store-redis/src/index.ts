import { randomBytes } from "node:crypto";
import { type AccessTokenRecord, consoleLogger, type EncryptionKey, type Logger, type TokenStore } from "@vendor-clients/auth";
import { asTokenNote, checkOptions, encryptionKeysOf, recordSealer } from "@vendor-clients/auth/internal";
import { Redis, type RedisOptions } from "ioredis";

export interface RedisTokenStoreOptions {
  /** An ioredis client you manage, or a redis:// URL / options for one this store creates (and closes). */
  redis?: Redis | string | RedisOptions;
  /** Key prefix (default "vendor-clients:token:"). */
  prefix?: string;
  logger?: Logger;
  /**
   * Seals each record with AES-256-GCM: 32 bytes, or base64 text (e.g. from an environment
   * variable). A list rotates keys: the first seals, any opens. A record no key opens is missing.
   * Default: $VENDOR_CLIENTS_TOKEN_KEY (keys comma-separated, newest first), else records are plain.
   */
  encryptionKey?: EncryptionKey | readonly EncryptionKey[];
}

// Deletes only if the stored entry is still the one read (the exact text: sealed records cannot be
// looked into here): never a newer token another process wrote.
const DELETE_IF_SAME = `
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`;

// Releases a lock only while it still carries our nonce (it may have expired and been taken).
const RELEASE_IF_OWNER = `
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`;

/**
 * A Redis connection that fails fast when Redis is unreachable (no offline queue, one attempt, 1 s
 * timeouts), so that callers carry on without it instead of waiting: what the token store and the
 * rate limiter both need. A connection the caller passed is used as it is (and not closed here).
 */
export function failFastRedis(given: Redis | string | RedisOptions | undefined): {
  redis: Redis;
  owned: boolean;
  connected: () => Promise<void>;
} {
  const redis = given instanceof Redis ? given : newFailFastRedis(given);
  // Without an offline queue a command sent while connecting fails at once: callers wait (briefly)
  // for the connection instead, so a program's first command can use it.
  const connected = async () => {
    if (redis.status === "ready") return;
    if (redis.status === "wait") void redis.connect().catch(() => {});
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off("ready", onReady);
        reject(new Error(`Redis is not reachable (status ${redis.status})`));
      }, 1000);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once("ready", onReady);
    });
  };
  return { redis, owned: !(given instanceof Redis), connected };
}

function newFailFastRedis(given: string | RedisOptions | undefined): Redis {
  const failFast: RedisOptions = {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 1000,
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  const redis = typeof given === "string" ? new Redis(given, failFast) : new Redis({ ...failFast, ...(given ?? {}) });
  // ioredis reports connection trouble as "error" events; unhandled, they would crash the process.
  redis.on("error", () => {});
  return redis;
}

/**
 * Tokens in Redis, shared by every process that uses the same credentials: one of them fetches a
 * token while the others wait on a lock (SET NX PX) and then read it. Commands fail fast when Redis
 * is unreachable (no offline queue, one attempt, 1 s timeouts), and the token cache then fetches
 * its own token with a warning: the call still succeeds.
 */
/** Every option's name, for the options check (the type checker holds it equal to RedisTokenStoreOptions). */
const OPTIONS = { redis: true, prefix: true, logger: true, encryptionKey: true } as const satisfies Record<
  keyof Required<RedisTokenStoreOptions>,
  true
>;

export function redisTokenStore(options: RedisTokenStoreOptions = {}): TokenStore & { readonly redis: Redis; close(): Promise<void> } {
  checkOptions("redisTokenStore", options, OPTIONS);
  const prefix = options.prefix ?? "vendor-clients:token:";
  const logger = options.logger ?? consoleLogger;
  const { redis, owned, connected } = failFastRedis(options.redis);

  const { keys, option } = encryptionKeysOf(options.encryptionKey, process.env);
  const sealer = recordSealer(keys, option);
  const tokenKey = (key: string) => `${prefix}${key}`;
  const lockKey = (key: string) => `${prefix}lock:${key}`;
  const noteKey = (key: string) => `${prefix}note:${key}`;

  /** The record in an entry's text (opened first when sealing is on), or undefined with a warning. */
  const recordOf = async (key: string, raw: string): Promise<AccessTokenRecord | undefined> => {
    let text: string | undefined = raw;
    if (sealer) {
      text = await sealer.open(key, raw);
      if (text === undefined) {
        logger.warn(`token store: the Redis entry for "${key}" does not open with the encryption key(s) given; it is ignored`);
        return undefined;
      }
    }
    try {
      const record = JSON.parse(text);
      if (record && typeof record === "object" && !Array.isArray(record)) return record as AccessTokenRecord;
    } catch {
      /* fall through */
    }
    logger.warn(`token store: the Redis entry for a token is corrupt and is ignored`);
    return undefined;
  };

  return {
    redis,
    async get(key) {
      await connected();
      const raw = await redis.get(tokenKey(key));
      // The token cache validates the record's fields (and says why it drops one).
      return raw === null ? undefined : recordOf(key, raw);
    },
    async set(key, record, ttlMs) {
      // Keep an entry with a refresh token for a while after its access token: it can still refresh.
      await connected();
      const keepMs = record.refreshToken ? Math.max(ttlMs, 30 * 24 * 3600_000) : ttlMs;
      const text = JSON.stringify(record);
      await redis.set(tokenKey(key), sealer ? await sealer.seal(key, text) : text, "PX", Math.max(1, Math.round(keepMs)));
    },
    async delete(key, value) {
      await connected();
      if (value === undefined) return void (await redis.del(tokenKey(key)));
      const raw = await redis.get(tokenKey(key));
      if (raw === null) return;
      const record = await recordOf(key, raw);
      // Deleted only if it holds `value` (an entry this process cannot open is not its own) and is still the very entry read.
      if (record?.value === value) await redis.eval(DELETE_IF_SAME, 1, tokenKey(key), raw);
    },
    async getNote(key) {
      await connected();
      const raw = await redis.get(noteKey(key));
      try {
        return raw === null ? undefined : asTokenNote(JSON.parse(raw));
      } catch {
        return undefined;
      }
    },
    async setNote(key, note, ttlMs) {
      await connected();
      await redis.set(noteKey(key), JSON.stringify(note), "PX", Math.max(1, Math.round(ttlMs)));
    },
    async lock(key, { ttlMs, waitMs, signal }) {
      await connected();
      const nonce = randomBytes(12).toString("hex");
      const deadline = Date.now() + waitMs;
      for (;;) {
        if ((await redis.set(lockKey(key), nonce, "PX", ttlMs, "NX")) === "OK") {
          return async () => {
            await redis.eval(RELEASE_IF_OWNER, 1, lockKey(key), nonce);
          };
        }
        if (Date.now() >= deadline || signal?.aborted) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
      }
    },
    async close() {
      if (owned) redis.disconnect();
    },
  };
}
