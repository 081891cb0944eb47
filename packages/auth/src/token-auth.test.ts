// tokenAuth's guarantees tried against real servers on loopback: the token never leaves in an
// error, never follows a redirect to another origin, is never renewed or stored, whatever the server does.
import { inspect } from "node:util";
import { captureError, captureThrow, expectNoSecrets, json, SECRETS, startHttpServer } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.ts";
import { tokenAuth } from "./auth.ts";
import { createClientCore } from "./client-core.ts";
import { restClient } from "./rest.ts";
import type { ConfigError, RedirectError } from "./errors.ts";
import { memoryTokenStore, type TokenStore } from "./stores/token-store.ts";
import { defineVendor } from "./vendor.ts";
import { vendorFactory } from "./vendor-client.ts";
import type { VendorClientOptions, VendorData } from "./vendor-data.ts";

const TOKEN = SECRETS.staticToken;
const coreWith = (baseUrl: string, options: Record<string, unknown> = {}, auth = tokenAuth({ token: TOKEN })) =>
  createClientCore({ owner: "createTestClient", options: { retry: { baseDelayMs: 1, maxDelayMs: 1 }, ...options }, baseUrl, auth });

describe("tokenAuth against a hostile or unusual server", () => {
  it("keeps the token out of an ApiError built from a 401 whose body and WWW-Authenticate echo it, and does not try again", async () => {
    const api = await startHttpServer((req, res) =>
      json(
        res,
        401,
        { code: `bad ${req.headers.authorization}`, message: `you sent ${req.headers.authorization}`, traceid: req.headers.authorization },
        { "www-authenticate": `Bearer realm="api", error="invalid_token", error_description="${req.headers.authorization} is revoked"` },
      ),
    );
    try {
      const lines: string[] = [];
      const log = (message: string, fields?: unknown) => void lines.push(message, JSON.stringify(fields));
      const core = coreWith(api.url, { logger: { debug: log, warn: log } });
      const response = await core.fetch(`${api.url}/me?echo=${TOKEN}`);
      expect(response.status).toBe(401);
      // The API's answer, as it is: the header is the server's own, for the caller to read.
      expect(response.headers.get("www-authenticate")).toContain("invalid_token");
      const error = ApiError.from(response, await response.json(), { method: "GET" });
      expectNoSecrets(error);
      expect(error.message).toContain("[redacted]");
      expect(`${error.vendorCode} ${error.vendorMessage} ${error.traceId} ${error.url}`).not.toContain(TOKEN);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join("\n")).not.toContain(TOKEN);
      // One request: a token that cannot be renewed is not sent a second time after a 401.
      expect(api.requests).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it("answers each 401 with the 401, one request per call, and keeps sending after many: no back-off meant for issued tokens", async () => {
    // Five refusals in a row would hold back token requests for a grant (TokenRefusedError); here there is none to hold back.
    const api = await startHttpServer((_req, res, index) => json(res, index < 5 ? 401 : 200, { index }));
    try {
      const core = coreWith(api.url);
      for (let i = 0; i < 5; i++) expect((await core.fetch(`${api.url}/a`)).status).toBe(401);
      expect(api.requests).toHaveLength(5);
      // The next call goes out with the same token (nothing was dropped or renewed) and the server's 200 is the answer.
      expect((await core.fetch(`${api.url}/a`)).status).toBe(200);
      expect(api.requests.map((r) => r.headers.authorization)).toEqual(Array(6).fill(`Bearer ${TOKEN}`));
    } finally {
      await api.close();
    }
  });

  it("sends the token again on a 429 retry (the same call), and once per try", async () => {
    const api = await startHttpServer((_req, res, index) =>
      index === 0 ? json(res, 429, { message: "slow down" }, { "retry-after": "0" }) : json(res, 200, {}),
    );
    try {
      expect((await coreWith(api.url).fetch(`${api.url}/a`)).status).toBe(200);
      expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    } finally {
      await api.close();
    }
  });

  it("refuses a redirect to another origin before the token reaches it, and follows one within the origin with it", async () => {
    const elsewhere = await startHttpServer((_req, res) => json(res, 200, {}));
    const api = await startHttpServer((req, res) =>
      req.url === "/away"
        ? res.writeHead(302, { location: `${elsewhere.url}/steal` }).end()
        : req.url === "/moved"
          ? res.writeHead(307, { location: "/here" }).end()
          : json(res, 200, {}),
    );
    try {
      const core = coreWith(api.url);
      const error = await captureError<RedirectError>(core.fetch(`${api.url}/away`));
      expect(error.message).toContain("to another origin");
      expect(elsewhere.requests).toHaveLength(0);
      expect((await core.fetch(`${api.url}/moved`)).status).toBe(200);
      expect(api.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
        ["/away", `Bearer ${TOKEN}`],
        ["/moved", `Bearer ${TOKEN}`],
        ["/here", `Bearer ${TOKEN}`],
      ]);
    } finally {
      await api.close();
      await elsewhere.close();
    }
  });

  it("sends one token to many concurrent calls, with no store touched even when one is configured", async () => {
    const api = await startHttpServer((_req, res) => json(res, 200, {}));
    // Every method of the store is watched: not only `set`, but a refusal note or a delete by value would carry the token too.
    const memory = memoryTokenStore();
    const calls: string[] = [];
    const store = new Proxy(memory, {
      get:
        (target, name: string) =>
        (...args: unknown[]) => (calls.push(name), (target as any)[name](...args)),
    }) as TokenStore;
    try {
      const core = coreWith(api.url, { store });
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => core.fetch(`${api.url}/c${i}`).then((r) => r.status)));
      expect(statuses).toEqual(Array(20).fill(200));
      expect(new Set(api.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
      expect(calls).toEqual([]);
      expect(JSON.stringify(core)).not.toContain(TOKEN);
      expect(inspect(core, { depth: 10, showHidden: true, getters: true })).not.toContain(TOKEN);
    } finally {
      await api.close();
    }
  });

  it("keeps to the token's expiry: one past fails the call by name, with no request and without quoting it", async () => {
    const api = await startHttpServer((_req, res) => json(res, 200, {}));
    try {
      const expiresAt = Date.now() - 60_000;
      const core = coreWith(api.url, {}, tokenAuth({ token: TOKEN, expiresAt: new Date(expiresAt) }));
      const error = await captureError<ConfigError>(core.fetch(`${api.url}/a`));
      expect([error.name, error.option, error.message]).toEqual([
        "ConfigError",
        "token",
        `tokenAuth: the token expired at ${new Date(expiresAt).toISOString()} (option "expiresAt"); it cannot be renewed: pass a new one`,
      ]);
      expect(api.requests).toHaveLength(0);
      // One that has not expired yet goes out as it is.
      const later = coreWith(api.url, {}, tokenAuth({ token: TOKEN, expiresAt: Date.now() + 3_600_000 }));
      expect((await later.fetch(`${api.url}/b`)).status).toBe(200);
      expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
    } finally {
      await api.close();
    }
  });

  it("refuses a token it cannot send as it is (a String object, non-ASCII text) where the client is made, without quoting it", () => {
    expect(captureThrow<ConfigError>(() => tokenAuth({ token: new String(TOKEN) as never })).message).toBe(
      'tokenAuth: option "token" must be a non-empty string; got object',
    );
    expect(captureThrow<ConfigError>(() => tokenAuth({ token: `${TOKEN}-ключ` })).message).toBe(
      'tokenAuth: option "token" contains a control or non-Latin-1 character, which cannot be sent in an HTTP header',
    );
    // Latin-1 (an "ä", a no-break space pasted from a page) could travel, but would escape redaction when echoed (below).
    for (const token of [TOKEN.replace("a", "ä"), TOKEN.replace("-", "\u00a0")])
      expect(captureThrow<ConfigError>(() => tokenAuth({ token }), [token]).message).toBe(
        'tokenAuth: option "token" contains a non-ASCII character, which a bearer token cannot hold (RFC 6750)',
      );
  });

  it("has no token whose echo escapes redaction: the bytes a Latin-1 one goes out as come back as other text", async () => {
    const token = TOKEN.replace("a", "ä");
    // A server that writes the header's bytes back as they came, in a body read as UTF-8.
    const api = await startHttpServer((req, res) =>
      res.writeHead(401, { "content-type": "text/plain" }).end(Buffer.from(`you sent ${req.headers.authorization}`, "latin1")),
    );
    try {
      // What it would leak if it were sent (staticSource's check skipped by sending the header by hand).
      const response = await fetch(`${api.url}/me`, { headers: { authorization: `Bearer ${token}` } });
      const echoed = await response.text();
      expect(echoed).not.toContain(token);
      expect(echoed).toContain(token.slice(token.indexOf("ä") + 1));
      // So it is never sent: refused where the client is made.
      expect(() => coreWith(api.url, {}, tokenAuth({ token }))).toThrow("non-ASCII");
    } finally {
      await api.close();
    }
  });
});

interface WidgetsOptions extends Omit<VendorClientOptions, "clientId" | "tokenUrl"> {
  token: string;
}
// The data `pnpm new-vendor` writes for a bearer-token client (scripts/src/scaffold/templates.ts).
const widgetsData: VendorData<WidgetsOptions> = {
  id: "widgets",
  name: "Widgets",
  baseUrls: { production: "https://api.widgets.test" },
  common: ["baseUrl"],
  options: { token: { description: "a token for the API, sent as Authorization: Bearer", required: true, secret: true } },
};
const widgets = defineVendor(
  widgetsData,
  vendorFactory(widgetsData, (options, vendor) =>
    restClient<Record<string, never>>(vendor.core({ auth: tokenAuth({ token: options.token }) })),
  ),
);

describe("a scaffolded bearer-token vendor's fromEnv", () => {
  it("names WIDGETS_TOKEN when it is missing or empty, and never quotes the token when it is refused", () => {
    expect(captureThrow(() => widgets.fromEnv({}, {})).message).toContain("WIDGETS_TOKEN");
    expect(captureThrow(() => widgets.fromEnv({}, { WIDGETS_TOKEN: "" })).message).toContain("WIDGETS_TOKEN");
    expect(captureThrow(() => widgets.fromEnv({}, { WIDGETS_TOKEN: `Bearer ${TOKEN}` })).message).toContain(
      "(set by environment variable WIDGETS_TOKEN)",
    );
    const client = widgets.fromEnv({}, { WIDGETS_TOKEN: TOKEN });
    expect(`${JSON.stringify(client)} ${inspect(client, { depth: 10, showHidden: true })}`).not.toContain(TOKEN);
  });
});
