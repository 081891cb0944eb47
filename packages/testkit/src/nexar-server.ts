import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { addMocksToSchema, type IMocks, type IMockStore } from "@graphql-tools/mock";
import { buildSchema, GraphQLError } from "graphql";
import { createYoga } from "graphql-yoga";
import { designResolvers } from "./nexar-design.ts";
import { catalogueCategories, findParts, partsById, searchParts, suggest, type PartQuery, type StandInPart } from "./nexar-parts.ts";
import { specPath } from "./paths.ts";

export interface RecordedGraphqlRequest {
  /** The path it was sent to: "/graphql", or a region's ("/eu/graphql"). */
  path: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  authorization: string | undefined;
}

/** What the stand-in does with a request's credentials: serve it, refuse it with HTTP 401, or with a GraphQL auth error. */
export type NexarAuthDecision = "ok" | "http-401" | "graphql-auth-error";

/**
 * Nexar's documented error answers, on demand (`server.fail(fault)`):
 * - "expired-token" / "invalid-token": HTTP 200 with `AuthExpiredToken` / `AuthInvalidToken`
 *   (support article "Application access token");
 * - "part-limit": HTTP 500 with "You have exceeded your part limit of N…" and no code (support
 *   article "What error is returned when the part limit is reached?");
 * - "throttled": HTTP 200 with a GraphQL error coded THROTTLED (Nexar documents no request rate:
 *   the code is ours, the kind any GraphQL gateway sends);
 * - "http-502" / "http-503" / "http-504": a gateway's answer; "network": the connection dropped.
 */
export type NexarFault = "expired-token" | "invalid-token" | "part-limit" | "throttled" | "http-502" | "http-503" | "http-504" | "network";

/** What the stand-in has served: every request, the parts its supply answers returned (what Nexar bills), and the BOM lines it answered. */
export interface NexarUsage {
  requests: number;
  parts: number;
  /** supMultiMatch queries answered (in answers that were sent whole). */
  lines: number;
}

/** What one request has returned so far: billed only if the answer goes out whole. */
interface Bill {
  parts: number;
  lines: number;
}

export interface NexarServerOptions {
  /**
   * Resolvers that replace the mocks where a test needs exact answers (e.g. supMultiMatch); as a
   * function it receives the mock store, to fall back on mocked values (`store.get(ref, field)`).
   */
  resolvers?:
    | Record<string, Record<string, (...args: any[]) => unknown>>
    | ((store: IMockStore) => Record<string, Record<string, (...args: any[]) => unknown>>);
  authorize?: (authorization: string | undefined) => NexarAuthDecision;
  /** The plan's part limit: a supply request that would go beyond it gets Nexar's part-limit answer. */
  partLimit?: number;
  /**
   * Fields the plan may not read ("SupOffer.factoryLeadDays" without the Lead Time feature): each
   * answers null with a GraphQL error at its path, and the rest of the answer stands.
   */
  deniedFields?: readonly string[];
}

// Deterministic, plausible values: random mocks (negative counts, "Hello World" everywhere) make
// flaky tests and a demo nobody can read. Custom scalars get values of the right kind.
const mocks: IMocks = {
  Int: () => 42,
  Float: () => 0.42,
  String: () => "LM358",
  Boolean: () => true,
  ID: () => "1",
  Map: () => ({}),
  Any: () => null,
  Long: () => 1000,
  Decimal: () => 0.42,
  DateTime: () => "2026-11-22T12:00:00Z",
  MultiplierPath: () => "1",
  SupPartResultSet: () => ({ hits: 68 }),
  SupPart: () => ({
    mpn: "LM358DR",
    name: "Texas Instruments LM358DR",
    shortDescription: "Dual operational amplifier, 8-SOIC",
    totalAvail: 1250000,
  }),
  SupCompany: () => ({ name: "Texas Instruments" }),
  SupPartSeller: () => ({ country: "US", isAuthorized: true }),
  SupOffer: () => ({
    sku: "296-1395-1-ND",
    inventoryLevel: 52000,
    moq: 1,
    packaging: "Cut Tape",
    clickUrl: "https://octopart.com/click/1",
  }),
  SupPricePoint: () => ({ quantity: 1, price: 0.12, currency: "USD", convertedPrice: 0.12, convertedCurrency: "USD", conversionRate: 1 }),
};

