import { randomBytes } from "node:crypto";
import { consoleLogger, memoryRateLimiter, type Logger, type RateLimiter, type Reservation } from "@vendor-clients/auth";
import { checkOptions, PROBE_ARMED_MS, PROBE_HOLD_MS, PROBE_RECHECK_MS } from "@vendor-clients/auth/internal";
import type { Redis, RedisOptions } from "ioredis";
import { failFastRedis } from "@vendor-clients/token-store-redis";

export interface RedisRateLimiterOptions {
  /** An ioredis client you manage, or a redis:// URL / options for one this limiter creates (and closes). */
  redis?: Redis | string | RedisOptions;
  /** Key prefix (default "vendor-clients:ratelimit:"). */
  prefix?: string;
  /** Where "Redis is unreachable, limits are per process now" is reported. */
  logger?: Logger;
}

// All the arithmetic runs inside Redis, one script per call, so that processes on any number of
// machines see one queue per key, in one clock: Redis's own (TIME), never the callers' clocks,
// which may disagree by seconds.
const NOW = `local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS: the key's reservation log (a sorted set: score = the instant a slot starts), its pause.
// ARGV: reservation id, maxWaitMs, number of windows, then limit and windowMs of each window.
// Returns { granted (1/0), waitMs, index of the binding window (-1: a pause), Redis's now }. The same algorithm
// as earliestSlot in @vendor-clients/auth: the earliest instant, after every reservation already
// made and any pause, at which one more request fits every window.
const RESERVE = `${NOW}
local maxWait = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local longest = 0
for i = 1, n do
  local w = tonumber(ARGV[3 + 2 * i])
  if w > longest then longest = w end
end
if longest > 0 then redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now - longest) end
local at = now
local window = -1
local last = redis.call("ZRANGE", KEYS[1], -1, -1, "WITHSCORES")
if last[2] then
  local l = tonumber(last[2])
  if l > at then
    at = l
    if n > 0 then window = 0 end
  end
end
local size = redis.call("ZCARD", KEYS[1])
for i = 1, n do
  local limit = tonumber(ARGV[2 + 2 * i])
  local w = tonumber(ARGV[3 + 2 * i])
  if size >= limit then
    local entry = redis.call("ZRANGE", KEYS[1], size - limit, size - limit, "WITHSCORES")
    local bound = tonumber(entry[2]) + w
    if bound > at then
      at = bound
      window = i - 1
    end
  end
end
local paused = tonumber(redis.call("GET", KEYS[2]) or "0")
if paused > at then
  at = paused
  window = -1
end
-- Half-open: the first request after a pause goes alone; the others look again shortly.
local probe = 0
local state = redis.call("GET", KEYS[3])
if state then
  local holdUntil = tonumber(string.match(state, "^held:[^|]*|(%d+)$") or "0")
  if state == "armed" or holdUntil <= now then
    probe = 1
  elseif at < now + ${PROBE_RECHECK_MS} then
    at = now + ${PROBE_RECHECK_MS}
    window = -1
  end
end
if at - now > maxWait then return {0, at - now, window, now, 0} end
if n > 0 then
  redis.call("ZADD", KEYS[1], at, ARGV[1])
  redis.call("PEXPIRE", KEYS[1], at - now + longest)
end
if probe == 1 then
  local ttl = redis.call("PTTL", KEYS[3])
  if ttl > 0 then redis.call("SET", KEYS[3], "held:" .. ARGV[1] .. "|" .. string.format("%d", at + ${PROBE_HOLD_MS}), "PX", ttl) end
end
return {1, at - now, window, now, probe}`;

// KEYS: the log, the pause. ARGV: reservation id, number of windows, then limit and windowMs of
// each. The slot's time has come: returns { ms more to wait (0: go), Redis's now }, and moves the
// reservation to the instant it will really go (now, or now + the wait), so that requests after
// it count it where it is. The same as confirm in @vendor-clients/auth's memory limiter.
const CONFIRM = `${NOW}
local paused = tonumber(redis.call("GET", KEYS[2]) or "0")
if paused > now then return {paused - now, now} end
local state = redis.call("GET", KEYS[3])
if state then
  local holder, holdUntil = string.match(state, "^held:([^|]*)|(%d+)$")
  if holder and holder ~= ARGV[1] and tonumber(holdUntil) > now then return {${PROBE_RECHECK_MS}, now} end
