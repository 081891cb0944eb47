import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AbortError, TokenRefusedError } from "./errors.ts";
import { silentLogger, type Logger } from "./logger.ts";
import { clientCredentials } from "./sources/client-credentials.ts";
import type { TokenStore } from "./stores/token-store.ts";
import { captureError, type OAuthTestServer, SECRETS, startOAuthServer } from "@vendor-clients/testkit";
import { TokenCache } from "./token-cache.ts";

let idp: OAuthTestServer;
beforeAll(async () => {
  idp = await startOAuthServer();
});
afterAll(() => idp.stop());
afterEach(() => {
  vi.useRealTimers();
});

const source = (scopes = "supply.domain") =>
  clientCredentials({ tokenUrl: idp.tokenUrl, clientId: "cache-test", clientSecret: SECRETS.clientSecret, scopes });
const count = () => idp.requests.length;
const expiresIn = (seconds: number | string | undefined) => (response: { body: any }) => {
  response.body.expires_in = seconds;
};

describe("token cache", () => {
  it("makes one token request for 1000 concurrent callers on a cold cache", async () => {
    const cache = new TokenCache(source());
    const before = count();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => cache.getToken()));
    expect(count() - before).toBe(1);
    expect(new Set(tokens.map((t) => t.value)).size).toBe(1);
  });

  it("refreshes ahead of expiry in the background while callers keep the current token", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cache = new TokenCache(source(), { refreshMarginMs: 60_000, logger: silentLogger });
    const first = await cache.getToken();
    const before = count();
    vi.setSystemTime(first.expiresAt - 120_000); // outside the margin: cached
    expect((await cache.getToken()).value).toBe(first.value);
    expect(count()).toBe(before);
    vi.setSystemTime(first.expiresAt - 30_000 - 1000); // inside the margin: current token now, one refresh behind
    const during = await Promise.all([cache.getToken(), cache.getToken(), cache.getToken()]);
    expect(during.every((t) => t.value === first.value)).toBe(true);
    await vi.waitFor(() => expect(cache.peek()?.value).not.toBe(first.value));
    expect(count() - before).toBe(1);
  });

  it("waits for a new token once the old one is (nearly) expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cache = new TokenCache(source());
    const first = await cache.getToken();
    vi.setSystemTime(first.expiresAt - 1000);
    const second = await cache.getToken();
    expect(second.value).not.toBe(first.value);
  });

  it("caps a lifetime that lies (Ingram Micro says 30 days, tokens die after 24 h)", async () => {
    idp.service.once("beforeResponse", expiresIn(2_592_000));
    const cache = new TokenCache(source("im"), { maxLifetimeMs: 24 * 3600_000 });
    const token = await cache.getToken();
    expect(token.expiresAt - token.obtainedAt).toBe(24 * 3600_000);
  });

  it("invalidates only the token that failed, never a newer one", async () => {
    const cache = new TokenCache(source());
    const old = await cache.getToken();
    await cache.invalidate(old);
    const fresh = await cache.getToken();
    expect(fresh.value).not.toBe(old.value);
    const before = count();
    await cache.invalidate(old); // a late 401 for the old token
    expect((await cache.getToken()).value).toBe(fresh.value);
    expect(count()).toBe(before);
  });

  it("turns 100 concurrent 401s for one token into a single refresh", async () => {
    const cache = new TokenCache(source());
    const dead = await cache.getToken();
    const before = count();
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        await cache.invalidate(dead);
        return cache.getToken();
      }),
    );
    expect(count() - before).toBe(1);
  });

  it("does not cache a failed token request", async () => {
    const cache = new TokenCache(source());
    const refuse = (response: any) => Object.assign(response, { statusCode: 400, body: { error: "invalid_request" } });
    idp.service.once("beforeResponse", refuse);
    const error = await captureError(cache.getToken());
    expect(error.message).toContain("HTTP 400 invalid_request");
    await expect(cache.getToken()).resolves.toBeDefined();
  });

  it("lets a caller give up through its AbortSignal without failing the others", async () => {
    const cache = new TokenCache(source());
    const controller = new AbortController();
    const waiting = cache.getToken({ signal: controller.signal });
    const other = cache.getToken();
    controller.abort(new Error("user pressed ctrl-c"));
    const error = await captureError(waiting);
    expect(error).toBeInstanceOf(AbortError);
    expect((await other).value).toBeTruthy();
    await captureError(cache.getToken({ signal: AbortSignal.abort() }));
  });

  it("keeps working when the store fails, with a warning", async () => {
    const warnings: string[] = [];
    const logger: Logger = { warn: (m) => warnings.push(m) };
    const broken: TokenStore = {
      get: () => Promise.reject(new Error("ECONNREFUSED redis")),
      set: () => Promise.reject(new Error("ECONNREFUSED redis")),
      delete: () => Promise.reject(new Error("ECONNREFUSED redis")),
    };
    const cache = new TokenCache(source(), { store: broken, logger });
    await expect(cache.getToken()).resolves.toBeDefined();
    expect(warnings).toEqual([
      "token store get failed; going on without it: ECONNREFUSED redis",
      "token store set failed; going on without it: ECONNREFUSED redis",
    ]);
  });

  it("shares tokens between caches through a store, and uses the store's lock around a refresh", async () => {
    const records = new Map<string, any>();
    const events: string[] = [];
    const store: TokenStore = {
      get: async (key) => records.get(key),
      set: async (key, record) => void records.set(key, record),
      delete: async (key, value) => void (records.get(key)?.value === value && records.delete(key)),
      lock: async () => {
        events.push("lock");
        return async () => void events.push("unlock");
      },
    };
    const a = new TokenCache(source(), { store });
    const b = new TokenCache(source(), { store });
    const before = count();
    const [ta, tb] = [await a.getToken(), await b.getToken()];
    expect(tb.value).toBe(ta.value);
    expect(count() - before).toBe(1);
    expect(events).toEqual(["lock", "unlock"]);
  });

  it.each([
    [
      "a value with a line break",
      (r: any) => ({ ...r, value: `${SECRETS.staticToken}\r\nX-Injected: 1` }),
      '"value" holds characters an Authorization header cannot carry',
    ],
    ["no type", ({ type: _, ...r }: any) => r, '"type" is missing or not a string'],
    ["a type with a space", (r: any) => ({ ...r, type: "Bearer x" }), '"type" is not an authorization scheme'],
    ["no expiry", ({ expiresAt: _, ...r }: any) => r, '"expiresAt" is missing or not a number'],
    [
      "an expiry in a hundred years",
      (r: any) => ({ ...r, expiresAt: Date.now() + 100 * 365 * 86_400_000 }),
      '"expiresAt" is absurdly far away',
    ],
  ])("drops a stored record with %s, warns without the secret, and fetches one fresh token in its place", async (_, spoil, problem) => {
    const good = { value: SECRETS.staticToken, type: "Bearer", obtainedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
    const records = new Map<string, any>();
    const store: TokenStore = {
      get: async (key) => records.get(key),
      set: async (key, record) => void records.set(key, record),
      delete: async (key, value) => void ((value === undefined || records.get(key)?.value === value) && records.delete(key)),
    };
    const warnings: string[] = [];
    const cache = new TokenCache(source(), { store, logger: { warn: (m) => warnings.push(m) } });
    records.set(cache.cacheKey, spoil(good));
    const before = count();
    const tokens = await Promise.all([cache.getToken(), cache.getToken()]);
    expect(count() - before).toBe(1);
    expect(tokens[0]!.value).not.toBe(SECRETS.staticToken);
    expect(records.get(cache.cacheKey).value).toBe(tokens[0]!.value); // replaced in the store
    expect(warnings.join()).not.toContain(SECRETS.staticToken);
    expect(warnings).toEqual([`the stored token for "${cache.cacheKey}" is unusable (${problem}); it is dropped and a new one requested`]);
    // A second cache on the same store takes the replacement: no more token requests.
    await new TokenCache(source(), { store }).getToken();
    expect(count() - before).toBe(1);
  });

  it("backs off token requests after two just-issued tokens are refused in a row; a 401 for a token that worked does not count", async () => {
    const cache = new TokenCache(source(), { logger: silentLogger });
    const before = count();
    const worked = await cache.getToken();
    cache.accepted(worked);
    await cache.invalidate(worked); // revoked after it worked: not a refusal of new tokens
    const second = await cache.getToken();
    await cache.invalidate(second); // refused, never accepted: one
    const third = await cache.getToken();
    await cache.invalidate(third); // twice in a row: token requests held back
    const error = await captureError(cache.getToken());
    expect(error).toBeInstanceOf(TokenRefusedError);
    expect(error.message).toMatch(/token refused twice; not requesting another before \d{4}-\d\d-\d\dT/);
    expect((error as TokenRefusedError).retryAt).toBeGreaterThan(Date.now() + 25_000);
    await captureError(cache.getToken());
    expect(count() - before).toBe(3);
  });

  it("forgets refusals once a token is accepted", async () => {
    const cache = new TokenCache(source(), { logger: silentLogger });
    const before = count();
    const first = await cache.getToken();
    await cache.invalidate(first);
    const second = await cache.getToken();
    cache.accepted(second);
    await new Promise((resolve) => setImmediate(resolve));
    await cache.invalidate(second);
    const third = await cache.getToken();
    await cache.invalidate(third); // one refusal since the accepted token: no back-off yet
    await expect(cache.getToken()).resolves.toBeDefined();
    expect(count() - before).toBe(4);
  });
});
