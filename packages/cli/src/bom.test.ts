import type { PartMatch } from "@vendor-clients/nexar";
import { describe, expect, it } from "vitest";
import { costAt, detectDelimiter, readBom, summarize } from "./bom.ts";

const offer = (
  seller: string,
  breaks: Array<[number, number]>,
  extra: { inventoryLevel?: number; moq?: number; orderMultiple?: number; isAuthorized?: boolean } = {},
) => ({
  company: { id: seller, name: seller },
  country: "US",
  isAuthorized: extra.isAuthorized ?? true,
  offers: [
    {
      sku: `${seller}-1`,
      inventoryLevel: extra.inventoryLevel ?? 100_000,
      moq: extra.moq ?? 1,
      orderMultiple: extra.orderMultiple ?? null,
      packaging: null,
      clickUrl: null,
      updated: null,
      factoryLeadDays: null,
      prices: breaks.map(([quantity, price]) => ({ quantity, price, currency: "USD", convertedPrice: price, convertedCurrency: "USD" })),
    },
  ],
});
const match = (sellers: ReturnType<typeof offer>[]) =>
  ({
    reference: "0",
    hits: 1,
    error: null,
    parts: [
      {
        id: "1",
        mpn: "NE555P",
        name: "",
        shortDescription: "",
        octopartUrl: "",
        totalAvail: 1,
        manufacturer: { id: "1", name: "Texas Instruments" },
        medianPrice1000: null,
        sellers,
      },
    ],
  }) as unknown as PartMatch;

describe("reading a BOM (csv-parse)", () => {
  it("reads lines with their file line numbers", () => {
    expect(readBom("MPN,Qty,Mfr\nNE555P,10,TI\n\nLM358,,\n", "bom.csv")).toEqual({
      lines: [
        { row: 2, mpn: "NE555P", quantity: 10, manufacturer: "TI" },
        { row: 4, mpn: "LM358" },
      ],
      bad: [],
      delimiter: ",",
    });
    // A quoted field over two lines: the row is the line it starts on.
    expect(readBom('mpn,qty\n"NE\n555",1\nLM358,2\n', "bom.csv").lines.map((l) => l.row)).toEqual([2, 4]);
  });

  it("reports every bad row with its line and keeps the good ones (no abort on the first)", () => {
    const { lines, bad } = readBom('mpn,qty\nNE555P,ten\n,3\nLM358,2\nab"c,1\nTL072,1,extra\nBAV99,0\nL7805,5\n', "bom.csv");
    expect(lines.map((l) => [l.row, l.mpn])).toEqual([
      [4, "LM358"],
      [8, "L7805"],
    ]);
    expect(bad).toEqual([
      { row: 2, message: 'quantity must be a whole number above 0; got "ten"' },
      { row: 3, message: "no mpn or sku" },
      { row: 5, message: expect.stringMatching(/^Invalid Opening Quote: a quote is found on field 0/) },
      { row: 6, message: "3 fields where the header has 2" },
      { row: 7, message: 'quantity must be a whole number above 0; got "0"' },
    ]);
  });

  it("refuses an unclosed quote, naming the line it opens on, instead of swallowing the rest of the file", () => {
    expect(() => readBom('mpn,qty\nNE555P,1\n"LM358,2\nTL072,1\nBAV99,3\n', "bom.csv")).toThrow(
      "bom.csv line 3: a quoted field opens here and is never closed, which would swallow the rest of the file (lines 3–5); refused",
    );
  });

  it("finds the delimiter in the header row, or takes the one named; a semicolon file read as comma gets a hint", () => {
    expect(detectDelimiter("mpn;qty;mfr\nNE555P;1;TI")).toBe(";");
    expect(detectDelimiter('"mpn, part";qty\n')).toBe(";");
    expect(detectDelimiter("mpn\tqty\n")).toBe("\t");
    expect(detectDelimiter("mpn\n")).toBe(",");
    expect(readBom("mpn;qty\nNE555P;10\n", "bom.csv")).toMatchObject({ lines: [{ row: 2, mpn: "NE555P", quantity: 10 }], delimiter: ";" });
    // European decimals need no quotes in a semicolon file.
    expect(readBom("mpn;qty;note\nNE555P;10;0,5 V\n", "bom.csv", { delimiter: ";" }).lines).toEqual([
      { row: 2, mpn: "NE555P", quantity: 10 },
    ]);
    expect(() => readBom("mpn;qty\nNE555P;10\n", "bom.csv", { delimiter: "," })).toThrow(
      'bom.csv: the header row needs an "mpn" (or "sku") column; found: mpn;qty (the file looks semicolon-separated: try --delimiter semicolon)',
    );
    expect(() => readBom("part,qty\nNE555P,1\n", "bom.csv")).toThrow(
      'bom.csv: the header row needs an "mpn" (or "sku") column; found: part, qty',
    );
  });
});

