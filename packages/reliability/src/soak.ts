// Soak: many requests through one client while tokens expire and the API answers random 401,
// 429 and 503. Prints JSON metrics. `pnpm --filter @vendor-clients/reliability soak -- --requests 500000`
// for the long variant; run with --expose-gc for exact heap figures.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { silentLogger } from "@vendor-clients/auth";
import { createAvionteClient } from "@vendor-clients/avionte";
import { heapAfterGcMb } from "@vendor-clients/testkit";

export interface SoakOptions {
  requests: number;
  concurrency: number;
  /** How many token lifetimes the run should span. */
  expiries: number;
  /** Chances per request. */
  p401: number;
  p429: number;
  p503: number;
}

export interface SoakResult {
  requests: number;
  failed: number;
  seconds: number;
  requestsPerSecond: number;
  tokenLifetimeMs: number;
  tokenExpiries: number;
  tokenRequests: number;
  tokenRequestBound: number;
  served: { ok: number; "401": number; "429": number; "503": number };
  /** Heap after a full collection at each quarter of the run; growth over the second half is what would show a leak. */
  heapMb: { samples: number[]; secondHalfGrowth: number };
}

const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));

export async function soak(options: SoakOptions): Promise<SoakResult> {
  let lifetimeMs = 60_000;
  let issued = 0;
  const born = new Map<string, number>();
  const idp = createServer((_req, res) => {
    const token = `soak-${++issued}-${Math.random().toString(36).slice(2)}`;
    born.set(token, Date.now());
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: lifetimeMs / 1000 }));
  });
  const served = { ok: 0, "401": 0, "429": 0, "503": 0 };
  const revoked = new Set<string>();
  const refused = new Set<string>();
  const api = createServer((req, res) => {
    const token = req.headers.authorization?.slice("Bearer ".length) ?? "";
    const since = born.get(token);
    const r = Math.random();
    const reply = (status: 200 | 401 | 429 | 503, headers: Record<string, string> = {}) => {
      served[status === 200 ? "ok" : status]++;
      res
        .writeHead(status, { "content-type": "application/json", ...headers })
        .end(status === 200 ? '{"id":1,"firstName":"Dana","lastName":"Whitfield"}' : '{"message":"try again"}');
    };
    // The client answers a 401 with one fresh token, by design: the server refuses a call (its
    // RequestId, the same across the call's attempts) once at most. Otherwise a busy machine makes
    // the replacement token stale too, or another random kill lands on it, and the run measures
    // timing luck instead of the client.
    const call = String(req.headers.requestid ?? "");
    const refuse = () => {
      refused.add(call);
      reply(401);
    };
    const mayRefuse = !refused.has(call);
    // A token the server never issued, that expired, or that it revoked, is refused.
    if (mayRefuse && (since === undefined || Date.now() > since + lifetimeMs || revoked.has(token))) return refuse();
    // The server kills a token now and then before its time (only one that has lived a little).
    if (mayRefuse && r < options.p401 && since !== undefined && Date.now() - since > 200) {
      revoked.add(token);
      return refuse();
    }
    if (r < options.p401 + options.p429) return reply(429, { "retry-after": "0" });
    if (r < options.p401 + options.p429 + options.p503) return reply(503);
    reply(200);
  });
  api.keepAliveTimeout = 60_000;
  const [idpPort, apiPort] = await Promise.all([listen(idp), listen(api)]);

  const client = createAvionteClient({
    clientId: "soak",
    clientSecret: "soak-secret",
    apiKey: "soak-key",
    tenant: "soak",
    baseUrl: `http://127.0.0.1:${apiPort}`,
    tokenUrl: `http://127.0.0.1:${idpPort}/token`,
    retry: { retries: 6, baseDelayMs: 1, maxDelayMs: 20 },
    timeoutMs: 10_000,
    logger: silentLogger,
  });
  let failed = 0;
  let next = 0;
  const run = async (count: number) => {
    const target = next + count;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < target) {
          next++;
          const { response } = await client
            .GET("/talent/{talentId}", { params: { path: { talentId: 1 } } })
            .catch(() => ({ response: { ok: false } }));
          if (!response.ok) failed++;
        }
      }),
    );
  };

  // Warm up, measure the pace, then set the token lifetime so the run spans `expiries` of them.
  const warmup = Math.min(2000, Math.floor(options.requests / 10));
  const measured = options.requests - 2 * warmup;
  // Two warm-ups: the first lets the JIT settle, the second measures the pace of a warm client.
  await run(warmup);
  let started = performance.now();
  await run(warmup);
  const perRequestMs = (performance.now() - started) / warmup;
  // The pace of the main run differs from the warm-up's (refreshes, retries, other load on the
  // machine, and a client that gets much faster once warm): aim for five times the expiries, so
  // that even a run five times faster spans them.
  // Capped at 1.5 s: a machine slowed down mid-run (CI runs other suites alongside) then only adds expiries.
  lifetimeMs = Math.max(350, Math.min(1500, Math.round((perRequestMs * measured) / (5 * options.expiries))));
  await client.tokens.invalidate((await client.tokens.getToken()).value);
  const baselineTokens = issued;
  const samples = [await heapAfterGcMb()];
  started = performance.now();
  const quarter = Math.floor(measured / 4);
  for (let q = 0; q < 4; q++) {
    await run(q < 3 ? quarter : measured - 3 * quarter);
    samples.push(await heapAfterGcMb());
  }
  const seconds = (performance.now() - started) / 1000;
  idp.close();
  api.closeAllConnections();
  api.close();

  const tokenExpiries = Math.floor((seconds * 1000) / lifetimeMs);
  const tokenRequests = issued - baselineTokens;
  const revocations = revoked.size;
  return {
    requests: options.requests,
    failed,
    seconds: Math.round(seconds * 10) / 10,
    requestsPerSecond: Math.round(measured / seconds),
    tokenLifetimeMs: lifetimeMs,
    tokenExpiries,
    tokenRequests,
    // Refreshing ahead of expiry fetches about two tokens per lifetime; each early revocation one more.
    tokenRequestBound: 2 * (tokenExpiries + 1) + revocations + 3,
    served,
    heapMb: { samples, secondHalfGrowth: Math.round((samples[4]! - samples[2]!) * 10) / 10 },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { requests: { type: "string" }, concurrency: { type: "string" }, expiries: { type: "string" } },
    strict: false,
  });
  const result = await soak({
    requests: Number(values.requests ?? 50_000),
    concurrency: Number(values.concurrency ?? 32),
    expiries: Number(values.expiries ?? 10),
    p401: 0.002,
    p429: 0.01,
    p503: 0.01,
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = result.failed ? 1 : 0;
}