type Resolvers = Record<string, Record<string, (...args: any[]) => unknown>>;
interface Market {
  currency?: string;
}

/** The supply queries, answered from the catalogue of real parts (nexar-parts.ts); every part returned is counted. */
type Billing = <T>(parts: T[], context: { bill: Bill }) => T[];
const catalogueResolvers = (bill: Billing): Resolvers => ({
  Query: {
    supSearchMpn: (
      _: unknown,
      {
        q,
        currency = "USD",
        inStockOnly,
        start = 0,
        limit = 10,
      }: Market & { q: string; inStockOnly?: boolean | null; start?: number | null; limit?: number | null },
      context: { bill: Bill },
    ) => {
      const parts = findParts({ mpn: q }, currency).filter((part) => !inStockOnly || part.totalAvail > 0);
      return {
        hits: parts.length,
        results: bill(parts.slice(start ?? 0, (start ?? 0) + (limit ?? 10)), context).map((part) => ({ part })),
      };
    },
    supSearch: (
      _: unknown,
      {
        q,
        currency = "USD",
        start = 0,
        limit = 10,
        filters,
        sort,
        sortDir,
        inStockOnly,
      }: Market & {
        q?: string | null;
        start?: number | null;
        limit?: number | null;
        filters?: Record<string, unknown> | null;
        sort?: string | null;
        sortDir?: "asc" | "desc" | null;
        inStockOnly?: boolean | null;
      },
      context: { bill: Bill },
    ) => {
      const parts = sorted(filtered(searchParts(q ?? "", currency), filters, inStockOnly), sort, sortDir);
      return {
        hits: parts.length,
        results: bill(parts.slice(start ?? 0, (start ?? 0) + (limit ?? 10)), context).map((part) => ({
          part,
          description: part.shortDescription,
        })),
        // Aggregations over every hit, not the page: what a faceted search shows beside its results.
        manufacturerAgg: ({ size = 10 }: { size?: number }) =>
          buckets(parts, (p) => p.manufacturer, size).map(([company, count]) => ({ company, count })),
        categoryAgg: ({ size = 10 }: { size?: number }) =>
          buckets(parts, (p) => p.category, size).map(([category, count]) => ({ category, count })),
        appliedFilters: [],
      };
    },
    supCategories: (_: unknown, { ids }: { ids?: string[] | null }) => catalogueCategories().filter((c) => !ids || ids.includes(c.id)),
    supSuggest: (_: unknown, { q }: { q: string }) => suggest(q),
    // One result per query, in the queries' order, each carrying the query's reference back.
    supMultiMatch: (
      _: unknown,
      {
        queries,
        options,
        currency = "USD",
      }: Market & {
        queries: Array<PartQuery & { reference?: string | null; limit?: number | null; start?: number | null }>;
        options?: { requireAuthorizedSellers?: boolean | null; requireStockAvailable?: boolean | null } | null;
      },
      context: { bill: Bill },
    ) =>
      queries.map((query) => {
        context.bill.lines++;
        const parts = findParts(query, currency).filter(
          (part) =>
            (!options?.requireAuthorizedSellers || part.sellers({ authorizedOnly: true }).length > 0) &&
            (!options?.requireStockAvailable || part.totalAvail > 0),
        );
        const start = query.start ?? 0;
        return {
          reference: query.reference ?? null,
          hits: parts.length,
          error: null,
          parts: bill(parts.slice(start, start + (query.limit ?? 3)), context),
        };
      }),
    supParts: (_: unknown, { ids, currency = "USD" }: Market & { ids: string[] }, context: { bill: Bill }) =>
      bill(partsById(ids, currency), context),
  },
});

/** A resolver per denied field: an error naming it (the field is nullable, so its parent still answers). */
function deniedResolvers(fields: readonly string[]): Resolvers {
  const resolvers: Resolvers = {};
  for (const field of fields) {
    const [type, name] = field.split(".") as [string, string];
    (resolvers[type] ??= {})[name] = () => {
      throw new GraphQLError(`The current plan does not include access to the field '${name}'.`, {
        extensions: { code: "AUTH_NOT_AUTHORIZED" },
      });
    };
  }
  return resolvers;
}

