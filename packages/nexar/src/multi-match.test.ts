import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  captureError,
  SECRETS,
  startNexarServer,
  startOAuthServer,
  STAND_IN_MPNS,
  type NexarTestServer,
  type OAuthTestServer,
} from "@vendor-clients/testkit";
import { parse } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createNexarClient,
  matchBatches,
  multiMatch,
  NEXAR_PART_LIMIT,
  NexarGraphQLError,
  searchMpn,
  type BomLine,
  type MultiMatchVariables,
  type NexarOptions,
} from "./index.ts";

let idp: OAuthTestServer;
let nexar: NexarTestServer;
let limited: NexarTestServer;
const PART_LIMIT = 350;

beforeAll(async () => {
  [idp, nexar, limited] = await Promise.all([startOAuthServer(), startNexarServer(), startNexarServer({ partLimit: PART_LIMIT })]);
});
afterAll(async () => {
  await Promise.all([idp?.stop(), nexar?.close(), limited?.close()]);
});
beforeEach(() => {
  for (const server of [nexar, limited]) {
    server.requests.length = 0;
    server.usage.requests = 0;
    server.usage.parts = 0;
  }
});

// Fast retries: the tests count requests, they do not wait on backoff.
const client = (server = nexar, extra: Partial<NexarOptions> = {}) =>
  createNexarClient({
    clientId: "nexar-bom",
    clientSecret: SECRETS.clientSecret,
    baseUrl: server.url,
    tokenUrl: idp.tokenUrl,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });

/** A BOM of real parts (some by a prefix that matches several) and one unknown line in ten. */
const bom = (length: number): BomLine[] =>
  Array.from({ length }, (_, i) => ({ mpn: i % 10 === 9 ? `UNKNOWN-${i}` : STAND_IN_MPNS[i % STAND_IN_MPNS.length]!.slice(0, 6) }));
const queriesOf = (server: NexarTestServer) =>
  server.requests
    .filter((r) => r.operationName === "NexarMultiMatch")
    .map((r) => r.variables.queries as Array<{ limit: number; reference: string }>);

