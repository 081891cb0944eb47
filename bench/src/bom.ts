import { createNexarClient, multiMatch, type BomLine } from "@vendor-clients/nexar";
import { startNexarServer, startOAuthServer, STAND_IN_MPNS, type NexarTestServer } from "@vendor-clients/testkit";
import { round } from "./shared.ts";

export interface BomRow {
  scenario: string;
  requests: number;
  partsBilled: number;
  seconds: number;
  linesMatched: number;
  /** Lines the stand-in answered (and billed) that the caller did not get back. */
  linesLost: number;
  /** Lines without an answer, listed for a rerun (none lost: the checkpoint matches only them). */
  linesToRerun: number;
}

const LINES = 1000;

/** Real parts (some by a prefix that matches several) and one unknown MPN in ten: 900 lines can match. */
const bom: BomLine[] = Array.from({ length: LINES }, (_, i) => ({
  mpn: i % 10 === 9 ? `UNKNOWN-${i}` : STAND_IN_MPNS[i % STAND_IN_MPNS.length]!.slice(0, 6),
}));

/**
 * A 1000-line BOM through the Nexar stand-in, which counts requests, parts billed and lines it
 * answered: clean, with one 503 (retried), and with the part limit reached mid-run then resumed
 * from the checkpoint (after the limit is raised, as a new month or a bigger plan would).
 */
export async function bomBench(): Promise<BomRow[]> {
  const idp = await startOAuthServer();
  const nexar = await startNexarServer();
  const client = () =>
    createNexarClient({
      clientId: "bench",
      clientSecret: "bench-secret",
      baseUrl: nexar.url,
      tokenUrl: idp.tokenUrl,
      retry: { baseDelayMs: 50 },
    });
  const rows: BomRow[] = [];
  const reset = (server: NexarTestServer) => Object.assign(server.usage, { requests: 0, parts: 0, lines: 0 });
  const measure = async (scenario: string, run: () => Promise<Awaited<ReturnType<typeof multiMatch<BomLine>>>>) => {
    reset(nexar);
    const started = performance.now();
    const result = await run();
    const seconds = round((performance.now() - started) / 1000, 2);
    const answered = result.lines.filter((l) => l.match !== undefined).length;
    rows.push({
      scenario,
      requests: nexar.usage.requests,
      partsBilled: nexar.usage.parts,
      seconds,
      linesMatched: result.lines.filter((l) => l.match?.parts.length).length,
      // Every line the stand-in answered and the caller did not keep (or asked for twice) was lost.
      linesLost: nexar.usage.lines - answered,
      linesToRerun: result.failed.length,
    });
  };
  try {
    await client().tokens.getToken(); // the token is not what is measured
    await measure(`${LINES} lines`, () => multiMatch(client(), bom));
    await measure(`${LINES} lines, one 503 on the 2nd batch`, () => {
      nexar.fail("http-503", { operationName: "NexarMultiMatch", skip: 1 });
      return multiMatch(client(), bom);
    });
    await measure(`${LINES} lines, part limit on the 3rd batch`, () => {
      nexar.fail("part-limit", { operationName: "NexarMultiMatch", skip: 2 });
      return multiMatch(client(), bom, { concurrency: 1 });
    });
    await measure(`${LINES} lines, part limit on the 3rd batch, then resumed from the checkpoint`, async () => {
      nexar.fail("part-limit", { operationName: "NexarMultiMatch", skip: 2 });
      const first = await multiMatch(client(), bom, { concurrency: 1 });
      return multiMatch(client(), bom, { resume: first.checkpoint });
    });
    return rows;
  } finally {
    await Promise.all([nexar.close(), idp.stop()]);
  }
}
