import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RateLimitedServerOptions {
  /** Requests allowed per window. */
  limit: number;
  /** Window length (default 1000 ms). */
  windowMs?: number;
  /**
   * "fixed": windows aligned to the epoch (the server counts per second, per minute…; the
   * 429's `X-RateLimit-Reset` is the epoch second the window ends, as Ingram Micro sends it).
   * "sliding": at most `limit` in any `windowMs` span, the strictest a server can be. Default fixed.
   */
  mode?: "fixed" | "sliding";
  /** How a 429 says when to come back (default "x-ratelimit-reset"). */
  signal?: "x-ratelimit-reset" | "retry-after" | "none";
  /** Budgets per key: by default one per method + path. */
  keyOf?: (method: string, path: string) => string;
}

/**
 * A loopback API that enforces a rate limit as a vendor's gateway does: beyond `limit` requests
 * per window it answers 429 (with `X-RateLimit-Reset` in epoch seconds). Records when each
 * request arrived and what it got, so tests count 429s rather than time things.
 */
export async function startRateLimitedServer(options: RateLimitedServerOptions) {
  const windowMs = options.windowMs ?? 1000;
  const mode = options.mode ?? "fixed";
  const keyOf = options.keyOf ?? ((method, path) => `${method} ${path}`);
  const arrivals: { key: string; at: number; status: number }[] = [];
  const fixed = new Map<string, { start: number; count: number }>();
  const sliding = new Map<string, number[]>();

  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const now = Date.now();
      const key = keyOf(req.method ?? "GET", new URL(req.url ?? "/", "http://x").pathname);
      let allowed: boolean;
      let resetAt: number;
      if (mode === "fixed") {
        const start = Math.floor(now / windowMs) * windowMs;
        const bucket = fixed.get(key);
        const current = bucket && bucket.start === start ? bucket : { start, count: 0 };
        fixed.set(key, current);
        allowed = current.count < options.limit;
        if (allowed) current.count++;
        resetAt = start + windowMs;
      } else {
        const log = (sliding.get(key) ?? []).filter((t) => t > now - windowMs);
        sliding.set(key, log);
        allowed = log.length < options.limit;
        if (allowed) log.push(now);
        resetAt = (log.length >= options.limit ? log[log.length - options.limit]! : now) + windowMs;
      }
      const status = allowed ? 200 : 429;
      arrivals.push({ key, at: now, status });
      const remaining =
        mode === "fixed" ? Math.max(0, options.limit - fixed.get(key)!.count) : Math.max(0, options.limit - sliding.get(key)!.length);
      const headers: Record<string, string> = { "content-type": "application/json", "x-ratelimit-limit": String(options.limit) };
      if (!allowed) {
        if ((options.signal ?? "x-ratelimit-reset") === "x-ratelimit-reset")
          headers["x-ratelimit-reset"] = String(Math.ceil(resetAt / 1000));
        else if (options.signal === "retry-after") headers["retry-after"] = String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
      } else headers["x-ratelimit-remaining"] = String(remaining);
      res.writeHead(status, headers).end(JSON.stringify(allowed ? { ok: true } : { error: "rate limit exceeded" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    count: (status: number) => arrivals.filter((a) => a.status === status).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
