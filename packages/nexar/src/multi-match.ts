import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { AbortError, ConfigError, VendorClientsError } from "@vendor-clients/auth";
import type { NexarClient } from "./client.ts";
import { GRAPHQL_AUTH_CODES } from "./auth-errors.ts";
import { NexarGraphQLError } from "./errors.ts";
import {
  NexarMultiMatchDocument,
  type NexarMultiMatchQuery,
  type SupPartMatchOptions,
  type SupPartMatchQuery,
} from "./generated/schema.operations.ts";
import { market, type MarketOptions } from "./market.ts";

/** Nexar answers at most this many parts per `supMultiMatch` request (the sum of the queries' `limit`). */
export const NEXAR_MULTI_MATCH_PART_CAP = 100;

/** One line of a bill of materials to match. */
export interface BomLine {
  mpn?: string;
  sku?: string;
  mpnOrSku?: string;
  manufacturer?: string;
  seller?: string;
  /** Candidate parts to return (and pay for) for this line: default the `limit` option's, 1. */
  limit?: number;
}

/** What a multi-match document must answer: one result per query, carrying the query's `reference` back. */
export interface MatchLike {
  reference?: string | null;
}

/** The variables a multi-match document takes: the package's MultiMatch, or your own with the same inputs. */
export interface MultiMatchVariables {
  queries: SupPartMatchQuery[] | SupPartMatchQuery;
  options?: SupPartMatchOptions | null;
  country?: string;
  currency?: string;
  authorizedOnly?: boolean;
}

export type PartMatch = NexarMultiMatchQuery["supMultiMatch"][number];

/** A line with its answer: `match` when its batch was answered, `error` when its batch failed (or was not sent). */
export interface MatchedLine<L, M = PartMatch> {
  line: L;
  /** The line's position in the BOM. */
  index: number;
  match: M | undefined;
  error?: Error;
}

/** One request's worth of lines, as it completes. */
export interface MatchedBatch<L, M = PartMatch> {
  /** Position of the batch's first line in the BOM. */
  start: number;
  lines: MatchedLine<L, M>[];
  /** Why none of these lines has an answer (after the client's retries); absent when the batch was answered. */
  error?: Error;
  /** Whether a request was sent for it (false for lines resumed from a checkpoint and batches left unsent after a stop). */
  sent: boolean;
}

/**
 * What a run has matched so far, to resume from (JSON-serializable: write it to a file after each
 * batch). Each answered line keeps its match with the key of the line it answered, so a line that
 * has changed since is matched again.
 */
export interface MultiMatchCheckpoint<M = PartMatch> {
  /** The options the matches depend on (market, filters, fields): a checkpoint resumes only a run with the same. */
  market?: string;
  matches: Record<number, { key: string; match: M }>;
}

/** What a match depends on besides its line: prices in another currency or other sellers are other answers. */
export const checkpointMarket = (options: MultiMatchOptions<any>) =>
  JSON.stringify([
    options.country ?? "US",
    options.currency ?? "USD",
    options.authorizedOnly ?? false,
    options.requireAuthorizedSellers ?? false,
    options.requireStockAvailable ?? false,
    options.filters ?? null,
    options.leadTime ?? false,
    options.datasheets ?? false,
  ]);

export interface MultiMatchOptions<M extends MatchLike = PartMatch> extends MarketOptions, SupPartMatchOptions {
  /** Most lines per request (default 100): a request also holds at most 100 parts (the sum of its lines' `limit`). */
  batchSize?: number;
  /** Parts per line for lines that do not set one (default 1; Nexar's own default is 3, all billed). */
  limit?: number;
  /** Requests in flight at once (default 4); each still takes its slot from the client's rate limiter. */
  concurrency?: number;
  /** Lines a previous run matched: they are not sent again. */
  resume?: MultiMatchCheckpoint<M>;
  /** Your own multi-match document (the package's MultiMatch by default): same variables, `supMultiMatch` results with `reference`. */
  document?: TypedDocumentNode<{ supMultiMatch: ReadonlyArray<M> }, any>;
  /** Called after each batch with the number of lines answered or failed so far (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface MultiMatchResult<L, M = PartMatch> {
  /** Every line in BOM order, with its match or its batch's error. */
  lines: MatchedLine<L, M>[];
  /** Lines without an answer (their batch failed or was never sent), in BOM order. */
  failed: MatchedLine<L, M>[];
  /** Everything answered, this run's and the resumed run's: pass it as `resume` to match only what failed. */
  checkpoint: MultiMatchCheckpoint<M>;
  /** Requests sent (not counting the client's own retries). */
  requests: number;
}

