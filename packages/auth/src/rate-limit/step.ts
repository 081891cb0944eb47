import { checkOptions, optionalEnum, optionalNumber, RATE_LIMIT_OPTIONS } from "../options.ts";
import { AbortError, ConfigError } from "../errors.ts";
import { consoleLogger } from "../logger.ts";
import { sleep } from "../signals.ts";
import type { Step } from "../steps/pipeline.ts";
import { redactUrl } from "../redact.ts";
import { memoryRateLimiter, type RateLimiter, type RateLimitWindow } from "./limiter.ts";
import { RateLimitError } from "./rate-limit-error.ts";
import type { ResetReading, ThrottleSignal } from "./signals.ts";

/** What the `onRateLimit` hook hears. URLs are redacted; nothing here carries a credential. */
export type RateLimitEvent =
  /**
   * A request waits `waitMs` for its budget ("limit"), for a server's pause ("paused"), or, when
   * its slot came, a little more for a pause that began meanwhile or requests ahead that went out
   * late ("late"). The waits of one request add up to the time it spent waiting.
   */
  | { type: "wait"; key: string; waitMs: number; reason: "limit" | "paused" | "late"; limit: string; method: string; url: string }
  /** The server refused (429; a GraphQL throttling error counts, see graphqlThrottlingAs429) or reported an exhausted budget: the key is paused for `pauseMs`, in every process sharing the limiter. */
  | {
      type: "throttled";
      key: string;
      status: number;
      pauseMs: number;
      source: string;
      method: string;
      url: string;
      /** What the server asked for, when it was more than maxPauseMs and was clamped to `pauseMs`. */
      askedMs?: number;
    }
  /** The wait would exceed `maxWaitMs`: the request fails with a RateLimitError without being sent. */
  | { type: "refused"; key: string; waitMs: number; maxWaitMs: number; limit: string; method: string; url: string };

export interface RateLimitOptions {
  /**
   * The budgets each key gets, e.g. `[{ limit: 60, windowMs: 60_000 }]`; several apply together.
   * Empty: no budget, only the servers' pauses. A function gives each request its own (Avionté
   * throttles its bulk endpoints harder than the rest).
   */
  limits?: readonly RateLimitWindow[] | ((request: Request) => readonly RateLimitWindow[]);
  /**
   * The budget a request belongs to (default: its origin, one budget per host). `byEndpoint()`
   * keys by method and path template, for vendors that limit per endpoint. Return undefined to
   * leave a request alone. Never put a credential in a key: it is shown in errors and events.
   */
  key?: (request: Request) => string | undefined;
  /** Prepended to every key, to keep clients apart in a shared limiter (e.g. `ingram-micro|<client id>`). */
  scope?: string;
  /** Methods that take a slot of `limits` (default all). Other requests still honour and report the servers' pauses. */
  methods?: readonly string[];
  /** Where budgets live (default: this process's memory). `redisRateLimiter()` shares them across processes. */
  limiter?: RateLimiter;
  /**
   * Added to every window when slots are handed out (default 100 ms): a request reaches the
   * server a little after its slot begins, by a delay that varies (event loop, network, a busy
   * machine), and two requests a window apart here can land less than a window apart there.
   * 10 % of a 1 s window, nothing of a minute.
   */
  marginMs?: number;
  /**
   * At most this many requests go out together (default: a window's whole limit, no spreading).
   * Below the limit, each window's slots are spread evenly in groups of `burst` (20 per second
   * with burst 1: one every 50 ms). A fleet that sends a whole window at one instant makes every
   * process wake at once; the crowd delays some requests more than others, and a request late
   * from one window can land in the next. Spreading keeps the same rate without the crowd.
   */
  burst?: number;
  /** Longest wait before a request is refused with a RateLimitError instead (default 60 000 ms). */
  maxWaitMs?: number;
  /** Pause after a 429 that says nothing of when to come back (default 1 000 ms). */
  defaultPauseMs?: number;
  /**
   * Upper bound on a pause a server asks for: the vendor's longest documented window (default
   * 1 h). A longer pause (a Retry-After of ten years, a date in year 9999, a reset in ms read as
   * seconds) is clamped to it and logged: a nonsense header cannot freeze a key, or a fleet, for
   * a day.
   */
  maxPauseMs?: number;
  /**
   * How a bare number in `X-RateLimit-Reset` is read: "epoch-or-delay-seconds" (default; Ingram
   * Micro, GitHub: epoch seconds when it is a point in time, a delay in seconds when small) or
   * "delay-ms" for a vendor that documents milliseconds.
   */
  resetReading?: ResetReading;
  /** Hears every wait, throttle and refusal (e.g. to show time spent waiting on limits). Must not throw. */
  onRateLimit?: (event: RateLimitEvent) => void;
  /** Query parameters whose values are secrets, redacted from URLs in events. */
  secretParams?: readonly string[];
}

