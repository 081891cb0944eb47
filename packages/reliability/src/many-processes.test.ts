import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { closedPort, runTsx, startOAuthServer, startRedis, type OAuthTestServer } from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const worker = resolve(import.meta.dirname, "worker.ts");
const WORKERS = 8;

let idp: OAuthTestServer;
let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  [idp, redis] = await Promise.all([startOAuthServer(), startRedis()]);
}, 30_000);
afterAll(async () => {
  await Promise.all([idp?.stop(), redis?.stop()]);
});

interface WorkerResult {
  ok: boolean;
  fingerprint?: string;
  error?: string;
  warnings: string[];
}

/** Starts the workers together (they all wait for one start time after loading) and collects their answers. */
async function fleet(store: "file" | "redis", target: string): Promise<{ results: WorkerResult[]; tokenRequests: number }> {
  const before = idp.requests.length;
  const startAt = Date.now() + 3000;
  const results = await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      const { code, stdout, stderr } = await runTsx(worker, [], {
        env: { ...process.env, TOKEN_URL: idp.tokenUrl, STORE: store, STORE_TARGET: target, START_AT: String(startAt) },
      });
      if (code !== 0) throw new Error(`worker exited ${code}: ${stderr}`);
      return JSON.parse(stdout) as WorkerResult;
    }),
  );
  return { results, tokenRequests: idp.requests.length - before };
}

describe("one token for many processes", () => {
  it(`${WORKERS} processes on a cold start share one token through the file store's lock`, async () => {
    const { results, tokenRequests } = await fleet("file", join(await mkdtemp(join(tmpdir(), "fleet-")), "tokens.json"));
    console.log(`file store: ${WORKERS} processes, ${tokenRequests} token request(s)`);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.fingerprint)).size).toBe(1);
    expect(tokenRequests).toBe(1);
  }, 60_000);

  it(`${WORKERS} processes on a cold start share one token through Redis, refresh coordinated by its lock`, async () => {
    const { results, tokenRequests } = await fleet("redis", `${redis.url}/1`);
    console.log(`redis store: ${WORKERS} processes, ${tokenRequests} token request(s)`);
    expect(results.every((r) => r.ok && r.warnings.length === 0)).toBe(true);
    expect(new Set(results.map((r) => r.fingerprint)).size).toBe(1);
    expect(tokenRequests).toBe(1);
  }, 60_000);

  it("with Redis down, each process fetches its own token with a warning, and every call still succeeds", async () => {
    const { results, tokenRequests } = await fleet("redis", `redis://127.0.0.1:${await closedPort()}`);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.every((r) => r.warnings.some((w) => w.startsWith("token store get failed; going on without it")))).toBe(true);
    expect(tokenRequests).toBe(WORKERS);
  }, 60_000);
});
