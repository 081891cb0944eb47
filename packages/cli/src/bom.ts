import type { BomLine, PartMatch } from "@vendor-clients/nexar";
import { CsvError, parse, type Info } from "csv-parse/sync";
import { usage } from "./errors.ts";

export type NumberedLine = BomLine & { row: number; quantity?: number };

/** A row of the file that is not a BOM line, with the file's line number and what is wrong. */
export interface BadRow {
  row: number;
  message: string;
}

export interface ReadBom {
  lines: NumberedLine[];
  /** Every row that could not be read, each with its line: the others are still matched. */
  bad: BadRow[];
  /** The delimiter used: the one named, or the one found in the header row. */
  delimiter: string;
}

const CANDIDATES = [",", ";", "\t", "|"] as const;

/** The delimiter of the header row: the candidate it holds most often outside quotes (a comma when none). */
export function detectDelimiter(text: string): string {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const outside = header.replace(/"[^"]*"/g, "");
  const counts = CANDIDATES.map((c) => outside.split(c).length - 1);
  const most = Math.max(...counts);
  return most > 0 ? CANDIDATES[counts.indexOf(most)]! : ",";
}

const delimiterName = (d: string) => (d === "\t" ? "tab" : d === ";" ? "semicolon" : d === "|" ? "pipe" : "comma");

/** A `--delimiter` value: one character, or its name. */
export function parseDelimiter(value: string): string {
  const named: Record<string, string> = { comma: ",", semicolon: ";", tab: "\t", "\\t": "\t", pipe: "|" };
  const delimiter = named[value.toLowerCase()] ?? value;
  if ([...delimiter].length !== 1 || /["\r\n]/.test(delimiter))
    throw usage(`--delimiter must be one character (or comma, semicolon, tab, pipe); got "${value}"`);
  return delimiter;
}

/** The first line of a record: `info.lines` is where it ends, and a quoted field may span lines. */
const firstLine = (info: Info, raw: string) =>
  info.lines -
  (raw
    .replace(/^[\r\n]+/, "")
    .replace(/\r?\n$/, "")
    .match(/\n/g)?.length ?? 0);

/**
 * The lines of a BOM in CSV with a header row: an "mpn" (or "part number") or "sku" column;
 * optional "manufacturer"/"mfr" and "quantity"/"qty". Read by csv-parse: the delimiter is the
 * one given or the header row's (comma, semicolon, tab, pipe); every row that cannot be read is
 * reported with its line and the others are kept. A quote that never closes would swallow the
 * rest of the file: the file is refused, naming the line where the quote opens.
 */
export function readBom(text: string, file: string, options: { delimiter?: string } = {}): ReadBom {
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const bad: BadRow[] = [];
  let records: Array<{ record: string[]; info: Info; raw: string }>;
  let lastLine = 0;
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        // The parser's own message, less its "at line N" (the line comes first, as for every bad row).
        if (error) {
          bad.push({ row: Number(error.lines), message: error.message.replace(/ (?:at|on) line \d+/, "") });
          lastLine = Number(error.lines);
        }
        return undefined;
      },
      on_record: (record, context) => ((lastLine = context.lines), record),
    }) as never;
  } catch (error) {
    if (error instanceof CsvError && error.code === "CSV_QUOTE_NOT_CLOSED")
      throw usage(
        `${file} line ${lastLine + 1}: a quoted field opens here and is never closed, which would swallow the rest of the file (lines ${lastLine + 1}–${String(error.lines)}); refused`,
      );
    throw usage(`${file}: not readable as CSV: ${(error as Error).message}`);
  }
  // A quote that never closes is reported by on_skip when skipping is on: refuse the file as well.
  const unclosed = bad.find((b) => /Quote Not Closed/.test(b.message));
  if (unclosed) {
    const opened = Math.max(0, ...records.map((r) => r.info.lines), ...bad.filter((b) => b !== unclosed).map((b) => b.row)) + 1;
    throw usage(
      `${file} line ${opened}: a quoted field opens here and is never closed, which would swallow the rest of the file (lines ${opened}–${unclosed.row}); refused`,
    );
  }
  const [header, ...rows] = records;
  const columns = (header?.record ?? []).map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => columns.findIndex((c) => names.includes(c));
  const [mpnAt, mfrAt, skuAt, qtyAt] = [
    col("mpn", "part number", "manufacturer part number"),
    col("manufacturer", "mfr"),
    col("sku"),
    col("quantity", "qty"),
  ];
  if (mpnAt < 0 && skuAt < 0) {
    const hint =
      columns.length === 1 && delimiter === "," && /[;\t|]/.test(columns[0]!)
        ? ` (the file looks ${delimiterName(detectDelimiter(columns[0]!))}-separated: try --delimiter ${delimiterName(detectDelimiter(columns[0]!))})`
        : "";
    throw usage(`${file}: the header row needs an "mpn" (or "sku") column; found: ${columns.join(", ") || "nothing"}${hint}`);
  }
  const lines: NumberedLine[] = [];
  for (const { record, info, raw } of rows) {
    const row = firstLine(info, raw);
    const cell = (at: number) => (at >= 0 ? record[at]?.trim() : undefined) || undefined;
    const [mpn, sku, manufacturer, quantity] = [cell(mpnAt), cell(skuAt), cell(mfrAt), cell(qtyAt)];
    if (record.length > columns.length) {
      bad.push({ row, message: `${record.length} fields where the header has ${columns.length}` });
      continue;
    }
    const line: NumberedLine = { row };
    if (mpn) line.mpn = mpn;
    if (sku) line.sku = sku;
    if (manufacturer) line.manufacturer = manufacturer;
    if (quantity !== undefined) {
      const n = Number(quantity);
      if (!Number.isInteger(n) || n < 1) {
        bad.push({ row, message: `quantity must be a whole number above 0; got "${quantity}"` });
        continue;
      }
      line.quantity = n;
    }
    if (!line.mpn && !line.sku) {
      bad.push({ row, message: "no mpn or sku" });
      continue;
    }
    lines.push(line);
  }
  bad.sort((a, b) => a.row - b.row);
  return { lines, bad, delimiter };
}