describe("the offer that can be bought", () => {
  it("buys at least the MOQ (or first break), in the order multiple, at that quantity's break", () => {
    const [plain] = offer("A", [
      [1, 0.5],
      [100, 0.3],
    ]).offers;
    expect(costAt(plain as never, 10)).toEqual({ buy: 10, unitPrice: 0.5, total: 5, currency: "USD" });
    expect(costAt(plain as never, 100)).toEqual({ buy: 100, unitPrice: 0.3, total: 30, currency: "USD" });
    const [reel] = offer("B", [[10, 0.2]], { moq: 10, orderMultiple: 25 }).offers;
    expect(costAt(reel as never, 3)).toEqual({ buy: 25, unitPrice: 0.2, total: 5, currency: "USD" });
    expect(costAt(reel as never, 30)).toEqual({ buy: 50, unitPrice: 0.2, total: 10, currency: "USD" });
  });

  it("ranks offers by total cost at the line's quantity, skips those without the stock, and keeps authorized sellers only when asked", () => {
    const sellers = [
      offer("Cheap but MOQ 1000", [[1000, 0.01]], { moq: 1000 }), // 10.00 for 10 parts
      offer("Fair", [
        [1, 0.5],
        [100, 0.3],
      ]), // 5.00 for 10
      offer("Cheaper, no stock", [[1, 0.1]], { inventoryLevel: 5 }),
      offer("Unauthorized", [[1, 0.2]], { isAuthorized: false }), // 2.00 for 10
    ];
    const [any] = summarize([{ line: { row: 2, mpn: "NE555P", quantity: 10 }, match: match(sellers) }]);
    expect(any).toMatchObject({ bestSeller: "Unauthorized", buyQuantity: 10, bestPrice: 0.2, totalPrice: 2, sellers: 4 });
    const [authorized] = summarize([{ line: { row: 2, mpn: "NE555P", quantity: 10 }, match: match(sellers) }], { authorizedOnly: true });
    expect(authorized).toMatchObject({ bestSeller: "Fair", buyQuantity: 10, bestPrice: 0.5, totalPrice: 5, sellers: 3, error: "" });
    const [many] = summarize([{ line: { row: 2, mpn: "NE555P", quantity: 2000 }, match: match(sellers) }], { authorizedOnly: true });
    expect(many).toMatchObject({ bestSeller: "Cheap but MOQ 1000", buyQuantity: 2000, totalPrice: 20 });
    const [none] = summarize([{ line: { row: 2, mpn: "NE555P", quantity: 1_000_000 }, match: match(sellers) }]);
    expect(none).toMatchObject({ bestSeller: "", totalPrice: "", error: "no offer has 1000000 in stock" });
  });

  it("a line whose batch failed carries the error; an unmatched line has no offer", () => {
    const [failed, unmatched] = summarize([
      { line: { row: 2, mpn: "NE555P" }, match: undefined, error: new Error("Nexar MultiMatch failed: HTTP 503") },
      { line: { row: 4, mpn: "NOPE" }, match: { reference: "2", hits: 0, error: null, parts: [] } as unknown as PartMatch },
    ]);
    expect(failed).toMatchObject({ hits: 0, matchedMpn: "", error: "Nexar MultiMatch failed: HTTP 503" });
    expect(unmatched).toMatchObject({ hits: 0, matchedMpn: "", bestPrice: "", bestSeller: "", sellers: 0, error: "" });
  });
});
