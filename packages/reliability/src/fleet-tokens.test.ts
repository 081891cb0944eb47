import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { json, runTsx, startHttpServer, startRedis } from "@vendor-clients/testkit";
import { redisTokenStore } from "@vendor-clients/token-store-redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const worker = resolve(import.meta.dirname, "fleet-tokens-worker.ts");

let redis: Awaited<ReturnType<typeof startRedis>>;
let redisDb = 3;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});

interface WorkerResult {
  ok: boolean;
  error?: string;
  calls?: number;
  failed?: number;
  tokensUsed?: number;
  errors?: string[];
  warnings: string[];
}

/**
 * A token server issuing `tok-<n>` living `lifetimeSeconds`, and an API that accepts a token it
 * issued until its expiry (or none, with `refuseAll`), telling which token it saw. With
 * `revokeFirstWhenSeenBy`, the first token is revoked once that many workers (by their
 * `x-worker` header) have used it, and the API answers `x-drill-done` once as many have used the
 * token after it: the drill follows what the workers did, not the clock, so a loaded machine
 * that starts one worker late changes nothing.
 */
async function servers({ lifetimeSeconds = 60, refuseAll = false, revokeFirstWhenSeenBy = 0 } = {}) {
  const issued = new Map<string, number>();
  const seenBy = new Map<string, Set<string>>();
  let tokenRequests = 0;
  let first: string | undefined;
  const idp = await startHttpServer((req, res) => {
    const n = ++tokenRequests;
    const client = (/client_id=([^&]+)/.exec(req.body)?.[1] ?? /basic/i.test(String(req.headers.authorization))) ? "basic" : "?";
    const value = `tok-${n}-${client}`;
    first ??= value;
    issued.set(value, Date.now() + lifetimeSeconds * 1000);
    json(res, 200, { access_token: value, token_type: "Bearer", expires_in: lifetimeSeconds });
  });
  const api = await startHttpServer((req, res) => {
    const value = /^Bearer (.+)$/.exec(String(req.headers.authorization))?.[1] ?? "";
    const until = issued.get(value);
    if (refuseAll || until === undefined || until < Date.now()) return json(res, 401, { error: "invalid_token" });
    const workers = seenBy.get(value) ?? new Set<string>();
    seenBy.set(value, workers.add(String(req.headers["x-worker"])));
    // Every worker has used the first token: revoke it, and each meets a 401 on its next call.
    if (revokeFirstWhenSeenBy && value === first && workers.size >= revokeFirstWhenSeenBy) issued.delete(value);
    const done = revokeFirstWhenSeenBy > 0 && value !== first && workers.size >= revokeFirstWhenSeenBy;
    json(res, 200, { ok: true }, { "x-token-seen": value, ...(done ? { "x-drill-done": "1" } : {}) });
  });
  return {
    tokenUrl: `${idp.url}/token`,
    apiUrl: api.url,
    tokenRequests: () => tokenRequests,
    close: () => Promise.all([idp.close(), api.close()]),
  };
}

/** Starts `processes` workers together (each waits for one start time after loading) and collects their answers. */
async function fleet(processes: number, env: Record<string, string>): Promise<WorkerResult[]> {
  const startAt = Date.now() + 3000;
  return Promise.all(
    Array.from({ length: processes }, async () => {
      const { code, stdout, stderr } = await runTsx(worker, [], { env: { ...process.env, ...env, START_AT: String(startAt) } });
      if (code !== 0) throw new Error(`worker exited ${code}: ${stderr}`);
      return JSON.parse(stdout) as WorkerResult;
    }),
  );
}

const stores = async () => ({
  redis: `${redis.url}/${redisDb++}`,
  file: join(await mkdtemp(join(tmpdir(), "fleet-tokens-")), "tokens.json"),
});

