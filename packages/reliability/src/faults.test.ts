import {
  AbortError,
  bearer,
  clientCredentials,
  createFetch,
  NetworkError,
  OAuthError,
  retry,
  TimeoutError,
  TokenCache,
  type AccessToken,
} from "@vendor-clients/auth";
import { captureError, SECRETS, startHttpServer } from "@vendor-clients/testkit";
import type { ServerResponse } from "node:http";
import { afterAll, describe, expect, it } from "vitest";

/** Each case's outcome, printed as a table at the end (the closing note quotes it). */
const outcomes: Array<[string, string]> = [];
afterAll(() => {
  console.log(`\n| fault | outcome |\n|---|---|\n${outcomes.map(([f, o]) => `| ${f} | ${o} |`).join("\n")}\n`);
});

type TokenAnswer = (res: ServerResponse, attempt: number) => unknown;
const tokenJson = (res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) =>
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
const good = (res: ServerResponse) =>
  tokenJson(res, { access_token: `tok-${Math.random().toString(36).slice(2)}`, token_type: "Bearer", expires_in: 3600 });

/** A token endpoint that misbehaves on purpose, and a cache in front of it. */
async function tokenEndpoint(answer: TokenAnswer, options: { timeoutMs?: number; maxLifetimeMs?: number } = {}) {
  const server = await startHttpServer((_req, res, attempt) => answer(res, attempt));
  const cache = new TokenCache(
    clientCredentials({
      tokenUrl: `${server.url}/token`,
      clientId: "faults",
      clientSecret: SECRETS.clientSecret,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    }),
    options.maxLifetimeMs ? { maxLifetimeMs: options.maxLifetimeMs } : {},
  );
  return { server, cache };
}

async function tokenCase(
  fault: string,
  answer: TokenAnswer,
  check: (result: AccessToken | Error, attempts: number) => void,
  options?: { timeoutMs?: number; maxLifetimeMs?: number },
) {
  const { server, cache } = await tokenEndpoint(answer, options);
  try {
    const result = await cache.getToken().catch((error: Error) => captureError(Promise.reject(error)));
    check(result, server.requests.length);
    outcomes.push([
      `token endpoint: ${fault}`,
      result instanceof Error
        ? `${result.name} after ${server.requests.length} attempt(s): ${result.message.replace(/http:\/\/127\.0\.0\.1:\d+/, "<idp>")}`
        : `token after ${server.requests.length} attempt(s), lifetime ${Math.round((result.expiresAt - result.obtainedAt) / 1000)} s`,
    ]);
  } finally {
    await server.close();
  }
}

describe("token endpoint faults", () => {
  it.each([500, 502, 503])("HTTP %i once: retried, succeeded", (status) =>
    tokenCase(
      `${status} once`,
      (res, n) => (n === 0 ? tokenJson(res, { error: "server_error" }, status) : good(res)),
      (result, attempts) => {
        expect(result).not.toBeInstanceOf(Error);
        expect(attempts).toBe(2);
      },
    ),
  );

  it("HTTP 503 every time: a clear OAuthError after 3 attempts", () =>
    tokenCase(
      "503 always",
      (res) => tokenJson(res, { error: "temporarily_unavailable" }, 503),
      (result, attempts) => {
        expect(result).toBeInstanceOf(OAuthError);
        expect((result as OAuthError).status).toBe(503);
        expect(attempts).toBe(3);
      },
    ));

  it("429 with Retry-After: waited as asked, succeeded", async () => {
    const started = Date.now();
    await tokenCase(
      "429 Retry-After: 1 once",
      (res, n) => (n === 0 ? tokenJson(res, { error: "slow_down" }, 429, { "retry-after": "1" }) : good(res)),
      (result) => {
        expect(result).not.toBeInstanceOf(Error);
        expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      },
    );
  });

  it("slower than the timeout: a TimeoutError naming the endpoint, no hang", () =>
    tokenCase(
      "slower than the 300 ms timeout",
      async (res) => {
        await new Promise((r) => setTimeout(r, 1500));
        good(res);
      },
      (result, attempts) => {
        expect(result).toBeInstanceOf(TimeoutError);
        expect((result as Error).message).toMatch(
          /^client_credentials token request at http:\/\/127\.0\.0\.1:\d+\/token got no complete response within 300 ms \(waiting for the response headers\)$/,
        );
        expect(attempts).toBe(3);
      },
      { timeoutMs: 300 },
    ));

  it("an HTML error page from a gateway: an OAuthError that says so", () =>
    tokenCase(
      "502 HTML page",
      (res) => res.writeHead(502, { "content-type": "text/html" }).end("<html><title>502 Bad Gateway</title></html>"),
      (result) => {
        expect(result).toBeInstanceOf(OAuthError);
        expect((result as Error).message).toContain('HTML page ("502 Bad Gateway")');
      },
    ));

  it("invalid JSON: an OAuthError that does not quote the body", () =>
    tokenCase(
      "invalid JSON",
      (res) => res.writeHead(200, { "content-type": "application/json" }).end('{"access_token":"tok-Half-Written'),
      (result) => {
        expect((result as Error).message).toContain("a body that is not JSON");
        expect((result as Error).message).not.toContain("tok-Half-Written");
      },
    ));

  it("no access_token: an OAuthError naming the fields there were", () =>
    tokenCase(
      "no access_token",
      (res) => tokenJson(res, { token_type: "Bearer", expires_in: 3600 }),
      (result) => {
        expect((result as Error).message).toContain("no access_token (fields: expires_in, token_type)");
      },
    ));

  it.each([
    ["expires_in as a string", "1800", 1800],
    ["expires_in negative", -60, 3600],
    ["expires_in zero", 0, 3600],
  ] as const)("%s: accepted, lifetime read or defaulted", (fault, expiresIn, lifetime) =>
    tokenCase(
      fault,
      (res) => tokenJson(res, { access_token: "tok-x1", expires_in: expiresIn }),
      (result) => {
        expect((result as AccessToken).expiresAt - (result as AccessToken).obtainedAt).toBe(lifetime * 1000);
      },
    ),
  );

  it("expires_in huge: capped by maxLifetime", () =>
    tokenCase(
      "expires_in 10^12 s",
      (res) => tokenJson(res, { access_token: "tok-x2", expires_in: 1e12 }),
      (result) => {
        expect((result as AccessToken).expiresAt - (result as AccessToken).obtainedAt).toBe(24 * 3600_000);
      },
      { maxLifetimeMs: 24 * 3600_000 },
    ));
});

