import { inspect } from "node:util";
import { ApiError, clientCredentials, createClientCore, oauth, type RetryInfo } from "@vendor-clients/auth";
import {
  echo,
  json,
  neverAnswer,
  propertySeed,
  redirectTo,
  SECRETS,
  sendGzipBomb,
  stallMidBody,
  startHostileServer,
  type HostileServer,
  type Misbehaviour,
} from "@vendor-clients/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

fc.configureGlobal({ seed: propertySeed() });

let issued = 0;
const issuedTokens: string[] = [];
const goodToken: Misbehaviour = (_req, res) => {
  const token = `tok-Property-Issued-${++issued}-value`;
  issuedTokens.push(token);
  json(res, 200, { access_token: token, token_type: "Bearer", expires_in: 3600, refresh_token: `${token}-refresh` });
};

/** Every way a server can misbehave that the suite knows, as data fast-check can pick from. */
const misbehaviour = (elsewhere: () => string): fc.Arbitrary<[string, Misbehaviour]> =>
  fc.oneof(
    fc.constantFrom(400, 401, 403, 404, 429, 500, 502, 503).map((status): [string, Misbehaviour] => [`echo ${status}`, echo(status)]),
    fc
      .constantFrom(301, 302, 303, 307, 308)
      .map((status): [string, Misbehaviour] => [
        `redirect ${status} elsewhere`,
        (req, res, i) => redirectTo(elsewhere(), status)(req, res, i),
      ]),
    fc.constant<[string, Misbehaviour]>(["stall mid-body", stallMidBody]),
    fc.constant<[string, Misbehaviour]>(["never answer", neverAnswer]),
    fc.constant<[string, Misbehaviour]>(["gzip bomb", sendGzipBomb]),
    fc.constant<[string, Misbehaviour]>(["reset", (_req, res) => res.socket?.destroy()]),
    fc.constant<[string, Misbehaviour]>([
      "HTML echo",
      (req, res) => res.writeHead(502, { "content-type": "text/html" }).end(`<title>${JSON.stringify(req.headers)}</title>${req.body}`),
    ]),
    fc
      .constantFrom("retry-after", "x-ratelimit-reset", "ratelimit")
      .map((name): [string, Misbehaviour] => [
        `429 ${name} echoing`,
        (req, res) =>
          res
            .writeHead(429, { [name]: `${req.headers.authorization ?? "0"}`, "content-type": "application/json" })
            .end(JSON.stringify({ message: `slow down ${req.url} ${req.body}` })),
      ]),
    fc.constant<[string, Misbehaviour]>(["200 array echo", (req, res) => json(res, 200, [req.headers.authorization, req.body, req.url])]),
  );

let idp: HostileServer;
let api: HostileServer;
let elsewhere: HostileServer;
let onToken: Misbehaviour | undefined;
let onApi: Misbehaviour = goodToken;

beforeAll(async () => {
  idp = await startHostileServer((req, res, i) => (onToken ?? goodToken)(req, res, i));
  api = await startHostileServer((req, res, i) => onApi(req, res, i));
  elsewhere = await startHostileServer((_req, res) => json(res, 200, {}));
});
afterAll(() => Promise.all([idp.close(), api.close(), elsewhere.close()]));

describe("no secret leaves the client, whatever the servers do", () => {
  it("errors, ApiErrors, log lines and retry-hook arguments of every provoked failure hold no registered secret", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(
          misbehaviour(() => elsewhere.url),
          { nil: undefined },
        ),
        misbehaviour(() => elsewhere.url),
        fc.constantFrom<"header" | "query">("header", "query"),
        fc.constantFrom("GET", "POST"),
        async (tokenFault, apiFault, keyIn, method) => {
          onToken = tokenFault?.[1];
          onApi = apiFault[1];
          const logs: string[] = [];
          const hooks: RetryInfo[] = [];
          const client = createClientCore({
            owner: "propertyClient",
            options: {
              timeoutMs: 150,
              maxResponseBytes: 64 * 1024,
              retry: {
                retries: 1,
                baseDelayMs: 1,
                maxDelayMs: 2,
                maxRetryAfterMs: 5,
                methods: ["GET", "POST"],
                onRetry: (info) => void hooks.push(info),
              },
              logger: { warn: (m) => void logs.push(m), debug: (m, f) => void logs.push(`${m} ${JSON.stringify(f)}`) },
            },
            baseUrl: api.url,
            auth: oauth(clientCredentials, {
              tokenUrl: `${idp.url}/token`,
              clientId: "property",
              clientSecret: [SECRETS.oddSecret, SECRETS.clientSecret],
              headers: { "x-api-key": SECRETS.apiKey },
            }),
            apiKey: {
              name: keyIn === "header" ? "Ocp-Apim-Subscription-Key" : "subscription-key",
              in: keyIn,
              keys: [SECRETS.oddKey, SECRETS.secondaryKey],
            },
          });
          const shown: string[] = [];
          try {
            const response = await client.fetch(
              `${api.url}/items?mpn=LM358`,
              method === "POST" ? { method, body: JSON.stringify({ secret: SECRETS.oddKey }) } : {},
            );
            let body: unknown;
            try {
              body = await response.json();
            } catch {
              body = undefined;
            }
            if (!response.ok) shown.push(...views(ApiError.from(response, body, { method })));
          } catch (error) {
            shown.push(...views(error));
          }
          shown.push(...logs, inspect(hooks, { depth: 6 }), JSON.stringify(hooks));
          const haystack = shown.join("\n");
          for (const secret of [...Object.values(SECRETS), ...issuedTokens, ...issuedTokens.map((t) => `${t}-refresh`)])
            expect(
              haystack.includes(secret),
              `${secret.slice(0, 8)}… leaked (token: ${tokenFault?.[0] ?? "good"}, api: ${apiFault[0]}, key in ${keyIn}, ${method})`,
            ).toBe(false);
          expect(elsewhere.seen).toHaveLength(0);
        },
      ),
      { numRuns: 80 },
    );
  });
});

/** How an error shows up in a user's logs: message, String(), JSON, inspect, the cause chain. */
function views(error: unknown): string[] {
  const out = [
    String(error),
    (error as Error)?.message ?? "",
    JSON.stringify(error) ?? "",
    inspect(error, { depth: 10, showHidden: true }),
  ];
  for (let cause = (error as Error)?.cause; cause; cause = (cause as Error).cause)
    out.push(String(cause), inspect(cause, { depth: 10, showHidden: true }));
  return out;
}
