// One process of the token fleet bench: API calls through a bearer step for DURATION_MS, its
// token cache on the shared Redis; prints its calls, failed calls and slowest call.
import { bearer, clientCredentials, createFetch, silentLogger, TokenCache } from "@vendor-clients/auth";
import { redisTokenStore } from "@vendor-clients/token-store-redis";

const { TOKEN_URL, API_URL, REDIS_URL, REFRESH_MARGIN_MS, DURATION_MS, CALL_EVERY_MS, START_AT } = process.env;
const store = redisTokenStore({ redis: REDIS_URL!, logger: silentLogger });
const cache = new TokenCache(clientCredentials({ tokenUrl: TOKEN_URL!, clientId: "fleet", clientSecret: "fleet-secret" }), {
  store,
  logger: silentLogger,
  refreshMarginMs: Number(REFRESH_MARGIN_MS),
});
const fetch = createFetch([bearer(cache)], { origins: [API_URL!] });

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(START_AT) - Date.now())));
const until = Date.now() + Number(DURATION_MS);
let calls = 0;
let failed = 0;
let slowestMs = 0;
while (Date.now() < until) {
  const started = performance.now();
  calls++;
  try {
    const response = await fetch(`${API_URL}/items`);
    if (!response.ok) failed++;
    await response.body?.cancel();
  } catch {
    failed++;
  }
  slowestMs = Math.max(slowestMs, performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, Number(CALL_EVERY_MS)));
}
process.stdout.write(`${JSON.stringify({ calls, failed, slowestMs: Math.round(slowestMs) })}\n`);
await store.close();
