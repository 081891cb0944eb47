import { redisTokenStore } from "@vendor-clients/token-store-redis";
import { startRedis } from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

const record = (value: string) => ({ value, type: "Bearer", obtainedAt: Date.now(), expiresAt: Date.now() + 60_000 });

describe("Redis token store", () => {
  it("stores with expiry, deletes only the token it is told, and ignores a corrupt entry with a warning", async () => {
    const warnings: string[] = [];
    const store = redisTokenStore({ redis: `${redis.url}/2`, logger: { warn: (m) => void warnings.push(m) } });
    try {
      await store.set("k", record("v1"), 60_000);
      expect((await store.get("k"))?.value).toBe("v1");
      expect(await store.redis.pttl("vendor-clients:token:k")).toBeGreaterThan(59_000);
      await store.delete("k", "v0");
      expect((await store.get("k"))?.value).toBe("v1");
      await store.delete("k", "v1");
      expect(await store.get("k")).toBeUndefined();
      await store.redis.set("vendor-clients:token:bad", "{not json");
      expect(await store.get("bad")).toBeUndefined();
      expect(warnings).toEqual(["token store: the Redis entry for a token is corrupt and is ignored"]);
    } finally {
      await store.close();
    }
  });

  it("lets one holder at a time take the lock, which expires by itself", async () => {
    const a = redisTokenStore({ redis: `${redis.url}/2` });
    const b = redisTokenStore({ redis: `${redis.url}/2` });
    try {
      const release = await a.lock!("k", { ttlMs: 300, waitMs: 0 });
      expect(release).toBeTypeOf("function");
      expect(await b.lock!("k", { ttlMs: 300, waitMs: 50 })).toBeUndefined();
      const afterExpiry = await b.lock!("k", { ttlMs: 300, waitMs: 1000 });
      expect(afterExpiry).toBeTypeOf("function");
      await release!(); // a's lock expired: releasing must not free b's
      expect(await a.lock!("k", { ttlMs: 300, waitMs: 0 })).toBeUndefined();
      await afterExpiry!();
      expect(await a.lock!("k", { ttlMs: 300, waitMs: 0 })).toBeTypeOf("function");
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("seals records with AES-256-GCM when given an encryptionKey; rotation opens old records; a record that does not open is missing", async () => {
    const oldKey = Buffer.alloc(32, 7).toString("base64");
    const newKey = Buffer.alloc(32, 8).toString("base64");
    const warnings: string[] = [];
    const sealed = redisTokenStore({ redis: `${redis.url}/2`, encryptionKey: oldKey });
    const rotated = redisTokenStore({ redis: `${redis.url}/2`, encryptionKey: [newKey, oldKey] });
    const stranger = redisTokenStore({
      redis: `${redis.url}/2`,
      encryptionKey: Buffer.alloc(32, 9),
      logger: { warn: (m) => void warnings.push(m) },
    });
    try {
      await sealed.set("enc", record("tok-Sealed-Value-0042"), 60_000);
      const raw = await sealed.redis.get("vendor-clients:token:enc");
      expect(raw).not.toContain("tok-Sealed-Value-0042");
      expect(raw).toMatch(/^vc-sealed:v1:/);
      expect((await rotated.get("enc"))?.value).toBe("tok-Sealed-Value-0042");
      await rotated.set("enc", record("tok-Sealed-Value-0043"), 60_000); // sealed with the newest key now
      expect(await sealed.get("enc")).toBeUndefined();
      expect(await stranger.get("enc")).toBeUndefined();
      expect(warnings).toEqual(['token store: the Redis entry for "enc" does not open with the encryption key(s) given; it is ignored']);
      // A record moved under another key (another account) does not open: the store key is bound in.
      await rotated.redis.set("vendor-clients:token:other", (await rotated.redis.get("vendor-clients:token:enc"))!);
      expect(await rotated.get("other")).toBeUndefined();
      await rotated.delete("enc", "tok-Sealed-Value-0043");
      expect(await rotated.get("enc")).toBeUndefined();
    } finally {
      await Promise.all([sealed.close(), rotated.close(), stranger.close()]);
    }
  });
});