describe("multiMatch at scale", () => {
  it("matches 1000 lines in 10 requests of at most 100 parts, one part per line, every line back at its place", async () => {
    const lines = bom(1000);
    const result = await multiMatch(client(), lines);
    const sent = queriesOf(nexar);
    expect(sent).toHaveLength(10);
    expect(result.requests).toBe(10);
    expect(sent.every((queries) => queries.reduce((sum, q) => sum + q.limit, 0) <= 100)).toBe(true);
    expect(sent.flat().every((q) => q.limit === 1)).toBe(true);
    expect(result.lines.map((l) => l.line)).toEqual(lines);
    expect(result.lines.map((l) => l.index)).toEqual(lines.map((_, i) => i));
    expect(result.failed).toEqual([]);
    // Each answered line's match is its own: the first catalogue part starting with the line's MPN.
    for (const { line, match } of result.lines)
      expect(match?.parts[0]?.mpn.startsWith(line.mpn!) ?? line.mpn!.startsWith("UNKNOWN")).toBe(true);
    expect(nexar.usage.parts).toBe(900); // one billed part per known line, none for the unknown ones
  });

  it("keeps batch size × limit within Nexar's 100 parts per request", async () => {
    const lines = [...bom(30).map((l) => ({ ...l, limit: 7 })), { mpn: "NE555", limit: 100 }];
    await multiMatch(client(), lines, { batchSize: 50 });
    const sent = queriesOf(nexar);
    // Batches go concurrently: the server may receive them in any order.
    expect(sent.map((queries) => queries.reduce((sum, q) => sum + q.limit, 0)).sort((a, b) => a - b)).toEqual([14, 98, 98, 100]);
    await expect(matchBatches(client(), [{ mpn: "X", limit: 101 }]).next()).rejects.toThrow(
      'multiMatch: option "lines[0].limit" must be an integer from 1 to 100; got 101',
    );
  });

  it("sends batches concurrently, up to `concurrency` at once", async () => {
    let inFlight = 0;
    let most = 0;
    // Batches are held until three are in the server at once (not for a fixed time, which a loaded
    // machine may not honour); a client that sends fewer at once is let go after 2 s and fails below.
    let release = () => {};
    const threeAtOnce = new Promise<void>((resolve) => (release = resolve));
    const slow = await startNexarServer({
      resolvers: {
        Query: {
          supMultiMatch: async (_: unknown, { queries }: { queries: Array<{ reference: string }> }) => {
            most = Math.max(most, ++inFlight);
            if (inFlight >= 3) release();
            await Promise.race([threeAtOnce, new Promise((resolve) => setTimeout(resolve, 2000))]);
            inFlight--;
            return queries.map((q) => ({ reference: q.reference, hits: 0, error: null, parts: [] }));
          },
        },
      },
    });
    try {
      await multiMatch(client(slow), bom(1000), { concurrency: 3 });
      expect(most).toBe(3);
    } finally {
      await slow.close();
    }
  });

  it("a 503 on a batch is retried with the client's retry policy: no line lost", async () => {
    nexar.fail("http-503", { operationName: "NexarMultiMatch", skip: 1 });
    const result = await multiMatch(client(), bom(1000), { concurrency: 1 });
    expect(result.failed).toHaveLength(0);
    expect(nexar.usage.requests).toBe(11); // 10 batches + the one retry
  });

  it.each(["http-502", "http-504", "network", "throttled"] as const)("a query is retried after %s", async (fault) => {
    nexar.fail(fault, { operationName: "NexarSearchMpn" });
    const result = await searchMpn(client(), "NE555");
    expect(result.hits).toBe(3);
    expect(nexar.requests.filter((r) => r.operationName === "NexarSearchMpn")).toHaveLength(2);
  });

  it("a mutation is not repeated after a 503 (it may have been carried out)", async () => {
    const deleteComment: TypedDocumentNode<unknown, Record<string, never>> = parse(
      'mutation DeleteComment { desDeleteComment(input: { entityId: "1", commentThreadId: "t", commentId: "c" }) { errors { message } } }',
    );
    nexar.fail("http-503", { operationName: "DeleteComment" });
    const error = await captureError<NexarGraphQLError>(client().request(deleteComment));
    expect(error.status).toBe(503);
    expect(nexar.requests.filter((r) => r.operationName === "DeleteComment")).toHaveLength(1);
  });

  it("a batch that still fails after the retries keeps every other batch; the checkpoint resumes only its lines", async () => {
    const lines = bom(1000);
    // Three 503s for the second batch: the first try and both retries.
    for (let i = 0; i < 3; i++) nexar.fail("http-503", { operationName: "NexarMultiMatch", skip: i === 0 ? 1 : 0 });
    const first = await multiMatch(client(), lines, { concurrency: 1 });
    expect(first.failed.map((l) => l.index)).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    expect(first.failed[0]!.error).toBeInstanceOf(NexarGraphQLError);
    expect((first.failed[0]!.error as NexarGraphQLError).status).toBe(503);
    expect(first.lines.filter((l) => l.match).length).toBe(900);
    // The checkpoint survives JSON (a file between two runs).
    nexar.requests.length = 0;
    const second = await multiMatch(client(), lines, { resume: JSON.parse(JSON.stringify(first.checkpoint)) });
    expect(queriesOf(nexar).map((q) => q.map((x) => Number(x.reference)))).toEqual([Array.from({ length: 100 }, (_, i) => 100 + i)]);
    expect(second.failed).toEqual([]);
    expect(second.lines.map((l) => l.match?.parts[0]?.mpn ?? null)).toEqual(
      (await multiMatch(client(), lines)).lines.map((l) => l.match?.parts[0]?.mpn ?? null),
    );
  });

  it("a checkpoint made with another currency (or sellers, filters) is refused rather than mixed in", async () => {
    const { checkpoint } = await multiMatch(client(), bom(3), { currency: "EUR" });
    await expect(matchBatches(client(), bom(3), { resume: checkpoint }).next()).rejects.toThrow(
      'multiMatch: option "resume" holds matches made with other options',
    );
  });

  it("a line that changed since the checkpoint is matched again", async () => {
    const lines = bom(3);
    const { checkpoint } = await multiMatch(client(), lines);
    nexar.requests.length = 0;
    await multiMatch(client(), [lines[0]!, { mpn: "LM358" }, lines[2]!], { resume: checkpoint });
    expect(queriesOf(nexar)).toEqual([[{ mpn: "LM358", limit: 1, reference: "1" }]]);
  });

  it("the part limit stops the run: the answered batches are kept, the rest is not sent (nor billed)", async () => {
    const result = await multiMatch(client(limited), bom(1000), { concurrency: 1 });
    expect(limited.usage.parts).toBeLessThanOrEqual(PART_LIMIT);
    expect(result.lines.filter((l) => l.match).length).toBe(300);
    expect(result.failed).toHaveLength(700);
    const error = result.failed[0]!.error as NexarGraphQLError;
    expect(error).toBeInstanceOf(NexarGraphQLError);
    expect(error.vendorCode).toBe(NEXAR_PART_LIMIT);
    expect(error.partLimitReached).toBe(true);
    expect(error.status).toBe(500);
    expect(error.message).toContain(`You have exceeded your part limit of ${PART_LIMIT}`);
    expect(queriesOf(limited)).toHaveLength(4); // three answered, the fourth refused, none after
    expect(result.requests).toBe(4);
  });

  it("yields batches as they complete, and stops sending when the caller stops reading", async () => {
    const seen: number[] = [];
    for await (const batch of matchBatches(client(), bom(1000), { concurrency: 1 })) {
      seen.push(batch.start);
      if (seen.length === 2) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([0, 100]);
    expect(queriesOf(nexar).length).toBeLessThanOrEqual(3);
  });

  it("a server that drops a line's result or sends a reference it was not given: that line is left to rerun, the others kept", async () => {
    const hostile = await startNexarServer({
      resolvers: {
        Query: {
          supMultiMatch: (_: unknown, { queries }: { queries: Array<{ mpn: string; reference: string }> }) => [
            ...queries.slice(1).map((q) => ({ reference: q.reference, hits: 1, error: null, parts: [{ mpn: q.mpn }] })),
            { reference: "999", hits: 1, error: null, parts: [{ mpn: "FOREIGN" }] },
            { reference: "not a number", hits: 0, error: null, parts: [] },
          ],
        },
      },
    });
    try {
      const result = await multiMatch(client(hostile), [{ mpn: "A" }, { mpn: "B" }, { mpn: "C" }]);
      expect(result.lines.map((l) => l.match?.parts[0]?.mpn ?? null)).toEqual([null, "B", "C"]);
      expect(result.failed.map((l) => [l.index, l.error?.message])).toEqual([[0, 'Nexar answered no result for line 0 (reference "0")']]);
      expect(Object.keys(result.checkpoint.matches)).toEqual(["1", "2"]);
    } finally {
      await hostile.close();
    }
  });

  it("reports progress per batch", async () => {
    const progress: number[] = [];
    await multiMatch(client(), bom(250), { concurrency: 1, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([100, 200, 250]);
  });

  it("runs the user's own multi-match document (any document of the right shape)", async () => {
    const own: TypedDocumentNode<
      { supMultiMatch: Array<{ reference: string | null; hits: number; parts: Array<{ mpn: string }> }> },
      MultiMatchVariables
    > = parse(
      'query MyMatch($queries: [SupPartMatchQuery!]!, $options: SupPartMatchOptions, $country: String = "US", $currency: String = "USD") { supMultiMatch(queries: $queries, options: $options, country: $country, currency: $currency) { reference hits parts { mpn } } }',
    );
    const result = await multiMatch(client(), [{ mpn: "NE555P" }, { mpn: "LM358DR" }], { document: own });
    expect(result.lines.map((l) => l.match?.parts[0]?.mpn)).toEqual(["NE555P", "LM358DR"]);
    expect(nexar.requests[0]!.operationName).toBe("MyMatch");
  });
});

describe("Nexar's documented error answers", () => {
  it("AuthInvalidToken (a stale stored token) gets one refresh, then the call succeeds", async () => {
    const c = client();
    await c.tokens.getToken();
    const before = idp.requests.length;
    nexar.fail("invalid-token");
    expect((await searchMpn(c, "NE555")).hits).toBe(3);
    expect(idp.requests.length - before).toBe(1);
  });

  it("an expired token twice: the error has the code and the status Nexar sent (200), not the 401 it was read as", async () => {
    nexar.fail("expired-token");
    nexar.fail("expired-token");
    const error = await captureError<NexarGraphQLError>(searchMpn(client(), "NE555"));
    expect(error).toBeInstanceOf(NexarGraphQLError);
    expect(error.vendorCode).toBe("AuthExpiredToken");
    expect(error.status).toBe(200);
    expect(nexar.usage.requests).toBe(2);
  });
});
