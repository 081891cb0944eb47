// One process of the "many processes, one token" drill: it builds a token cache on the shared
// store, waits for the common start time, asks for a token once and prints what it got.
import { clientCredentials, TokenCache, type Logger, type TokenStore } from "@vendor-clients/auth";
import { fileTokenStore } from "@vendor-clients/auth/node";
import { redisTokenStore } from "@vendor-clients/token-store-redis";

const { TOKEN_URL, STORE, STORE_TARGET, START_AT } = process.env;
const warnings: string[] = [];
const logger: Logger = { warn: (message) => void warnings.push(message) };
const store: TokenStore & { close?: () => Promise<void> } =
  STORE === "redis" ? redisTokenStore({ redis: STORE_TARGET!, logger }) : fileTokenStore({ path: STORE_TARGET!, logger });
const cache = new TokenCache(
  clientCredentials({ tokenUrl: TOKEN_URL!, clientId: "fleet", clientSecret: "fleet-secret", scopes: "supply.domain" }),
  { store, logger, lockWaitMs: 10_000 },
);

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(START_AT) - Date.now())));
try {
  const token = await cache.getToken();
  process.stdout.write(`${JSON.stringify({ ok: true, fingerprint: token.value.slice(-16), warnings })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: (error as Error).message, warnings })}\n`);
} finally {
  await store.close?.();
}
