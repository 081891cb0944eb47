import type { BomLine, PartMatch } from "@vendor-clients/nexar";
import { parseCsv } from "./csv.ts";
import { usage } from "./errors.ts";

export type NumberedLine = BomLine & { row: number; quantity?: number };

/**
 * The lines of a BOM in CSV with a header row: an "mpn" (or "part number") or "sku" column;
 * optional "manufacturer"/"mfr" and "quantity"/"qty". `row` is the line number in the file.
 */
export function readBom(text: string, file: string): NumberedLine[] {
  const [header, ...rows] = parseCsv(text);
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => columns.findIndex((c) => names.includes(c));
  const [mpnAt, mfrAt, skuAt, qtyAt] = [
    col("mpn", "part number", "manufacturer part number"),
    col("manufacturer", "mfr"),
    col("sku"),
    col("quantity", "qty"),
  ];
  if (mpnAt < 0 && skuAt < 0)
    throw usage(`${file}: the header row needs an "mpn" (or "sku") column; found: ${columns.join(", ") || "nothing"}`);
  return rows.map((row, i) => {
    const line: NumberedLine = { row: i + 2 };
    const cell = (at: number) => (at >= 0 ? row[at]?.trim() : undefined) || undefined;
    const [mpn, sku, manufacturer, quantity] = [cell(mpnAt), cell(skuAt), cell(mfrAt), cell(qtyAt)];
    if (mpn) line.mpn = mpn;
    if (sku) line.sku = sku;
    if (manufacturer) line.manufacturer = manufacturer;
    if (quantity !== undefined) {
      const n = Number(quantity);
      if (!Number.isInteger(n) || n < 1) throw usage(`${file} line ${i + 2}: quantity must be a whole number above 0; got "${quantity}"`);
      line.quantity = n;
    }
    if (!line.mpn && !line.sku) throw usage(`${file} line ${i + 2}: no mpn or sku`);
    return line;
  });
}

export interface BomResult {
  row: number;
  mpn: string;
  manufacturer: string;
  quantity: number | "";
  hits: number;
  matchedMpn: string;
  matchedManufacturer: string;
  sellers: number;
  bestPrice: number | "";
  currency: string;
  bestSeller: string;
  error: string;
}

/**
 * One result row per BOM line: the first matched part, and the cheapest offer for the line's
 * quantity (each offer priced at its largest break not above the quantity, else its first break).
 */
export function summarize(matched: ReadonlyArray<{ line: NumberedLine; match: PartMatch | undefined }>): BomResult[] {
  return matched.map(({ line, match }) => {
    const part = match?.parts[0];
    const quantity = line.quantity ?? 1;
    const best = (part?.sellers ?? [])
      .flatMap((s) =>
        s.offers.map((offer) => ({
          seller: s.company.name,
          price: offer.prices.filter((p) => p.quantity <= quantity).at(-1) ?? offer.prices[0],
        })),
      )
      .filter((o) => o.price)
      .sort((a, b) => a.price!.convertedPrice - b.price!.convertedPrice)[0];
    return {
      row: line.row,
      mpn: line.mpn ?? "",
      manufacturer: line.manufacturer ?? "",
      quantity: line.quantity ?? "",
      hits: match?.hits ?? 0,
      matchedMpn: part?.mpn ?? "",
      matchedManufacturer: part?.manufacturer.name ?? "",
      sellers: part?.sellers.length ?? 0,
      bestPrice: best?.price?.convertedPrice ?? "",
      currency: best?.price?.convertedCurrency ?? "",
      bestSeller: best?.seller ?? "",
      error: match?.error ?? "",
    };
  });
}