end
if not redis.call("ZSCORE", KEYS[1], ARGV[1]) then return {0, now} end
redis.call("ZREM", KEYS[1], ARGV[1])
local n = tonumber(ARGV[2])
local extra = 0
for i = 1, n do
  local limit = tonumber(ARGV[1 + 2 * i])
  local w = tonumber(ARGV[2 + 2 * i])
  local from = "(" .. string.format("%d", now - w)
  local count = redis.call("ZCOUNT", KEYS[1], from, now)
  if count >= limit then
    local entry = redis.call("ZRANGEBYSCORE", KEYS[1], from, now, "WITHSCORES", "LIMIT", count - limit, 1)
    local bound = tonumber(entry[2]) + w
    if bound - now > extra then extra = bound - now end
  end
end
redis.call("ZADD", KEYS[1], now + extra, ARGV[1])
return {extra, now}`;

// KEYS: the pause, the probe state. ARGV: ms. A longer pause already set stays. The pause record
// expires with the pause; the probe state (the first request after it goes alone) a while later.
const PAUSE = `${NOW}
local ms = tonumber(ARGV[1])
local current = tonumber(redis.call("GET", KEYS[1]) or "0")
if now + ms > current then
  redis.call("SET", KEYS[1], now + ms, "PX", math.max(1, ms))
  redis.call("SET", KEYS[2], "armed", "PX", ms + ${PROBE_ARMED_MS})
