import { checkOptions, MEMORY_RATE_LIMITER_OPTIONS } from "../options.ts";
/** One budget: at most `limit` requests in any `windowMs` span (a sliding window, not fixed buckets). */
export interface RateLimitWindow {
  limit: number;
  windowMs: number;
}

/** The answer to "may I send a request under this key?" */
export type Reservation =
  /** A slot is held for you `waitMs` from now (0: at once), later because of `windows[window]` (-1: a pause, or the queue). `id` cancels it. */
  | {
      granted: true;
      waitMs: number;
      id: string;
      window: number;
      /**
       * This request is the one probe after a pause (half-open): the key stays closed to the
       * others until the caller settles it with `settleProbe` (or it times out).
       */
      probe?: boolean;
    }
  /**
   * No slot within `maxWaitMs`: the earliest one is `waitMs` away, held back by `windows[window]`
   * (or by a server's pause, `window` -1). Nothing was reserved.
   */
  | { granted: false; waitMs: number; window: number };

/**
 * Where the budgets live: one process (memoryRateLimiter) or every process that shares a Redis
 * (redisRateLimiter in @vendor-clients/rate-limit-redis). Keys carry no secret.
 *
 * The model is a queue of reservations per key: each request reserves the earliest instant at
 * which it fits every window (and the end of any pause), after all reservations already made,
 * and sleeps until then. Callers never poll, so N waiting callers cost N calls, not N per slot.
 */
export interface RateLimiter {
  reserve(key: string, windows: readonly RateLimitWindow[], maxWaitMs: number): Promise<Reservation>;
  /**
   * The slot's time has come: records the request as sent now (its real instant, which may be
   * later than planned) and answers 0 to go, or how many ms more to wait: a pause began
   * meanwhile, or earlier requests went out late and, counted at their real instants, leave no
   * room in a window yet (the slot then moves that far). A late request thus delays the ones
   * after it instead of landing too close to them.
   */
  confirm(key: string, id: string, windows: readonly RateLimitWindow[]): Promise<number>;
  /** Gives a reserved slot back (the caller gave up waiting). Later reservations stay where they are. */
  cancel(key: string, id: string): Promise<void>;
  /** Nobody sends under `key` for `ms` from now (a 429 said so); a longer pause already set stays. */
  pause(key: string, ms: number): Promise<void>;
  /** ms left of the pause on `key`, 0 when none. */
  pausedFor(key: string): Promise<number>;
  /**
   * The probe after a pause got its answer: `passed` (no new pause) reopens the key to everyone;
   * otherwise (it failed without an answer) the next request probes again. Optional: a limiter
   * without it has no half-open state.
   */
  settleProbe?(key: string, id: string, passed: boolean): Promise<void>;
}

/** After a pause, the key waits this long at most for its probe's answer before another request probes. */
export const PROBE_HOLD_MS = 10_000;
/** Requests behind a probe in flight look again this often. */
export const PROBE_RECHECK_MS = 100;
/** A pause's end is probed only if a request comes within this time of it; later, the key is just open. */
export const PROBE_ARMED_MS = 60_000;

/** The earliest instant, at or after `from`, at which one more request fits every window after `times` (ascending). */
export function earliestSlot(times: ArrayLike<number>, windows: readonly RateLimitWindow[], from: number): { at: number; window: number } {
  const last = times.length ? times[times.length - 1]! : from;
  let at = Math.max(from, last);
  // Queued behind an earlier reservation: that one waited for a window too.
  let window = last > from && windows.length ? 0 : -1;
  windows.forEach((w, i) => {
    // Adding one at `at` must leave at most `limit` in (at - windowMs, at]: the limit-th latest
    // reservation has to be out of the window by then.
    if (times.length < w.limit) return;
    const bound = times[times.length - w.limit]! + w.windowMs;
    if (bound > at) {
      at = bound;
      window = i;
    }
  });
  return { at, window };
}

/**
 * How long after `t` one more request fits every window, counting only what is at or before `t`
 * in `times` (ascending): 0 when it fits now.
 */
export function lateBy(times: ArrayLike<number>, windows: readonly RateLimitWindow[], t: number): number {
  let end = times.length;
  while (end > 0 && times[end - 1]! > t) end--;
  let extra = 0;
  for (const w of windows) {
    let start = end;
    while (start > 0 && times[start - 1]! > t - w.windowMs) start--;
    if (end - start >= w.limit) extra = Math.max(extra, times[end - w.limit]! + w.windowMs - t);
  }
  return extra;
}

export interface MemoryRateLimiterOptions {
  /** The clock (ms), for tests. */
  now?: () => number;
}