/** What identifies a line's query: a checkpoint's match is reused only for the same query. */
export const lineKey = (line: BomLine, limit: number) =>
  JSON.stringify([line.mpn ?? null, line.sku ?? null, line.mpnOrSku ?? null, line.manufacturer ?? null, line.seller ?? null, limit]);

const checkInteger = (name: string, value: number | undefined, min: number, max: number) => {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
    throw new ConfigError(name, `multiMatch: option "${name}" must be an integer from ${min} to ${max}; got ${value}`);
};

/** Errors after which no other batch can succeed: the plan is spent, the login refused, the caller gave up. */
const stopsTheRun = (error: unknown) =>
  error instanceof AbortError ||
  (error instanceof NexarGraphQLError &&
    (error.partLimitReached ||
      error.status === 401 ||
      error.status === 403 ||
      error.errors.some((e) => GRAPHQL_AUTH_CODES.has(e.code ?? ""))));

/**
 * Matches a bill of materials, yielding each batch as it completes (not in BOM order): requests of
 * up to `batchSize` lines and 100 parts, `concurrency` at a time. A batch that fails after the
 * client's retries (502/503/504, dropped connections, throttling) is yielded with its error and
 * the others go on; after the part limit or a refused login the batches not yet sent are yielded
 * with that error without being sent. Nothing answered is ever thrown away.
 */
