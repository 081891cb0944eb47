import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAND_IN_MPNS } from "./nexar-parts.ts";
import { startNexarServer, type NexarTestServer } from "./nexar-server.ts";

let nexar: NexarTestServer;
beforeAll(async () => {
  nexar = await startNexarServer();
});
afterAll(() => nexar?.close());

const PART = `mpn manufacturer { name } shortDescription totalAvail sellers(authorizedOnly: $authorizedOnly) { company { name } isAuthorized offers { sku inventoryLevel moq prices { quantity price currency convertedPrice convertedCurrency } } }`;

async function query<T>(source: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(nexar.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer t" },
    body: JSON.stringify({ query: source, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const searchMpn = (q: string, extra: Record<string, unknown> = {}) =>
  query<{ supSearchMpn: { hits: number; results: Array<{ part: any }> } }>(
    `query ($q: String!, $authorizedOnly: Boolean = false, $currency: String = "USD") { supSearchMpn(q: $q, currency: $currency) { hits results { part { ${PART} } } } }`,
    { q, ...extra },
  ).then((d) => d.supSearchMpn);

describe("Nexar stand-in", () => {
  it("holds about fifty real parts", () => {
    expect(STAND_IN_MPNS.length).toBeGreaterThanOrEqual(50);
    expect(STAND_IN_MPNS).toEqual(expect.arrayContaining(["NE555P", "LM358DR", "ATMEGA328P-PU", "STM32F103C8T6"]));
    expect(new Set(STAND_IN_MPNS).size).toBe(STAND_IN_MPNS.length);
  });

  it("finds parts by MPN: the exact one first, then those that start with it; nothing for an unknown MPN", async () => {
    const ne555 = await searchMpn("NE555");
    expect(ne555.hits).toBe(3);
    expect(ne555.results.map((r) => `${r.part.mpn} ${r.part.manufacturer.name}`)).toEqual([
      "NE555DR Texas Instruments",
      "NE555N STMicroelectronics",
      "NE555P Texas Instruments",
    ]);
    expect((await searchMpn("atmega328p-pu")).results.map((r) => r.part.mpn)).toEqual(["ATMEGA328P-PU"]);
    expect((await searchMpn("LM358DR")).results[0]!.part.shortDescription).toBe("Dual op amp, 3-32 V, 700 kHz, 8-SOIC");
    expect(await searchMpn("NOT-A-PART-42")).toEqual({ hits: 0, results: [] });
  });

  it("gives sellers with stock and falling price breaks, the same on every request", async () => {
    const first = await searchMpn("STM32F103C8T6");
    expect(await searchMpn("STM32F103C8T6")).toEqual(first);
    const part = first.results[0]!.part;
    expect(part.sellers.length).toBeGreaterThanOrEqual(2);
    for (const seller of part.sellers) {
      const prices = seller.offers[0].prices as Array<{ quantity: number; price: number }>;
      expect(prices.length).toBeGreaterThanOrEqual(3);
      expect(prices.map((p) => p.quantity)).toEqual([...prices.map((p) => p.quantity)].sort((a, b) => a - b));
      for (let i = 1; i < prices.length; i++) expect(prices[i]!.price).toBeLessThan(prices[i - 1]!.price);
      expect(prices[0]!.price).toBeGreaterThan(1);
      expect(prices[0]!.price).toBeLessThan(10);
    }
    const authorized = await searchMpn("STM32F103C8T6", { authorizedOnly: true });
    expect(authorized.results[0]!.part.sellers.every((s: { isAuthorized: boolean }) => s.isAuthorized)).toBe(true);
    const eur = await searchMpn("STM32F103C8T6", { currency: "EUR" });
    const price = eur.results[0]!.part.sellers[0].offers[0].prices[0];
    expect(price).toMatchObject({ currency: "USD", convertedCurrency: "EUR" });
    expect(price.convertedPrice).toBeCloseTo(price.price * 0.92, 3);
  });

  it("matches a BOM line by line, each result carrying its query's reference, narrowing by manufacturer", async () => {
    const { supMultiMatch } = await query<{
      supMultiMatch: Array<{ reference: string; hits: number; parts: Array<{ mpn: string; manufacturer: { name: string } }> }>;
    }>(
      `query ($queries: [SupPartMatchQuery!]!, $authorizedOnly: Boolean = false) { supMultiMatch(queries: $queries) { reference hits parts { ${PART} } } }`,
      {
        queries: [
          { mpn: "BAV99", manufacturer: "Nexperia", reference: "7" },
          { mpn: "NO-SUCH-PART", reference: "3" },
          { mpn: "LM358", reference: "line-1", limit: 2 },
        ],
      },
    );
    expect(supMultiMatch.map((m) => [m.reference, m.hits, m.parts.map((p) => p.mpn)])).toEqual([
      ["7", 1, ["BAV99,215"]],
      ["3", 0, []],
      ["line-1", 3, ["LM358DR", "LM358N"]],
    ]);
  });

  it("free-text search looks at MPN, maker and description", async () => {
    const { supSearch } = await query<{ supSearch: { hits: number; results: Array<{ part: { mpn: string } }> } }>(
      `query { supSearch(q: "op amp texas", limit: 3) { hits results { part { mpn } } } }`,
    );
    expect(supSearch.hits).toBe(4);
    expect(supSearch.results.map((r) => r.part.mpn)).toEqual(["LM358DR", "LM358P", "TL072CP"]);
  });

  it("answers specs, datasheets and categories for a part; suggestions for a partial MPN; the category tree", async () => {
    const { supSearchMpn } = await query<{ supSearchMpn: { results: Array<{ part: any }> } }>(
      `query { supSearchMpn(q: "LM358DR", limit: 1) { results { part { mpn specs { attribute { shortname } displayValue } bestDatasheet { url pageCount mimeType } category { id name } } } } }`,
    );
    const part = supSearchMpn.results[0]!.part;
    expect(part.specs).toEqual([
      { attribute: { shortname: "case_package" }, displayValue: "8-SOIC" },
      { attribute: { shortname: "lifecyclestatus" }, displayValue: "Production" },
    ]);
    expect(part.bestDatasheet).toMatchObject({ url: expect.stringMatching(/^https:\/\/.*LM358DR.*\.pdf$/), mimeType: "application/pdf" });
    expect(part.category).toEqual({ id: "4245", name: "Amplifiers and Comparators" });
    const { supSuggest } = await query<{ supSuggest: Array<{ text: string; inManufacturerName: string }> }>(
      `query { supSuggest(q: "ne55") { text inManufacturerName } }`,
    );
    expect(supSuggest.map((s) => s.text)).toEqual(["NE555P", "NE555DR", "NE555N"]);
    const { supCategories } = await query<{ supCategories: Array<{ name: string; numParts: number }> }>(
      `query { supCategories { name numParts } }`,
    );
    expect(supCategories.length).toBeGreaterThanOrEqual(8);
    expect(supCategories.reduce((sum, c) => sum + c.numParts, 0)).toBe(STAND_IN_MPNS.length);
  });

  it("filters, sorts and aggregates a search over every hit", async () => {
    const search = (args: string) =>
      query<{
        supSearch: {
          hits: number;
          results: Array<{ part: { mpn: string; totalAvail: number } }>;
          manufacturerAgg: Array<{ company: { id: string; name: string }; count: number }>;
          categoryAgg: Array<{ category: { name: string }; count: number }>;
        };
      }>(
        `query { supSearch(${args}) { hits results { part { mpn totalAvail } } manufacturerAgg(size: 3) { company { id name } count } categoryAgg { category { name } count } } }`,
      ).then((d) => d.supSearch);
    const all = await search(`q: "op amp", limit: 20`);
    expect(all.manufacturerAgg[0]).toMatchObject({ company: { name: "Texas Instruments" }, count: 4 });
    expect(all.manufacturerAgg.reduce((sum, b) => sum + b.count, 0)).toBe(all.hits);
    expect(all.categoryAgg).toEqual([{ category: { name: "Amplifiers and Comparators" }, count: all.hits }]);
    const st = all.manufacturerAgg.find((b) => b.company.name === "STMicroelectronics")!;
    const onlySt = await search(`q: "op amp", filters: { manufacturer_id: ["${st.company.id}"] }`);
    expect(onlySt.hits).toBe(st.count);
    const byMpn = await search(`q: "op amp", sort: "mpn", sortDir: desc, limit: 20`);
    expect(byMpn.results.map((r) => r.part.mpn)).toEqual(
      all.results
        .map((r) => r.part.mpn)
        .sort()
        .reverse(),
    );
    const byStock = await search(`q: "op amp", sort: "avg_avail", sortDir: asc, limit: 20`);
    const stock = byStock.results.map((r) => r.part.totalAvail);
    expect(stock).toEqual([...stock].sort((a, b) => a - b));
  });

  it("answers Nexar's documented errors on demand and counts requests and parts billed", async () => {
    const server = await startNexarServer({ partLimit: 4 });
    try {
      const post = (body: unknown) =>
        fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer t" },
          body: JSON.stringify(body),
        });
      const search = { query: `query { supSearchMpn(q: "NE555", limit: 3) { hits results { part { mpn } } } }` };
      expect((await post(search)).status).toBe(200);
      expect(server.usage).toEqual({ requests: 1, parts: 3, lines: 0 });
      // Two more parts would pass the limit of 4: refused as Nexar does, and not billed.
      const refused = await post(search);
      expect(refused.status).toBe(500);
      expect(((await refused.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(
        /^You have exceeded your part limit of 4\./,
      );
      expect(server.usage.parts).toBe(3);
      server.fail("expired-token");
      server.fail("throttled");
      server.fail("http-503");
      const codes = [];
      for (let i = 0; i < 3; i++) {
        const answer = await post(search);
        codes.push(answer.status === 200 ? ((await answer.json()) as any).errors[0].extensions.code : answer.status);
      }
      expect(codes).toEqual(["AuthExpiredToken", "THROTTLED", 503]);
    } finally {
      await server.close();
    }
  });
});