describe("API faults", () => {
  const cacheFor = (tokenUrl: string) =>
    new TokenCache(clientCredentials({ tokenUrl, clientId: "api-faults", clientSecret: SECRETS.clientSecret }));

  it("100 concurrent 401s for one dead token: one refresh, every call succeeds", async () => {
    let issued = 0;
    const idp = await startHttpServer((_req, res) => tokenJson(res, { access_token: `tok-gen-${++issued}`, expires_in: 3600 }));
    const api = await startHttpServer((req, res) =>
      tokenJson(res, { ok: true }, req.headers.authorization === "Bearer tok-gen-1" ? 401 : 200),
    );
    try {
      const cache = cacheFor(`${idp.url}/token`);
      await cache.getToken();
      const fetch = createFetch([bearer(cache), retry()], { origins: [api.url] });
      const statuses = await Promise.all(Array.from({ length: 100 }, () => fetch(`${api.url}/items`).then((r) => r.status)));
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(idp.requests).toHaveLength(2);
      outcomes.push(["API: 100 concurrent 401s", `all 100 succeeded; ${idp.requests.length - 1} refresh`]);
    } finally {
      await Promise.all([idp.close(), api.close()]);
    }
  });

  it("429 storm: every request throttled three times, then served; all succeed", async () => {
    const seen = new Map<string, number>();
    const api = await startHttpServer((req, res) => {
      const n = (seen.get(req.url) ?? 0) + 1;
      seen.set(req.url, n);
      tokenJson(res, { ok: n > 3 }, n > 3 ? 200 : 429, n > 3 ? {} : { "retry-after": "0" });
    });
    try {
      const fetch = createFetch([retry({ retries: 5, baseDelayMs: 1 })], { origins: [api.url], timeoutMs: 5000 });
      const statuses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => fetch(`${api.url}/q/${i}`, { method: "POST", body: "{}" }).then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(api.requests).toHaveLength(200);
      outcomes.push(["API: 429 storm (3 × 429 per request, POST)", "all 50 succeeded after 150 retries"]);
    } finally {
      await api.close();
    }
  });

  it("connection reset in the middle of the body: a GET is retried and succeeds; a POST fails with a clear NetworkError", async () => {
    let resets = 0;
    const api = await startHttpServer((_req, res) => {
      if (resets++ % 2 === 0) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"items": [1, 2,');
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      }
      tokenJson(res, { items: [1, 2, 3] });
    });
    try {
      const fetch = createFetch([retry({ baseDelayMs: 1 })], { origins: [api.url] });
      const response = await fetch(`${api.url}/items`);
      expect(await response.json()).toEqual({ items: [1, 2, 3] });
      resets = 0;
      const error = await captureError<NetworkError>(fetch(`${api.url}/orders`, { method: "POST", body: "{}" }));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/orders failed \(reading the response body\): /);
      outcomes.push([
        "API: connection reset mid-body",
        `GET retried and succeeded; POST not retried (not idempotent): ${error.name}: ${error.message.replace(/http:\/\/127\.0\.0\.1:\d+/, "<api>")}`,
      ]);
    } finally {
      await api.close();
    }
  });

  it("an unknown host: a NetworkError naming the host, quickly, no hang", async () => {
    const fetch = createFetch([retry({ retries: 1, baseDelayMs: 1 })], { origins: ["https://no-such-host.invalid"], timeoutMs: 3000 });
    const started = Date.now();
    const error = await captureError(fetch(`https://no-such-host.invalid/items?subscription-key=${SECRETS.primaryKey}`));
    expect([NetworkError, TimeoutError].some((E) => error instanceof E)).toBe(true);
    expect(error.message).toContain("no-such-host.invalid");
    expect(error.message).not.toContain(SECRETS.primaryKey);
    outcomes.push(["API: unknown host", `${error.name} in ${Date.now() - started} ms: ${error.message.slice(0, 90)}…`]);
  });

  it("the caller aborts during a retry wait: an AbortError at once", async () => {
    const api = await startHttpServer((_req, res) => tokenJson(res, {}, 503, { "retry-after": "30" }));
    try {
      const controller = new AbortController();
      const pending = createFetch([retry()], { origins: [api.url] })(`${api.url}/slow`, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect(await captureError(pending)).toBeInstanceOf(AbortError);
      outcomes.push(["API: caller aborts while waiting out Retry-After: 30", "AbortError at once"]);
    } finally {
      await api.close();
    }
  });
});