export async function* matchBatches<L extends BomLine, M extends MatchLike = PartMatch>(
  client: NexarClient,
  lines: readonly L[],
  options: MultiMatchOptions<M> = {},
): AsyncGenerator<MatchedBatch<L, M>, void, undefined> {
  checkInteger("batchSize", options.batchSize, 1, NEXAR_MULTI_MATCH_PART_CAP);
  checkInteger("limit", options.limit, 1, NEXAR_MULTI_MATCH_PART_CAP);
  checkInteger("concurrency", options.concurrency, 1, 64);
  const batchSize = options.batchSize ?? NEXAR_MULTI_MATCH_PART_CAP;
  const defaultLimit = options.limit ?? 1;
  const limits = lines.map((line, i) => {
    if (!line || !(line.mpn || line.sku || line.mpnOrSku))
      throw new ConfigError(`lines[${i}]`, `multiMatch: lines[${i}] needs an mpn, sku or mpnOrSku`);
    checkInteger(`lines[${i}].limit`, line.limit, 1, NEXAR_MULTI_MATCH_PART_CAP);
    return line.limit ?? defaultLimit;
  });
  const document = (options.document ?? NexarMultiMatchDocument) as TypedDocumentNode<{ supMultiMatch: ReadonlyArray<M> }, any>;
  const matchOptions = {
    ...(options.requireAuthorizedSellers !== undefined ? { requireAuthorizedSellers: options.requireAuthorizedSellers } : {}),
    ...(options.requireStockAvailable !== undefined ? { requireStockAvailable: options.requireStockAvailable } : {}),
    ...(options.filters !== undefined ? { filters: options.filters } : {}),
  };

  // Lines a previous run answered are yielded first, as one batch of their own, and never sent.
  if (options.resume && options.resume.market !== undefined && options.resume.market !== checkpointMarket(options))
    throw new ConfigError(
      "resume",
      `multiMatch: option "resume" holds matches made with other options (country, currency, sellers, filters or fields: ${options.resume.market}, now ${checkpointMarket(options)}); start without it`,
    );
  const resumed: MatchedLine<L, M>[] = [];
  const pending: number[] = [];
  lines.forEach((line, index) => {
    const saved = options.resume?.matches[index];
    if (saved && saved.key === lineKey(line, limits[index]!)) resumed.push({ line, index, match: saved.match });
    else pending.push(index);
  });
  if (resumed.length) yield { start: resumed[0]!.index, lines: resumed, sent: false };

  // Batches in BOM order: up to batchSize lines and at most 100 parts each.
  const batches: number[][] = [];
  for (const index of pending) {
    const last = batches.at(-1);
    const parts = last?.reduce((sum, i) => sum + limits[i]!, 0) ?? 0;
    if (last && last.length < batchSize && parts + limits[index]! <= NEXAR_MULTI_MATCH_PART_CAP) last.push(index);
    else batches.push([index]);
  }

  const unanswered = (batch: number[], error: Error, sent: boolean): MatchedBatch<L, M> => ({
    start: batch[0]!,
    error,
    sent,
    lines: batch.map((index) => ({ line: lines[index]!, index, match: undefined, error })),
  });
  const send = async (batch: number[]): Promise<MatchedBatch<L, M>> => {
    // The line's index travels as the query's reference and brings each match back to its line.
    const queries = batch.map((index) => {
      const line = lines[index]!;
      return {
        ...(line.mpn ? { mpn: line.mpn } : {}),
        ...(line.sku ? { sku: line.sku } : {}),
        ...(line.mpnOrSku ? { mpnOrSku: line.mpnOrSku } : {}),
        ...(line.manufacturer ? { manufacturer: line.manufacturer } : {}),
        ...(line.seller ? { seller: line.seller } : {}),
        limit: limits[index]!,
        reference: String(index),
      };
    });
    const { supMultiMatch } = await client.request(document, {
      queries,
      ...(Object.keys(matchOptions).length ? { options: matchOptions } : {}),
      ...market(options),
    } as never);
    const byIndex = new Map<number, M>();
    for (const match of supMultiMatch) byIndex.set(Number(match.reference), match);
    return {
      start: batch[0]!,
      sent: true,
      lines: batch.map((index) => {
        const match = byIndex.get(index);
        // A server that drops a line's result (or sends another's reference) leaves that line to rerun, said so.
        return match !== undefined
          ? { line: lines[index]!, index, match }
          : {
              line: lines[index]!,
              index,
              match,
              error: new VendorClientsError(`Nexar answered no result for line ${index} (reference "${index}")`),
            };
      }),
    };
  };

  // A pool of `concurrency` workers over the batches; finished batches queue up for the consumer.
  let next = 0;
  let stopped: Error | undefined;
  const done: MatchedBatch<L, M>[] = [];
  let wake: (() => void) | undefined;
  const finish = (batch: MatchedBatch<L, M>) => {
    done.push(batch);
    wake?.();
  };
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      if (!stopped && options.signal?.aborted) stopped = new AbortError("multiMatch was aborted", { cause: options.signal.reason });
      if (stopped) {
        finish(unanswered(batch, stopped, false));
        continue;
      }
      try {
        finish(await send(batch));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (stopsTheRun(failure)) stopped ??= failure;
        finish(unanswered(batch, failure, true));
      }
    }
  };
  let running = Math.min(options.concurrency ?? 4, batches.length);
  for (let i = 0; i < running; i++) void worker().finally(() => (running--, wake?.()));
  try {
    for (let yielded = 0; yielded < batches.length; ) {
      if (!done.length) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      yielded++;
      yield done.shift()!;
    }
  } finally {
    // A consumer that stops reading (break, throw) stops the sending too: no part is billed unread.
    stopped ??= new AbortError("multiMatch: the caller stopped reading the batches");
  }
}

/**
 * Matches a whole bill of materials (see matchBatches) and gives every line back in BOM order,
 * with its match or its batch's error: a failure in one batch keeps every other batch's answers.
 * `failed` lists the lines to try again; `checkpoint` (as `resume`) matches only those.
 */
export async function multiMatch<L extends BomLine, M extends MatchLike = PartMatch>(
  client: NexarClient,
  lines: readonly L[],
  options: MultiMatchOptions<M> = {},
): Promise<MultiMatchResult<L, M>> {
  const result: MatchedLine<L, M>[] = new Array(lines.length);
  const checkpoint: MultiMatchCheckpoint<M> = { market: checkpointMarket(options), matches: {} };
  const defaultLimit = options.limit ?? 1;
  let answered = 0;
  let requests = 0;
  for await (const batch of matchBatches(client, lines, options)) {
    if (batch.sent) requests++;
    for (const line of batch.lines) {
      result[line.index] = line;
      if (line.match !== undefined)
        checkpoint.matches[line.index] = { key: lineKey(line.line, line.line.limit ?? defaultLimit), match: line.match };
    }
    answered += batch.lines.length;
    options.onProgress?.(answered, lines.length);
  }
  return { lines: result, failed: result.filter((l) => l.match === undefined), checkpoint, requests };
}