/** Nexar's filter map as the stand-in reads it: `manufacturer_id` and `category_id` (lists of ids). */
function filtered(parts: StandInPart[], filters: Record<string, unknown> | null | undefined, inStockOnly?: boolean | null) {
  const ids = (key: string) => {
    const value = filters?.[key];
    return value === undefined || value === null ? undefined : (Array.isArray(value) ? value : [value]).map(String);
  };
  const makers = ids("manufacturer_id");
  const categories = ids("category_id");
  return parts.filter(
    (p) =>
      (!makers || makers.includes(p.manufacturer.id)) &&
      (!categories || categories.includes(p.category.id)) &&
      (!inStockOnly || p.totalAvail > 0),
  );
}

/** Nexar's sort values the stand-in knows: mpn, avg_avail, median_price_1000 (default: relevance, the catalogue's order). */
function sorted(parts: StandInPart[], sort: string | null | undefined, dir: "asc" | "desc" | null | undefined) {
  const key: Record<string, (p: StandInPart) => number | string> = {
    mpn: (p) => p.mpn,
    avg_avail: (p) => p.totalAvail,
    median_price_1000: (p) => p.medianPrice1000.price,
  };
  const by = sort ? key[sort] : undefined;
  if (!by) return parts;
  const sign = dir === "desc" ? -1 : 1;
  return [...parts].sort((a, b) => {
    const [x, y] = [by(a), by(b)];
    return sign * (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)));
  });
}

/** Counts per key (a maker, a category), largest first, at most `size`. */
function buckets<K extends { id: string }>(parts: StandInPart[], keyOf: (p: StandInPart) => K, size: number): Array<[K, number]> {
  const counts = new Map<string, [K, number]>();
  for (const part of parts) {
    const key = keyOf(part);
    const bucket = counts.get(key.id) ?? [key, 0];
    bucket[1]++;
    counts.set(key.id, bucket);
  }
  return [...counts.values()].sort((a, b) => b[1] - a[1]).slice(0, size);
}

/** The test's resolvers over the catalogue's, type by type and field by field. */
function mergeResolvers(base: Resolvers, own: Resolvers): Resolvers {
  const merged: Resolvers = { ...base };
  for (const [type, fields] of Object.entries(own)) merged[type] = { ...base[type], ...fields };
  return merged;
}

/**
 * A real GraphQL server (graphql-yoga) on loopback, serving the pulled Nexar schema: operations
 * are parsed and validated against the real schema, so a query that does not fit Nexar's schema
 * fails here as it would there. Part search, multi-match (BOM) and parts by id answer from a
 * fixed catalogue of real parts (`NE555` finds NE555DR, NE555N and NE555P; an unknown MPN finds
 * nothing); every other field is mocked with fixed values. A test's own `resolvers` win.
 */
