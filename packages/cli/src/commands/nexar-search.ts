import { fromEnv as nexarFromEnv, searchMpn } from "@vendor-clients/nexar";
import { usage } from "../errors.ts";
import { parse, tokenStore, type Io } from "../io.ts";

export const SEARCH_HELP = `Usage: vendor-clients nexar search <mpn> [--limit N] [--authorized-only] [--country CC] [--currency CUR] [--json] [--stand-ins]

Parts whose MPN matches <mpn>, each with up to five sellers: stock and the first price break.`;

export async function nexarSearch(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      limit: { type: "string" },
      "authorized-only": { type: "boolean" },
      country: { type: "string" },
      currency: { type: "string" },
      json: { type: "boolean" },
      "no-cache": { type: "boolean" },
    },
    SEARCH_HELP,
  );
  if (values.help) return (io.out(SEARCH_HELP), 0);
  const mpn = positionals[0];
  if (!mpn) throw usage(`missing <mpn>\n\n${SEARCH_HELP}`);
  const limit = values.limit === undefined ? 5 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw usage(`--limit must be a whole number from 1 to 100; got "${values.limit}"`);
  const store = tokenStore(values, io);
  const result = await searchMpn(nexarFromEnv(store ? { store } : {}, io.env), mpn, {
    limit,
    authorizedOnly: Boolean(values["authorized-only"]),
    ...(values.country ? { country: values.country } : {}),
    ...(values.currency ? { currency: values.currency } : {}),
  });
  if (values.json) return (io.out(JSON.stringify(result, null, 2)), 0);
  io.out(`${result.hits} hits for ${mpn}`);
  for (const { part } of result.results ?? []) {
    io.out(`\n${part.mpn} — ${part.manufacturer.name}: ${part.shortDescription}`);
    for (const seller of part.sellers.slice(0, 5)) {
      const offer = seller.offers[0];
      const price = offer?.prices[0];
      io.out(
        `  ${seller.company.name.padEnd(24)} ${seller.isAuthorized ? "authorized" : "          "} stock ${String(offer?.inventoryLevel ?? "-").padStart(8)}  ${price ? `${price.quantity}+ @ ${price.convertedPrice} ${price.convertedCurrency}` : ""}`,
      );
    }
  }
  return 0;
}
