import { mkdir, mkdtemp, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../logger.ts";
import { clientCredentials } from "../sources/client-credentials.ts";
import { passwordGrant } from "../sources/password.ts";
import { type OAuthTestServer, SECRETS, startOAuthServer } from "@vendor-clients/testkit";
import { TokenCache } from "../token-cache.ts";
import { fileTokenStore, lockFile } from "./file-store.ts";

let idp: OAuthTestServer;
let dir: string;
beforeAll(async () => {
  idp = await startOAuthServer();
  dir = await mkdtemp(join(tmpdir(), "vc-file-store-"));
});
afterAll(() => idp.stop());

const nexarSupply = () =>
  clientCredentials({ tokenUrl: idp.tokenUrl, clientId: "nexar-app", clientSecret: SECRETS.clientSecret, scopes: "supply.domain" });

describe("file token store", () => {
  it("lets a second run reuse the first run's token: no token request", async () => {
    const path = join(dir, "reuse", "tokens.json");
    const first = await new TokenCache(nexarSupply(), { store: fileTokenStore({ path }) }).getToken();
    const before = idp.requests.length;
    const second = await new TokenCache(nexarSupply(), { store: fileTokenStore({ path }) }).getToken();
    expect(second.value).toBe(first.value);
    expect(idp.requests.length).toBe(before);
  });

  it("writes a private file (0600 in a 0700 folder), atomically, keyed by token URL + client id + scopes, without the client secret", async () => {
    const path = join(dir, "private", "tokens.json");
    await new TokenCache(nexarSupply(), { store: fileTokenStore({ path }) }).getToken();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "private"))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, "private"))).toEqual(["tokens.json"]); // no temp file left behind
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(SECRETS.clientSecret);
    expect(Object.keys(JSON.parse(text).tokens)).toEqual([`${idp.tokenUrl}|nexar-app|supply.domain|`]);
  });

  it("keeps DSI's rotating refresh token across a restart, and never the password", async () => {
    const path = join(dir, "dsi", "tokens.json");
    const dsi = () => passwordGrant({ tokenUrl: idp.tokenUrl, clientId: "DSI", username: "op", password: SECRETS.password });
    const first = await new TokenCache(dsi(), { store: fileTokenStore({ path }) }).getToken();
    const restarted = new TokenCache(dsi(), { store: fileTokenStore({ path }) });
    await restarted.getToken({ forceRefresh: true });
    expect(idp.requests.slice(-1)[0]!.body).toEqual({ grant_type: "refresh_token", refresh_token: first.refreshToken });
    expect(await readFile(path, "utf8")).not.toContain(SECRETS.password);
  });

  it("ignores a corrupt file with a warning and replaces it", async () => {
    const path = join(dir, "corrupt.json");
    await writeFile(path, "{ not json");
    const warnings: string[] = [];
    const logger: Logger = { warn: (m) => warnings.push(m) };
    const cache = new TokenCache(nexarSupply(), { store: fileTokenStore({ path, logger }), logger });
    await cache.getToken();
    expect(warnings[0]).toBe(`token file ${path} is corrupt and is ignored; it will be rewritten`);
    expect(JSON.parse(await readFile(path, "utf8")).version).toBe(1);
  });

  it("deletes a token only if it is still the one stored", async () => {
    const store = fileTokenStore({ path: join(dir, "delete.json") });
    const record = { value: "v1", type: "Bearer", expiresAt: Date.now() + 60_000, obtainedAt: Date.now() };
    await store.set("k", record, 60_000);
    await store.delete("k", "v0");
    expect(await store.get("k")).toEqual(record);
    await store.delete("k", "v1");
    expect(await store.get("k")).toBeUndefined();
  });

  it("keeps every record when 10 accounts × 5 async callers write at once in one process", async () => {
    const path = join(dir, "many", "tokens.json");
    const stores = Array.from({ length: 5 }, () => fileTokenStore({ path }));
    const record = (i: number) => ({ value: `v${i}`, type: "Bearer", expiresAt: Date.now() + 60_000, obtainedAt: Date.now() });
    await Promise.all(stores.flatMap((store) => Array.from({ length: 10 }, (_, i) => store.set(`account-${i}`, record(i), 60_000))));
    expect(Object.keys(JSON.parse(await readFile(path, "utf8")).tokens).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `account-${i}`).sort(),
    );
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readdir(join(dir, "many"))).sort()).toEqual(["tokens.json"]); // no temp or lock file left behind
  });

  it("refuses a path that is a symbolic link or a directory, naming it", async () => {
    const target = join(dir, "elsewhere.json");
    await writeFile(target, "{}");
    const link = join(dir, "link.json");
    await symlink(target, link);
    expect(() => fileTokenStore({ path: link })).toThrow(`token file ${link} is a symbolic link`);
    const folder = join(dir, "a-folder");
    await mkdir(folder);
    expect(() => fileTokenStore({ path: folder })).toThrow(`token file ${folder} is a directory`);
    // A link put there after the store was made is refused too, not followed.
    const later = join(dir, "later.json");
    const store = fileTokenStore({ path: later });
    await symlink(target, later);
    await expect(store.get("k")).rejects.toThrow(`token file ${later} is a symbolic link`);
    await expect(
      store.set("k", { value: "v", type: "Bearer", expiresAt: Date.now() + 1000, obtainedAt: Date.now() }, 1000),
    ).rejects.toThrow("is a symbolic link");
    expect(await readFile(target, "utf8")).toBe("{}");
  });

  it("takes over a lock whose holder died (its pid is gone) without waiting out its expiry", async () => {
    const lockPath = join(dir, "dead.lock");
    await writeFile(
      lockPath,
      JSON.stringify({ nonce: "x", pid: 2 ** 22 + 12345, host: (await import("node:os")).hostname(), until: Date.now() + 60_000 }),
    );
    const started = Date.now();
    const release = await lockFile(lockPath, { ttlMs: 1000, waitMs: 5000 });
    expect(release).toBeTypeOf("function");
    expect(Date.now() - started).toBeLessThan(1000);
    // A live holder (this process) is waited for, and not taken over.
    expect(await lockFile(lockPath, { ttlMs: 1000, waitMs: 100 })).toBeUndefined();
    await release!();
  });

  it("seals records with AES-256-GCM when given an encryptionKey, opens them after key rotation, and treats what does not open as missing", async () => {
    const path = join(dir, "sealed.json");
    const oldKey = Buffer.alloc(32, 1).toString("base64");
    const newKey = Buffer.alloc(32, 2).toString("base64");
    const warnings: string[] = [];
    const logger: Logger = { warn: (m) => warnings.push(m) };
    const first = await new TokenCache(nexarSupply(), { store: fileTokenStore({ path, encryptionKey: oldKey }) }).getToken();
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(first.value);
    expect(text).toContain("vc-sealed:v1:");
    const before = idp.requests.length;
    const rotated = await new TokenCache(nexarSupply(), { store: fileTokenStore({ path, encryptionKey: [newKey, oldKey] }) }).getToken();
    expect(rotated.value).toBe(first.value);
    expect(idp.requests.length).toBe(before);
    const wrong = fileTokenStore({ path, encryptionKey: Buffer.alloc(32, 3), logger });
    expect(await wrong.get(`${idp.tokenUrl}|nexar-app|supply.domain|`)).toBeUndefined();
    expect(warnings[0]).toMatch(/does not open with the encryption key\(s\) given; it is ignored$/);
    expect(() => fileTokenStore({ path, encryptionKey: "c2hvcnQ=" })).toThrow(
      'option "encryptionKey" must be 32 bytes (AES-256); it has 5',
    );
  });

  it("takes its keys from $VENDOR_CLIENTS_TOKEN_KEY (comma-separated, newest first) when no option is given", async () => {
    const path = join(dir, "sealed-env.json");
    const key = Buffer.alloc(32, 4).toString("base64");
    const saved = process.env.VENDOR_CLIENTS_TOKEN_KEY;
    try {
      process.env.VENDOR_CLIENTS_TOKEN_KEY = `${Buffer.alloc(32, 5).toString("base64")}, ${key}`;
      const store = fileTokenStore({ path });
      await store.set(
        "k",
        { value: "tok-Env-Sealed-0044", type: "Bearer", expiresAt: Date.now() + 60_000, obtainedAt: Date.now() },
        60_000,
      );
      expect(await readFile(path, "utf8")).not.toContain("tok-Env-Sealed-0044");
      expect((await fileTokenStore({ path, encryptionKey: [key, Buffer.alloc(32, 5)] }).get("k"))?.value).toBe("tok-Env-Sealed-0044");
      process.env.VENDOR_CLIENTS_TOKEN_KEY = "not a key!";
      expect(() => fileTokenStore({ path })).toThrow("environment variable VENDOR_CLIENTS_TOKEN_KEY must be 32 bytes");
    } finally {
      if (saved === undefined) delete process.env.VENDOR_CLIENTS_TOKEN_KEY;
      else process.env.VENDOR_CLIENTS_TOKEN_KEY = saved;
    }
  });
});