export async function startNexarServer(options: NexarServerOptions = {}) {
  const schema = buildSchema(await readFile(specPath("nexar/schema.graphql"), "utf8"));
  const usage: NexarUsage = { requests: 0, parts: 0, lines: 0 };
  let origin = "";
  // Parts returned count against the plan (Nexar's "Part limits and how they work"); null ids cost
  // nothing. A request's parts are billed once its answer goes out whole (a refused one costs nothing).
  const bill: Billing = (parts, { bill }) => {
    const returned = parts.filter((p) => p !== null).length;
    if (options.partLimit !== undefined && usage.parts + bill.parts + returned > options.partLimit) throw new PartLimitReached();
    bill.parts += returned;
    return parts;
  };
  const mocked = addMocksToSchema({
    schema,
    mocks,
    resolvers: (store) =>
      mergeResolvers(
        mergeResolvers(
          catalogueResolvers(bill),
          designResolvers(() => origin),
        ),
        mergeResolvers(
          deniedResolvers(options.deniedFields ?? []),
          typeof options.resolvers === "function" ? options.resolvers(store) : (options.resolvers ?? {}),
        ),
      ),
    preserveResolvers: false,
  });
  const yoga = createYoga({ schema: mocked, graphqlEndpoint: "/graphql", logging: false, maskedErrors: false });
  const requests: RecordedGraphqlRequest[] = [];
  const faults: Array<{ fault: NexarFault; operationName: string | undefined; skip: number }> = [];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const authorization = req.headers.authorization;
    let parsed: { operationName?: string; variables?: Record<string, unknown>; query?: string } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      /* yoga will answer the bad request */
    }
    const operationName = parsed.operationName ?? /(?:query|mutation)\s+(\w+)/.exec(parsed.query ?? "")?.[1];
    // A region's endpoint (a workspace's apiServiceUrl) is this server under a path: /eu/graphql.
    const path = (req.url ?? "/graphql").split("?")[0]!;
    requests.push({ path, operationName, variables: parsed.variables ?? {}, authorization });
    usage.requests++;
    const due = faults.findIndex((f) => f.operationName === undefined || f.operationName === operationName);
    if (due >= 0 && faults[due]!.skip-- === 0) {
      const { fault } = faults.splice(due, 1)[0]!;
      return answerFault(res, fault, options.partLimit ?? usage.parts);
    }
    const decision = options.authorize?.(authorization) ?? (authorization?.startsWith("Bearer ") ? "ok" : "http-401");
    if (decision === "http-401")
      return res
        .writeHead(401, { "content-type": "application/json", "www-authenticate": "Bearer" })
        .end(JSON.stringify({ message: "Unauthorized" }));
    if (decision === "graphql-auth-error")
      return res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          errors: [
            { message: "The current user is not authorized to access this resource.", extensions: { code: "AUTH_NOT_AUTHENTICATED" } },
          ],
          data: null,
        }),
      );
    const requestBill: Bill = { parts: 0, lines: 0 };
    const response = await yoga.fetch(
      `http://localhost${/^\/[a-z]+\/graphql/.test(path) ? (req.url ?? "").replace(/^\/[a-z]+/, "") : req.url}`,
      { method: req.method ?? "POST", headers: req.headers as Record<string, string>, ...(body ? { body } : {}) },
      { bill: requestBill },
    );
    const answer = Buffer.from(await response.arrayBuffer());
    // The part limit, reached inside a resolver, answers as Nexar does: HTTP 500, the message alone.
    if (answer.includes(PART_LIMIT_MARK)) return answerFault(res, "part-limit", options.partLimit ?? usage.parts);
    usage.parts += requestBill.parts;
    usage.lines += requestBill.lines;
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    /** Requests served, parts billed and BOM lines answered since the start (reset them by hand between runs). */
    usage,
    /**
     * Answers the next request (of `operationName`, if given; after `skip` such requests) with a
     * documented error instead of serving it. Faults queue up in the order given.
     */
    fail(fault: NexarFault, options: { operationName?: string; skip?: number } = {}) {
      faults.push({ fault, operationName: options.operationName, skip: options.skip ?? 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type NexarTestServer = Awaited<ReturnType<typeof startNexarServer>>;

const PART_LIMIT_MARK = "stand-in: part limit reached";
class PartLimitReached extends Error {
  constructor() {
    super(PART_LIMIT_MARK);
  }
}

/** Nexar's answer for each fault, as its support articles show them. */
function answerFault(res: import("node:http").ServerResponse, fault: NexarFault, partLimit: number) {
  const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  const authError = (code: string, message: string) => json(200, { errors: [{ message, extensions: { code } }], data: null });
  switch (fault) {
    case "expired-token":
      return authError("AuthExpiredToken", "The access token has expired.");
    case "invalid-token":
      return authError("AuthInvalidToken", "Token validation failed. Please provide a valid access token.");
    case "part-limit": {
      const message = `You have exceeded your part limit of ${partLimit}. Please upgrade your plan. Contact us at api@nexar.com for assistance.`;
      return json(500, { errors: [{ message, extensions: { remote: { message }, schemaName: "Supply" } }] });
    }
    case "throttled":
      return json(200, { errors: [{ message: "Too many requests", extensions: { code: "THROTTLED", retryAfter: 0 } }], data: null });
    case "network":
      return res.socket?.destroy();
    default:
      return res.writeHead(Number(fault.slice(5)), { "content-type": "text/plain" }).end("Service unavailable");
  }
}