type Offer = PartMatch["parts"][number]["sellers"][number]["offers"][number];

/** What buying `quantity` from an offer takes: at least its MOQ, in its order multiple, at its price break. */
export function costAt(offer: Offer, quantity: number) {
  const multiple = offer.orderMultiple && offer.orderMultiple > 1 ? offer.orderMultiple : 1;
  const breaks = [...offer.prices].sort((a, b) => a.quantity - b.quantity);
  // A price break's quantity is the least that price is sold at: below the first break, buy the first break.
  let buy = Math.max(quantity, offer.moq ?? 1, breaks[0]?.quantity ?? 1);
  buy = Math.ceil(buy / multiple) * multiple;
  const price = breaks.filter((p) => p.quantity <= buy).at(-1);
  if (!price) return undefined;
  return {
    buy,
    unitPrice: price.convertedPrice,
    total: Math.round(price.convertedPrice * buy * 10_000) / 10_000,
    currency: price.convertedCurrency,
  };
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
  bestSeller: string;
  sku: string;
  /** What must be bought: the quantity raised to the MOQ (or first price break) and the order multiple. */
  buyQuantity: number | "";
  /** The unit price at buyQuantity's price break. */
  bestPrice: number | "";
  totalPrice: number | "";
  currency: string;
  stock: number | "";
  /** The other parts matched (with --limit above 1). */
  alternatives: string;
  /** Why the line has no offer, or why it was not matched (its batch's error, a bad row). */
  error: string;
}

export interface SummarizeOptions {
  /** Keep only sellers the manufacturer authorizes (whatever the API returned). */
  authorizedOnly?: boolean;
}

/**
 * One result row per BOM line: the first matched part, and the offer that can be bought cheapest
 * at the line's quantity: enough stock, the MOQ and order multiple honoured, ranked by total cost
 * (an offer that needs 10 at 0.30 beats one that sells 1 at 0.50 only when 3.00 < 0.50 × quantity).
 */
export function summarize(
  matched: ReadonlyArray<{ line: NumberedLine; match: PartMatch | undefined; error?: Error | undefined }>,
  options: SummarizeOptions = {},
): BomResult[] {
  return matched.map(({ line, match, error }) => {
    const part = match?.parts[0];
    const quantity = line.quantity ?? 1;
    const sellers = (part?.sellers ?? []).filter((s) => !options.authorizedOnly || s.isAuthorized);
    const offers = sellers.flatMap((s) => s.offers.map((offer) => ({ seller: s.company.name, offer, cost: costAt(offer, quantity) })));
    const buyable = offers
      .filter((o) => o.cost && o.offer.inventoryLevel >= o.cost.buy)
      .sort((a, b) => a.cost!.total - b.cost!.total || a.seller.localeCompare(b.seller));
    const best = buyable[0];
    const why = error
      ? error.message
      : (match?.error ??
        (part && !best ? `no offer${options.authorizedOnly ? " from an authorized seller" : ""} has ${quantity} in stock` : ""));
    return {
      row: line.row,
      mpn: line.mpn ?? "",
      manufacturer: line.manufacturer ?? "",
      quantity: line.quantity ?? "",
      hits: match?.hits ?? 0,
      matchedMpn: part?.mpn ?? "",
      matchedManufacturer: part?.manufacturer.name ?? "",
      sellers: sellers.length,
      bestSeller: best?.seller ?? "",
      sku: best?.offer.sku ?? "",
      buyQuantity: best?.cost?.buy ?? "",
      bestPrice: best?.cost?.unitPrice ?? "",
      totalPrice: best?.cost?.total ?? "",
      currency: best?.cost?.currency ?? "",
      stock: best?.offer.inventoryLevel ?? "",
      alternatives: (match?.parts ?? [])
        .slice(1)
        .map((p) => p.mpn)
        .join(" "),
      error: why,
    };
  });
}

/** A row for a line of the file that could not be read: every line of the file is accounted for. */
export const badRowResult = (bad: BadRow): BomResult => ({
  row: bad.row,
  mpn: "",
  manufacturer: "",
  quantity: "",
  hits: 0,
  matchedMpn: "",
  matchedManufacturer: "",
  sellers: 0,
  bestSeller: "",
  sku: "",
  buyQuantity: "",
  bestPrice: "",
  totalPrice: "",
  currency: "",
  stock: "",
  alternatives: "",
  error: `bad row: ${bad.message}`,
});