const describeMs = (ms: number) =>
  ms % 86_400_000 === 0
    ? `${ms / 86_400_000} d`
    : ms % 3_600_000 === 0
      ? `${ms / 3_600_000} h`
      : ms % 60_000 === 0
        ? `${ms / 60_000} min`
        : ms % 1000 === 0
          ? `${ms / 1000} s`
          : `${ms} ms`;
/** "60 per 1 min": how a window is named in errors and events. */
export const describeWindow = (w: RateLimitWindow) => `${w.limit} per ${describeMs(w.windowMs)}`;
const PAUSED = "paused by the server";
/** The headers whose remaining count (0) pauses a key before any 429 (readThrottle reads nothing else for that). */
const COUNT_HEADERS = ["x-ratelimit-remaining", "ratelimit", "ratelimit-remaining"];
const LATE = "a pause or late requests ahead";

let shared: RateLimiter | undefined;
/** The default: one memory limiter for the whole process, so two clients with one scope share its budgets. */
const processLimiter = () => (shared ??= memoryRateLimiter());

/** One budget per origin (host and port). */
export const byOrigin = (request: Request): string => new URL(request.url).origin;

/**
 * One budget per endpoint: method plus path template. `templates` (e.g.
 * `"/resellers/v6/catalog/details/{ingramPartNumber}"`) are matched against the end of the path,
 * so a base path (`/sandbox`) does not matter; the most literal match wins, so `/quotes/search`
 * is not taken for `/quotes/{quoteNumber}`. A path no template matches is its own endpoint.
 */
export function byEndpoint(templates: readonly string[] = []): (request: Request) => string {
  const templateOf = matchTemplate(templates);
  return (request) =>
    `${request.method.toUpperCase()} ${templateOf(request) ?? `/${new URL(request.url).pathname.split("/").filter(Boolean).join("/")}`}`;
}

/** The template of `templates` a request's path matches, as `byEndpoint` matches it (the most literal one); undefined when none does. */
export function matchTemplate(templates: readonly string[]): (request: Request) => string | undefined {
  const parsed = templates.map((t) => ({ template: t, segments: t.split("/").filter(Boolean) }));
  return (request) => {
    const segments = new URL(request.url).pathname.split("/").filter(Boolean);
    let best: { template: string; literal: number } | undefined;
    for (const { template, segments: pattern } of parsed) {
      if (pattern.length > segments.length) continue;
      const tail = segments.slice(segments.length - pattern.length);
      let literal = 0;
      const matches = pattern.every((p, i) =>
        /^\{[^}]+\}$/.test(p) ? tail[i] !== "" : p.toLowerCase() === tail[i]!.toLowerCase() && ++literal > 0,
      );
      if (matches && (!best || literal > best.literal)) best = { template, literal };
    }
    return best?.template;
  };
}

function checkWindows(value: unknown): RateLimitWindow[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError("rateLimit.limits", `rateLimit: option "limits" must be a list of { limit, windowMs }`);
  return value.map((w: Partial<RateLimitWindow>, i) => {
    if (
      !w ||
      !Number.isInteger(w.limit) ||
      w.limit! < 1 ||
      typeof w.windowMs !== "number" ||
      !(w.windowMs > 0) ||
      !Number.isFinite(w.windowMs)
    )
      throw new ConfigError(
        "rateLimit.limits",
        `rateLimit: option "limits[${i}]" must be { limit: a positive integer, windowMs: a positive number }; got ${JSON.stringify(w)}`,
      );
    return { limit: w.limit!, windowMs: w.windowMs };
  });
}

const checkMs = (option: string, value: unknown, fallback: number): number => optionalNumber("rateLimit", option, value) ?? fallback;

/** Sleeps `ms`; the caller's signal cuts it short with an AbortError. */
/** Sleeps `ms`, or fails with an AbortError naming the wait when the caller's signal fires (one listener per signal, however many wait on it). */
function wait(ms: number, signal: AbortSignal, what: () => string): Promise<void> {
  return sleep(ms, signal).catch((error: unknown) => {
    throw error instanceof AbortError ? new AbortError(`${what()} was aborted`, { cause: signal.reason }) : error;
  });
}

