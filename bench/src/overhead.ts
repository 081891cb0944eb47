import { createIngramMicroClient, type paths } from "@vendor-clients/ingram-micro";
import axios from "axios";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { CATALOG_BODY, ingramOptions, round, stubFetch } from "./shared.ts";

export interface Row {
  name: string;
  opsPerSecond: number | null;
  note?: string;
}

/** Per-request overhead with fetch stubbed, as openapi-fetch's own benchmark measures it. */
export async function overhead(timeMs: number): Promise<Row[]> {
  const base = "https://api.ingrammicro.com:443";
  const bare = createClient<paths>({ baseUrl: base, fetch: stubFetch as never });
  const ours = createIngramMicroClient(ingramOptions(base, stubFetch));
  await ours.tokens.getToken();
  const ax = axios.create({
    baseURL: base,
    adapter: async (config) => ({
      data: CATALOG_BODY,
      status: 200,
      statusText: "OK",
      headers: { "content-type": "application/json" },
      config,
      request: {},
    }),
  });
  const query = { pageSize: 10, keyword: ["laptop"] };
  const bench = new Bench({ time: timeMs, warmup: true });
  bench
    .add("raw fetch (stubbed)", async () => {
      const response = await stubFetch(`${base}/resellers/v6/catalog?pageSize=10&keyword=laptop`, {
        headers: { accept: "application/json" },
      });
      await response.json();
    })
    .add("openapi-fetch, bare", async () => {
      await bare.GET("/resellers/v6/catalog", { params: { query } });
    })
    .add("vendor-clients (token, IM-* headers, retry, timeout)", async () => {
      await ours.GET("/resellers/v6/catalog", { params: { query } });
    })
    .add("axios", async () => {
      await ax.get("/resellers/v6/catalog", { params: query });
    });
  await bench.run();
  const rows: Row[] = bench.tasks.map((task) => ({
    name: task.name,
    opsPerSecond: round((task.result as { throughput?: { mean: number } }).throughput?.mean ?? 0),
  }));
  rows.push({
    name: "xi_sdk_resellers (official SDK)",
    opsPerSecond: null,
    note: "its HTTP layer is superagent, which takes no fetch: measured over loopback only",
  });
  return rows;
}