describe("one token per fleet", () => {
  for (const [store, sealed] of [
    ["redis", false],
    ["file", false],
    ["redis", true],
  ] as const) {
    it(`5 processes on one ${store} store${sealed ? " (records sealed)" : ""} refresh ahead as one: one token request per token lifetime`, async () => {
      // Tokens live 4 s; refresh ahead starts at half their life: a new token every 2 s for the fleet.
      const lifetimeSeconds = 4;
      const durationMs = 10_000;
      const { tokenUrl, apiUrl, tokenRequests, close } = await servers({ lifetimeSeconds });
      const target = (await stores())[store];
      try {
        const results = await fleet(5, {
          MODE: "calls",
          STORE: store,
          STORE_TARGET: target,
          TOKEN_URL: tokenUrl,
          API_URL: apiUrl,
          DURATION_MS: String(durationMs),
          CALL_EVERY_MS: "50",
          ...(sealed ? { ENCRYPTION_KEY: Buffer.alloc(32, 11).toString("base64") } : {}),
        });
        const cycles = durationMs / ((lifetimeSeconds * 1000) / 2);
        console.log(
          `refresh ahead, ${store} store${sealed ? " (sealed)" : ""}, 5 processes, ${durationMs / 1000} s, ${lifetimeSeconds} s tokens: ${tokenRequests()} token requests (${cycles} refresh cycles), ${results.reduce((n, r) => n + (r.failed ?? 0), 0)} failed calls`,
        );
        expect(results.every((r) => r.ok)).toBe(true);
        expect(results.reduce((n, r) => n + (r.failed ?? 0), 0)).toBe(0);
        // The cold start plus one per cycle; a slow machine may let one cycle slip in a second request.
        expect(tokenRequests()).toBeLessThanOrEqual(cycles + 2);
        if (sealed) {
          // At rest, only sealed text: no token in the clear.
          const reader = redisTokenStore({ redis: target });
          try {
            await reader.get("connect"); // the store waits for its connection; a bare command would not
            const keys = await reader.redis.keys("vendor-clients:token:*");
            const values = await Promise.all(
              keys.filter((k) => !k.includes(":lock:") && !k.includes(":note:")).map((k) => reader.redis.get(k)),
            );
            expect(values.length).toBeGreaterThan(0);
            for (const value of values) expect(value).toMatch(/^vc-sealed:v1:/);
          } finally {
            await reader.close();
          }
        }
      } finally {
        await close();
      }
    }, 60_000);
  }

  it("5 processes meeting a 401 for one revoked token make one token request between them", async () => {
    const { tokenUrl, apiUrl, tokenRequests, close } = await servers({ revokeFirstWhenSeenBy: 5 });
    try {
      // Each calls until the API says every worker has used the token after the revoked one (30 s at the most).
      const results = await fleet(5, {
        MODE: "calls",
        STORE: "redis",
        STORE_TARGET: (await stores()).redis,
        TOKEN_URL: tokenUrl,
        API_URL: apiUrl,
        DURATION_MS: "30000",
        CALL_EVERY_MS: "20",
      });
      console.log(`401 for a revoked token, 5 processes on Redis: ${tokenRequests()} token requests`);
      expect(results.every((r) => r.ok && r.failed === 0)).toBe(true);
      expect(results.every((r) => r.tokensUsed === 2)).toBe(true);
      expect(tokenRequests()).toBe(2);
    } finally {
      await close();
    }
  }, 60_000);

  it("10 accounts × 4 processes writing one file store at once: all 10 records survive, and the next run asks for none", async () => {
    const { tokenUrl, apiUrl, tokenRequests, close } = await servers();
    try {
      const { file } = await stores();
      const env = { MODE: "accounts", ACCOUNTS: "10", STORE: "file", STORE_TARGET: file, TOKEN_URL: tokenUrl, API_URL: apiUrl };
      const first = await fleet(4, env);
      expect(first.every((r) => r.ok)).toBe(true);
      const afterFirst = tokenRequests();
      const records = Object.keys(JSON.parse(await readFile(file, "utf8")).tokens).length;
      await fleet(1, env);
      const again = tokenRequests() - afterFirst;
      console.log(
        `file store, 10 accounts × 4 processes: ${afterFirst} token requests, ${records} records kept, ${again} token requests on the next run`,
      );
      expect(afterFirst).toBe(10);
      expect(records).toBe(10);
      expect(again).toBe(0);
    } finally {
      await close();
    }
  }, 60_000);

  for (const store of ["redis", "file"] as const)
    it(`4 processes on one ${store} store facing an API that refuses every token share the back-off: 4 × 20 calls`, async () => {
      const { tokenUrl, apiUrl, tokenRequests, close } = await servers({ refuseAll: true });
      try {
        const results = await fleet(4, {
          MODE: "calls",
          STORE: store,
          STORE_TARGET: (await stores())[store],
          TOKEN_URL: tokenUrl,
          API_URL: apiUrl,
          CALLS: "20",
          CALL_EVERY_MS: "10",
          DURATION_MS: "30000",
        });
        console.log(`API refusing every token, 4 processes × 20 calls on ${store}: ${tokenRequests()} token requests`);
        expect(results.every((r) => r.ok && r.failed === 20)).toBe(true);
        // One shared token, refused; one more for the fleet, refused: then everyone holds back.
        expect(tokenRequests()).toBeLessThanOrEqual(3);
      } finally {
        await close();
      }
    }, 60_000);

  it("an API refusing every token costs a bounded number of token requests: 50 calls", async () => {
    const { tokenUrl, apiUrl, tokenRequests, close } = await servers({ refuseAll: true });
    try {
      const [result] = await fleet(1, {
        MODE: "calls",
        STORE: "redis",
        STORE_TARGET: (await stores()).redis,
        TOKEN_URL: tokenUrl,
        API_URL: apiUrl,
        CALLS: "50",
        CALL_EVERY_MS: "0",
        DURATION_MS: "30000",
      });
      console.log(`API refusing every token, 50 calls: ${tokenRequests()} token requests; ${result!.errors?.[0] ?? ""}`);
      expect(result!.failed).toBe(50);
      expect(tokenRequests()).toBeLessThanOrEqual(3);
      expect(result!.errors?.some((e) => /token refused twice; not requesting another before \d{4}-/.test(e))).toBe(true);
    } finally {
      await close();
    }
  }, 60_000);
});
