import { createIngramMicroClient } from "@vendor-clients/ingram-micro";
import { heapAfterGcMb } from "@vendor-clients/testkit";
import { ingramOptions, stubFetch } from "./shared.ts";

/** Heap after 100 000 requests through one client (stubbed fetch) compared with after 10 000. */
export async function memory(total = 100_000) {
  const client = createIngramMicroClient(ingramOptions("https://api.ingrammicro.com:443", stubFetch));
  const samples: Array<{ requests: number; heapMb: number }> = [];
  for (let i = 1; i <= total; i++) {
    await client.GET("/resellers/v6/catalog", { params: { query: { pageSize: 10 } } });
    if (i === 10_000 || i % 25_000 === 0) samples.push({ requests: i, heapMb: await heapAfterGcMb() });
  }
  return { samples, growthMb: Math.round((samples.at(-1)!.heapMb - samples[0]!.heapMb) * 10) / 10 };
}
