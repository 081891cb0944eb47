// One process of the "one token per fleet" drills (tests and the benchmark). MODE says which:
// - calls: for DURATION_MS (or until the API answers x-drill-done), one API call every
//   CALL_EVERY_MS through a bearer step on the shared store, counting failed calls and the distinct
//   tokens it used;
// - accounts: ACCOUNTS token caches (one per client id) get their token at once, on the shared store.
import { bearer, clientCredentials, createFetch, type Logger, TokenCache, type TokenStore } from "@vendor-clients/auth";
import { fileTokenStore } from "@vendor-clients/auth/node";
import { redisTokenStore } from "@vendor-clients/token-store-redis";

const env = process.env;
const warnings: string[] = [];
const logger: Logger = { warn: (message) => void warnings.push(message) };
const encryptionKey = env.ENCRYPTION_KEY ? { encryptionKey: env.ENCRYPTION_KEY } : {};
const store: TokenStore & { close?: () => Promise<void> } =
  env.STORE === "redis"
    ? redisTokenStore({ redis: env.STORE_TARGET!, logger, ...encryptionKey })
    : fileTokenStore({ path: env.STORE_TARGET!, logger, ...encryptionKey });
const cacheFor = (clientId: string) =>
  new TokenCache(clientCredentials({ tokenUrl: env.TOKEN_URL!, clientId, clientSecret: "fleet-secret", scopes: "supply.domain" }), {
    store,
    logger,
    ...(env.REFRESH_MARGIN_MS ? { refreshMarginMs: Number(env.REFRESH_MARGIN_MS) } : {}),
  });

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(env.START_AT) - Date.now())));
const result: Record<string, unknown> = {};
try {
  if (env.MODE === "accounts") {
    const accounts = Number(env.ACCOUNTS ?? 10);
    const tokens = await Promise.all(Array.from({ length: accounts }, (_, i) => cacheFor(`account-${i}`).getToken()));
    result.tokens = tokens.length;
  } else {
    const cache = cacheFor("fleet");
    const fetch = createFetch([bearer(cache)], { origins: [env.API_URL!] });
    const until = Date.now() + Number(env.DURATION_MS ?? 5000);
    const every = Number(env.CALL_EVERY_MS ?? 50);
    let calls = 0;
    let failed = 0;
    const seen = new Set<string>();
    const errors = new Set<string>();
    const maxCalls = Number(env.CALLS ?? Number.POSITIVE_INFINITY);
    while (Date.now() < until && calls < maxCalls) {
      calls++;
      try {
        const response = await fetch(`${env.API_URL}/items`, { headers: { "x-worker": String(process.pid) } });
        const used = response.headers.get("x-token-seen");
        if (used) seen.add(used);
        if (!response.ok) failed++;
        await response.body?.cancel();
        // The drill's server says when what it was waiting for has happened (the revoked-token drill).
        if (response.headers.has("x-drill-done")) break;
      } catch (error) {
        failed++;
        errors.add((error as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, every));
    }
    Object.assign(result, { calls, failed, tokensUsed: seen.size, errors: [...errors].slice(0, 3) });
  }
  process.stdout.write(`${JSON.stringify({ ok: true, ...result, warnings })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: (error as Error).message, warnings })}\n`);
} finally {
  await store.close?.();
}