end
return 0`;

// KEYS: the probe state. ARGV: reservation id, 1 when the probe was answered (the key reopens), 0 when not (another request probes).
const SETTLE_PROBE = `
local state = redis.call("GET", KEYS[1])
if not state or string.match(state, "^held:([^|]*)|") ~= ARGV[1] then return 0 end
if ARGV[2] == "1" then return redis.call("DEL", KEYS[1]) end
local ttl = redis.call("PTTL", KEYS[1])
if ttl > 0 then redis.call("SET", KEYS[1], "armed", "PX", ttl) end
return 0`;

const PAUSED_FOR = `${NOW}
local untilMs = tonumber(redis.call("GET", KEYS[1]) or "0")
if untilMs > now then return untilMs - now end
return 0`;

interface Scripts {
  vcRateReserve(
    log: string,
    pause: string,
    probe: string,
    id: string,
    maxWaitMs: number,
    n: number,
    ...windows: number[]
  ): Promise<[number, number, number, number, number]>;
  vcRateConfirm(log: string, pause: string, probe: string, id: string, n: number, ...windows: number[]): Promise<[number, number]>;
  vcRatePause(pause: string, probe: string, ms: number): Promise<number>;
  vcRateSettleProbe(probe: string, id: string, passed: "1" | "0"): Promise<number>;
  vcRatePausedFor(pause: string): Promise<number>;
}

/**
 * Rate limits shared by every process (on every machine) that uses the same Redis and the same
 * keys: one queue of reservations per key, kept by Lua scripts in Redis, so N workers together
 * stay within the vendor's limit, and a 429 seen by one pauses all of them.
 *
 * If Redis cannot be reached, commands fail within a second and the limiter carries on with a
 * per-process budget (and says so once through the logger): calls are never blocked on Redis.
 */
/** Every option's name, for the options check (the type checker holds it equal to RedisRateLimiterOptions). */
const OPTIONS = { redis: true, prefix: true, logger: true } as const satisfies Record<keyof Required<RedisRateLimiterOptions>, true>;

export function redisRateLimiter(options: RedisRateLimiterOptions = {}): RateLimiter & { readonly redis: Redis; close(): Promise<void> } {
  checkOptions("redisRateLimiter", options, OPTIONS);
  const prefix = options.prefix ?? "vendor-clients:ratelimit:";
  const logger = options.logger ?? consoleLogger;
  const { redis, owned, connected } = failFastRedis(options.redis);
  redis.defineCommand("vcRateReserve", { numberOfKeys: 3, lua: RESERVE });
  redis.defineCommand("vcRateConfirm", { numberOfKeys: 3, lua: CONFIRM });
  redis.defineCommand("vcRatePause", { numberOfKeys: 2, lua: PAUSE });
  redis.defineCommand("vcRateSettleProbe", { numberOfKeys: 1, lua: SETTLE_PROBE });
  redis.defineCommand("vcRatePausedFor", { numberOfKeys: 1, lua: PAUSED_FOR });
  const scripts = redis as unknown as Scripts;

  // Without an offline queue a command sent while connecting fails at once: wait (briefly) for the connection.

  const fallback = memoryRateLimiter();
  let warnedAt = 0;
  // After a failure Redis is left alone for a few seconds: a dead Redis must not cost every request a timeout.
  let skipUntil = 0;
  /** Runs `shared` on Redis; when Redis fails, `local` on this process's own budgets, warning at most once a minute. */
  const orLocal = async <T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> => {
    if (Date.now() < skipUntil) return local();
    try {
      await connected();
      return await shared();
    } catch (error) {
      skipUntil = Date.now() + 5000;
      if (Date.now() - warnedAt > 60_000) {
        warnedAt = Date.now();
        logger.warn(`rate limiter: Redis failed (${(error as Error).message}); limits are kept per process until it is back`);
      }
      return local();
    }
  };

  // Slots are instants on Redis's clock. Turning "wait n ms" into a local instant from when the
  // answer arrived would add that call's delay, which differs from one call to the next: two
  // slots a window apart would then go out less than a window apart. So each process keeps the
  // offset between Redis's clock and its own, measured on the quickest round trip it has seen
  // (renewed each minute, as clocks drift), and sleeps until the slot's own instant.
  let offset = 0;
  let bestRoundTrip = Number.POSITIVE_INFINITY;
  let measuredAt = 0;
  const measure = (sentAt: number, receivedAt: number, redisNow: number) => {
    const roundTrip = receivedAt - sentAt;
    if (roundTrip <= bestRoundTrip || receivedAt - measuredAt > 60_000) {
      bestRoundTrip = roundTrip;
      measuredAt = receivedAt;
      offset = redisNow - (sentAt + receivedAt) / 2;
    }
  };

  // One hash tag per key, so a key's log and pause live in one cluster slot (a script may touch only one).
  const logKey = (key: string) => `${prefix}{${key.replace(/[{}]/g, "_")}}:log`;
  const pauseKey = (key: string) => `${prefix}{${key.replace(/[{}]/g, "_")}}:pause`;
  const probeKey = (key: string) => `${prefix}{${key.replace(/[{}]/g, "_")}}:probe`;
  const nonce = randomBytes(6).toString("hex");
  let counter = 0;

  return {
    redis,
    reserve(key, windows, maxWaitMs) {
      return orLocal<Reservation>(
        async () => {
          const id = `${nonce}:${++counter}`;
          const flat = windows.flatMap((w) => [w.limit, Math.ceil(w.windowMs)]);
          const wait = Number.isFinite(maxWaitMs) ? Math.max(0, Math.floor(maxWaitMs)) : Number.MAX_SAFE_INTEGER;
          const sentAt = Date.now();
          const [granted, redisWaitMs, window, redisNow, probe] = await scripts.vcRateReserve(
            logKey(key),
            pauseKey(key),
            probeKey(key),
            id,
            wait,
            windows.length,
            ...flat,
          );
          const receivedAt = Date.now();
          measure(sentAt, receivedAt, redisNow);
          const waitMs = redisWaitMs === 0 ? 0 : Math.max(0, Math.ceil(redisNow + redisWaitMs - offset - receivedAt));
          return granted === 1
            ? { granted: true, waitMs, id, window, ...(probe === 1 ? { probe: true } : {}) }
            : { granted: false, waitMs: redisWaitMs, window };
        },
        async () => {
          const local = await fallback.reserve(key, windows, maxWaitMs);
          return local.granted ? { ...local, id: `local:${local.id}` } : local;
        },
      );
    },
    confirm(key, id, windows) {
      if (id.startsWith("local:")) return fallback.confirm(key, id.slice(6), windows);
      return orLocal(
        async () => {
          const [extra, redisNow] = await scripts.vcRateConfirm(
            logKey(key),
            pauseKey(key),
            probeKey(key),
            id,
            windows.length,
            ...windows.flatMap((w) => [w.limit, Math.ceil(w.windowMs)]),
          );
          return extra === 0 ? 0 : Math.max(1, Math.ceil(redisNow + extra - offset - Date.now()));
        },
        // Redis went away mid-wait: what this process knows of pauses still holds.
        () => fallback.pausedFor(key),
      );
    },
    async cancel(key, id) {
      if (id.startsWith("local:")) return fallback.cancel(key, id.slice(6));
      await orLocal(
        async () => void (await redis.zrem(logKey(key), id)),
        async () => {},
      );
    },
    async pause(key, ms) {
      const whole = Math.max(0, Math.ceil(ms));
      // Kept locally too: should Redis fail now, this process still honours what the server said.
      await fallback.pause(key, whole);
      await orLocal(
        async () => void (await scripts.vcRatePause(pauseKey(key), probeKey(key), whole)),
        async () => {},
      );
    },
    async settleProbe(key, id, passed) {
      if (id.startsWith("local:")) return fallback.settleProbe!(key, id.slice(6), passed);
      await orLocal(
        async () => void (await scripts.vcRateSettleProbe(probeKey(key), id, passed ? "1" : "0")),
        async () => {},
      );
    },
    pausedFor(key) {
      return orLocal(
        () => scripts.vcRatePausedFor(pauseKey(key)),
        () => fallback.pausedFor(key),
      );
    },
    async close() {
      if (owned) redis.disconnect();
    },
  };
}