/**
 * The rate-limit step: before a request is sent it takes a slot of its key's budget, waiting
 * (abortably, at most `maxWaitMs`) until one is free; after, it reads the answer for every
 * throttling signal (429, Retry-After, X-RateLimit-*, RateLimit) and pauses the
 * key for the time the server gives, for every request and every process sharing the limiter.
 *
 * Place it inside the retry and bearer steps and outside the API key (BUILT_IN_STEPS in
 * steps/pipeline.ts): then every request that reaches the network, each retry and each re-send after
 * a 401 included, takes a slot, and its wait is not counted in the exchange's deadline.
 */
export function rateLimit(options: RateLimitOptions = {}): Step {
  checkOptions("rateLimit", options, RATE_LIMIT_OPTIONS);
  const burst = optionalNumber("rateLimit", "burst", options.burst, { min: 1, integer: true });
  const limitsOf = typeof options.limits === "function" ? options.limits : undefined;
  const limiter = options.limiter ?? processLimiter();
  const keyOf = options.key ?? byOrigin;
  const scope = options.scope ? `${options.scope}|` : "";
  const methods = options.methods ? new Set(options.methods.map((m) => m.toUpperCase())) : undefined;
  const marginMs = checkMs("marginMs", options.marginMs, 100);
  /** The windows handed to the limiter (each widened by the margin; spreading adds one per window) and their names. */
  const prepare = (base: RateLimitWindow[]) => {
    const padded = base.map((w) => ({ limit: w.limit, windowMs: w.windowMs + marginMs }));
    const spread =
      burst === undefined
        ? []
        : base.flatMap((w, i) =>
            burst < w.limit
              ? [{ limit: burst, windowMs: (padded[i]!.windowMs * burst) / w.limit, name: `${describeWindow(w)}, ${burst} at a time` }]
              : [],
          );
    return {
      windows: [...padded, ...spread.map(({ limit, windowMs }) => ({ limit, windowMs }))],
      names: [...base.map(describeWindow), ...spread.map((w) => w.name)],
    };
  };
  const fixed = limitsOf ? undefined : prepare(checkWindows(options.limits));
  const none = { windows: [], names: [] };
  const maxWaitMs = checkMs("maxWaitMs", options.maxWaitMs, 60_000);
  const defaultPauseMs = checkMs("defaultPauseMs", options.defaultPauseMs, 1000);
  const maxPauseMs = checkMs("maxPauseMs", options.maxPauseMs, 3_600_000);
  const resetReading = options.resetReading ?? "epoch-or-delay-seconds";
  optionalEnum("rateLimit", "resetReading", resetReading, ["epoch-or-delay-seconds", "delay-ms"]);
  const secretParams = options.secretParams ?? [];
  const emit = (event: RateLimitEvent, listeners: ReadonlyArray<(event: RateLimitEvent) => void> | undefined) => {
    // A copy: a listener that stops listening while it hears must not make the next one miss the event.
    for (const hear of [options.onRateLimit, ...(listeners ?? [])])
      try {
        hear?.(event);
      } catch {
        // A hook that throws must not turn a good request into a failure.
      }
  };

  return async (request, next, context) => {
    const own = keyOf(request);
    if (own === undefined) return next(request);
    const key = `${scope}${own}`;
    const tell = (event: RateLimitEvent) => emit(event, context?.rateLimitListeners);
    const counted = !methods || methods.has(request.method.toUpperCase());
    const { windows, names } = !counted ? none : (fixed ?? prepare(checkWindows(limitsOf!(request))));
    // Hook arguments and messages are scrubbed like the client's own (a hand-made pipeline has no context).
    const url = () => {
      const redacted = redactUrl(request.url, secretParams);
      return context?.core ? context.core.scrub(redacted) : redacted;
    };
    const nameOf = (window: number) => names[window] ?? PAUSED;

    const reservation = await limiter.reserve(key, windows, maxWaitMs);
    if (!reservation.granted) {
      const limit = nameOf(reservation.window);
      const total = reservation.waitMs;
      tell({ type: "refused", key, waitMs: total, maxWaitMs, limit, method: request.method, url: url() });
      throw new RateLimitError(
        `${request.method} ${url()}: rate limit "${limit}" for key "${key}" would need a wait of ${total} ms, more than maxWaitMs (${maxWaitMs} ms)`,
        key,
        limit,
        total,
        maxWaitMs,
      );
    }
    if (reservation.waitMs > 0) {
      tell({
        type: "wait",
        key,
        waitMs: reservation.waitMs,
        reason: reservation.window >= 0 ? "limit" : "paused",
        limit: nameOf(reservation.window),
        method: request.method,
        url: url(),
      });
      let sleepMs = reservation.waitMs;
      let waited = 0;
      try {
        // After the sleep the slot is confirmed at the real instant: a pause that began meanwhile,
        // or earlier requests that went out late, add a little more waiting.
        for (;;) {
          await wait(sleepMs, request.signal, () => `waiting ${sleepMs} ms for the rate limit of "${key}"`);
          waited += sleepMs;
          sleepMs = await limiter.confirm(key, reservation.id, windows);
          if (sleepMs <= 0) break;
          tell({ type: "wait", key, waitMs: sleepMs, reason: "late", limit: LATE, method: request.method, url: url() });
          if (waited + sleepMs > maxWaitMs) {
            tell({ type: "refused", key, waitMs: waited + sleepMs, maxWaitMs, limit: LATE, method: request.method, url: url() });
            throw new RateLimitError(
              `${request.method} ${url()}: rate limit for key "${key}" would need a wait of ${waited + sleepMs} ms (${LATE}), more than maxWaitMs (${maxWaitMs} ms)`,
              key,
              LATE,
              waited + sleepMs,
              maxWaitMs,
            );
          }
        }
      } catch (error) {
        await limiter.cancel(key, reservation.id).catch(() => {});
        if (reservation.probe) await limiter.settleProbe?.(key, reservation.id, false).catch(() => {});
        throw error;
      }
    }

    let response: Response;
    try {
      response = await next(request);
    } catch (error) {
      // No answer: the key stays half-open and the next request probes.
      if (reservation.probe) await limiter.settleProbe?.(key, reservation.id, false).catch(() => {});
      throw error;
    }
    // The throttling headers are read by signals.ts, loaded (import()) only for an answer that has
    // one that can call for a pause (a remaining count) or is a 429: other answers need no reading.
    let signals: typeof import("./signals.ts") | undefined;
    if (response.status === 429 || COUNT_HEADERS.some((name) => response.headers.has(name)))
      try {
        signals = await import("./signals.ts");
      } catch (error) {
        // Without the reader the answer cannot be judged: the probe is settled (the key is not held
        // closed), the body let go, and the failure is the call's, as a failed request's would be.
        if (reservation.probe) await limiter.settleProbe?.(key, reservation.id, false).catch(() => {});
        await response.body?.cancel().catch(() => {});
        throw error;
      }
    const signal: ThrottleSignal = signals ? signals.readThrottle(response.headers, Date.now(), resetReading) : {};
    let pauseMs: number | undefined;
    let source = signal.source ?? "status";
    if (response.status === 429) {
      const refusal = signals!.refusalOf(response, Date.now(), resetReading);
      pauseMs = refusal.waitMs ?? defaultPauseMs;
      source = refusal.source ?? "status";
    } else if (signal.remaining === 0 && signal.resetMs !== undefined) {
      pauseMs = signal.resetMs;
      source = signal.source ?? "remaining";
    }
    if (pauseMs !== undefined) {
      const askedMs = pauseMs;
      pauseMs = Math.min(pauseMs, maxPauseMs);
      if (askedMs > maxPauseMs)
        (context?.core?.logger ?? consoleLogger).warn(
          `${request.method} ${url()}: the server asked for a pause of ${describeMs(Math.round(askedMs))} (${source}), longer than this vendor's longest window; pausing "${key}" for ${describeMs(maxPauseMs)} instead (option rateLimit.maxPauseMs)`,
        );
      if (pauseMs > 0) await limiter.pause(key, pauseMs);
      tell({
        type: "throttled",
        key,
        status: response.status,
        pauseMs,
        source,
        method: request.method,
        url: url(),
        ...(askedMs > maxPauseMs ? { askedMs } : {}),
      });
    }
    // The probe after a pause was answered without a new pause: the key reopens to everyone.
    if (reservation.probe) await limiter.settleProbe?.(key, reservation.id, true).catch(() => {});
    return response;
  };
}

/**
 * A vendor's default rate-limit options with a client's `rateLimit` option over them (given
 * fields replace the vendor's); `false` turns the step off.
 */
export function rateLimitOptionsOf(
  defaults: RateLimitOptions,
  override: Partial<RateLimitOptions> | false | undefined,
): RateLimitOptions | false {
  if (override === false) return false;
  if (override !== undefined && (override === null || typeof override !== "object" || Array.isArray(override)))
    throw new ConfigError(
      "rateLimit",
      `option "rateLimit" must be an object of rate-limit options or false; got ${JSON.stringify(override)}`,
    );
  return { ...defaults, ...(override ?? {}) };
}
