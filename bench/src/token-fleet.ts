import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { runTsx, startRedis } from "@vendor-clients/testkit";

export interface TokenFleetRow {
  scenario: string;
  processes: number;
  seconds: number;
  tokenLifetimeSeconds: number;
  tokenRequests: number;
  target: string;
  calls: number;
  failed: number;
  slowestCallMs: number;
}

const worker = resolve(import.meta.dirname, "token-fleet-worker.ts");

/**
 * A fleet on one Redis token store: `processes` workers call a loopback API for `seconds`, with
 * tokens that live `lifetimeSeconds` (the API refuses an expired one). Once refreshing ahead of
 * expiry (the store lock's winner refreshes, the others keep the current token), once only when
 * a token is (nearly) dead. Counts token requests for the whole fleet and failed calls.
 */
export async function tokenFleet({ processes = 8, seconds = 20, lifetimeSeconds = 2 } = {}): Promise<TokenFleetRow[]> {
  const redis = await startRedis();
  let tokenRequests = 0;
  const issued = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    if (req.url?.startsWith("/token")) {
      const value = `tok-${++tokenRequests}`;
      issued.set(value, Date.now() + lifetimeSeconds * 1000);
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ access_token: value, token_type: "Bearer", expires_in: lifetimeSeconds }));
    }
    const until = issued.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "");
    res.writeHead(until !== undefined && until > Date.now() ? 200 : 401, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rows: TokenFleetRow[] = [];
  try {
    for (const [scenario, marginMs] of [
      ["refresh ahead (0.5 s before expiry)", 500],
      ["no refresh ahead (new token when the old one is dead)", 0],
    ] as const) {
      tokenRequests = 0;
      const startAt = Date.now() + 5000;
      const results = await Promise.all(
        Array.from({ length: processes }, async () => {
          const env = {
            ...process.env,
            TOKEN_URL: `${url}/token`,
            API_URL: url,
            REDIS_URL: `${redis.url}/${rows.length + 1}`,
            REFRESH_MARGIN_MS: String(marginMs),
            DURATION_MS: String(seconds * 1000),
            CALL_EVERY_MS: "20",
            START_AT: String(startAt),
          };
          const { code, stdout, stderr } = await runTsx(worker, [], { env });
          if (code !== 0) throw new Error(`token fleet worker exited ${code}: ${stderr}`);
          return JSON.parse(stdout) as { calls: number; failed: number; slowestMs: number };
        }),
      );
      // Refreshing ahead, a token serves until `marginMs` before its expiry; otherwise until a tenth of its life before it.
      const usableSeconds = marginMs ? lifetimeSeconds - marginMs / 1000 : lifetimeSeconds - Math.min(30, lifetimeSeconds / 10);
      rows.push({
        scenario,
        processes,
        seconds,
        tokenLifetimeSeconds: lifetimeSeconds,
        tokenRequests,
        target: `≈ ${Math.ceil(seconds / usableSeconds)} (one per ${usableSeconds} s of use, whole fleet)`,
        calls: results.reduce((n, r) => n + r.calls, 0),
        failed: results.reduce((n, r) => n + r.failed, 0),
        slowestCallMs: Math.max(...results.map((r) => r.slowestMs)),
      });
    }
    return rows;
  } finally {
    await new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
    await redis.stop();
  }
}