/** Budgets in this process only: the default. Many processes need a shared limiter (Redis). */
export function memoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  checkOptions("memoryRateLimiter", options, MEMORY_RATE_LIMITER_OPTIONS);
  const now = options.now ?? Date.now;
  // Per key, reservation times (ascending: each one is at or after the last) and their ids, side by side.
  const logs = new Map<string, { times: number[]; ids: string[] }>();
  const pauses = new Map<string, number>();
  /** Per key after a pause: until when the next request is a probe, and the probe in flight. */
  const probes = new Map<string, { armedUntil: number; holder?: string; holdUntil: number }>();
  /** The longest window each key was last given, so that a sweep knows when its log is all past. */
  const horizons = new Map<string, number>();
  let next = 0;
  let reservations = 0;

  // Keys that are never touched again (a path with an id in it, keyed by endpoint) would stay for
  // good: every so often, everything wholly in the past goes.
  const sweep = (t: number) => {
    for (const [key, until] of pauses) if (until <= t) pauses.delete(key);
    for (const [key, probe] of probes) if (probe.armedUntil <= t) probes.delete(key);
    for (const [key, log] of logs) {
      const last = log.times[log.times.length - 1];
      if (last === undefined || last <= t - (horizons.get(key) ?? 0)) logs.delete(key), horizons.delete(key);
    }
  };

  const logOf = (key: string, windows: readonly RateLimitWindow[], t: number) => {
    const log = logs.get(key) ?? { times: [], ids: [] };
    const longest = Math.max(0, ...windows.map((w) => w.windowMs));
    let drop = 0;
    while (drop < log.times.length && log.times[drop]! <= t - longest) drop++;
    if (drop) {
      log.times.splice(0, drop);
      log.ids.splice(0, drop);
    }
    return log;
  };

  return {
    async reserve(key, windows, maxWaitMs) {
      const t = now();
      if (++reservations % 1000 === 0) sweep(t);
      const pausedUntil = pauses.get(key) ?? 0;
      if (pausedUntil <= t) pauses.delete(key);
      const log = logOf(key, windows, t);
      let { at, window } = earliestSlot(log.times, windows, t);
      if (pausedUntil > at) {
        at = pausedUntil;
        window = -1;
      }
      // Half-open: the first request after a pause goes alone; the others look again shortly.
      let probe = false;
      const state = probes.get(key);
      if (state && state.armedUntil <= t) probes.delete(key);
      else if (state && at >= pausedUntil) {
        if (state.holder === undefined || state.holdUntil <= t) probe = true;
        else if (at < t + PROBE_RECHECK_MS) {
          at = t + PROBE_RECHECK_MS;
          window = -1;
        }
      }
      if (at - t > maxWaitMs) return { granted: false, waitMs: at - t, window };
      const id = String(++next);
      if (probe) {
        state!.holder = id;
        state!.holdUntil = at + PROBE_HOLD_MS;
      }
      if (windows.length) {
        log.times.push(at);
        log.ids.push(id);
        logs.set(key, log);
        horizons.set(key, Math.max(...windows.map((w) => w.windowMs)));
      } else if (!log.times.length) logs.delete(key);
      return { granted: true, waitMs: at - t, id, window, ...(probe ? { probe } : {}) };
    },
    async confirm(key, id, windows) {
      const t = now();
      const pausedUntil = pauses.get(key) ?? 0;
      if (pausedUntil > t) return pausedUntil - t;
      const state = probes.get(key);
      if (state && state.armedUntil > t && state.holder !== undefined && state.holder !== id && state.holdUntil > t)
        return PROBE_RECHECK_MS;
      const log = logs.get(key);
      const index = log?.ids.lastIndexOf(id) ?? -1;
      if (!log || index < 0) return 0;
      log.times.splice(index, 1);
      log.ids.splice(index, 1);
      const extra = lateBy(log.times, windows, t);
      // Back in time order, at the instant it will really go.
      let at = 0;
      while (at < log.times.length && log.times[at]! <= t + extra) at++;
      log.times.splice(at, 0, t + extra);
      log.ids.splice(at, 0, id);
      return extra;
    },
    async cancel(key, id) {
      const log = logs.get(key);
      const index = log?.ids.lastIndexOf(id) ?? -1;
      if (index >= 0) {
        log!.times.splice(index, 1);
        log!.ids.splice(index, 1);
      }
    },
    async pause(key, ms) {
      const until = now() + ms;
      if ((pauses.get(key) ?? 0) < until) {
        pauses.set(key, until);
        probes.set(key, { armedUntil: until + PROBE_ARMED_MS, holdUntil: 0 });
      }
    },
    async settleProbe(key, id, passed) {
      const state = probes.get(key);
      if (state?.holder !== id) return;
      if (passed) probes.delete(key);
      else state.holder = undefined;
    },
    async pausedFor(key) {
      return Math.max(0, (pauses.get(key) ?? 0) - now());
    },
  };
}
