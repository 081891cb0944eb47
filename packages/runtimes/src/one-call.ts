import { createIngramMicroClient } from "@vendor-clients/ingram-micro";

/** Where the stand-ins listen and who calls; every runtime's entry hands these over its own way. */
export interface OneCallConfig {
  tokenUrl: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface OneCallResult {
  status: number;
  recordsFound: number | undefined;
  parts: string[];
}

/**
 * The program a user writes, and nothing more: one client from the public API, one typed call.
 * It must run unchanged on every runtime the README names, so it uses only what they all have.
 */
export async function oneCall(config: OneCallConfig): Promise<OneCallResult> {
  const im = createIngramMicroClient({ ...config, customerNumber: "20-222222", countryCode: "US" });
  const { data, error, response } = await im.GET("/resellers/v6/catalog", { params: { query: { keyword: ["laptop"], pageSize: 10 } } });
  if (error) throw new Error(`catalog search failed: HTTP ${response.status} ${JSON.stringify(error)}`);
  return { status: response.status, recordsFound: data?.recordsFound, parts: (data?.catalog ?? []).map((p) => p.ingramPartNumber ?? "?") };
}
