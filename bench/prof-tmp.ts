import { createIngramMicroClient } from "@vendor-clients/ingram-micro";
import createClient from "openapi-fetch";
import { ingramOptions, stubFetch } from "./src/shared.ts";
const base = "https://api.ingrammicro.com:443";
const ours = createIngramMicroClient(ingramOptions(base, stubFetch));
const bare = createClient<any>({ baseUrl: base, fetch: stubFetch as never });
await ours.tokens.getToken();
const query = { pageSize: 10, keyword: ["laptop"] };
const runs = { bare: () => bare.GET("/resellers/v6/catalog", { params: { query } }), ours: () => ours.GET("/resellers/v6/catalog", { params: { query } }) };
const best: Record<string, number> = { bare: Infinity, ours: Infinity };
for (let round = 0; round < 8; round++)
  for (const [name, run] of Object.entries(runs)) {
    const N = 10000;
    const t = performance.now();
    for (let i = 0; i < N; i++) await run();
    best[name] = Math.min(best[name]!, ((performance.now() - t) * 1000) / N);
  }
console.log(Object.entries(best).map(([k, v]) => `${k} ${v.toFixed(2)} µs`).join(", "), "ratio", (best.bare! / best.ours!).toFixed(2));
