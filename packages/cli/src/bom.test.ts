import type { PartMatch } from "@vendor-clients/nexar";
import { describe, expect, it } from "vitest";
import { readBom, summarize } from "./bom.ts";

const offer = (seller: string, breaks: Array<[number, number]>) => ({
  company: { id: seller, name: seller },
  country: "US",
  isAuthorized: true,
  offers: [
    {
      sku: `${seller}-1`,
      inventoryLevel: 100,
      moq: 1,
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

describe("BOM", () => {
  it("reads lines with their file line numbers, and names the file and line of a bad one", () => {
    expect(readBom("MPN,Qty,Mfr\nNE555P,10,TI\nLM358,,\n", "bom.csv")).toEqual([
      { row: 2, mpn: "NE555P", quantity: 10, manufacturer: "TI" },
      { row: 3, mpn: "LM358" },
    ]);
    expect(() => readBom("part,qty\nNE555P,1\n", "bom.csv")).toThrow(
      'bom.csv: the header row needs an "mpn" (or "sku") column; found: part, qty',
    );
    expect(() => readBom("mpn,qty\nNE555P,ten\n", "bom.csv")).toThrow('bom.csv line 2: quantity must be a whole number above 0; got "ten"');
    expect(() => readBom("mpn,qty\n,3\n", "bom.csv")).toThrow("bom.csv line 2: no mpn or sku");
  });

  it("prices each offer at the largest break the line's quantity reaches and picks the cheapest", () => {
    const sellers = [
      offer("A", [
        [1, 0.5],
        [100, 0.3],
      ]),
      offer("B", [
        [1, 0.45],
        [1000, 0.2],
      ]),
    ];
    const [few, many, unmatched] = summarize([
      { line: { row: 2, mpn: "NE555P", quantity: 10 }, match: match(sellers) },
      { line: { row: 3, mpn: "NE555P", quantity: 250 }, match: match(sellers) },
      { line: { row: 4, mpn: "NOPE" }, match: { reference: "2", hits: 0, error: null, parts: [] } as unknown as PartMatch },
    ]);
    expect(few).toMatchObject({ matchedMpn: "NE555P", sellers: 2, bestPrice: 0.45, bestSeller: "B", currency: "USD" });
    expect(many).toMatchObject({ bestPrice: 0.3, bestSeller: "A" });
    expect(unmatched).toMatchObject({ hits: 0, matchedMpn: "", bestPrice: "", bestSeller: "", sellers: 0 });
  });
});
