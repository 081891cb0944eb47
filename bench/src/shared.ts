import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export const CATALOG_BODY = JSON.stringify({
  recordsFound: 2,
  pageSize: 10,
  pageNumber: 1,
  catalog: [
    { ingramPartNumber: "3YU291", vendorPartNumber: "20XW00A0US", description: "ThinkPad X1 Carbon", vendorName: "LENOVO" },
    { ingramPartNumber: "4XV512", vendorPartNumber: "6B7Y2UT#ABA", description: "HP EliteBook 840", vendorName: "HP" },
  ],
});
export const TOKEN_BODY = JSON.stringify({ access_token: "bench-token-value", token_type: "Bearer", expires_in: 86400 });

/** A fetch that never touches the network: what is left to measure is the client's own overhead. */
export const stubFetch = async (input: RequestInfo | URL, _init?: RequestInit): Promise<Response> => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return new Response(url.includes("/token") ? TOKEN_BODY : CATALOG_BODY, { status: 200, headers: { "content-type": "application/json" } });
};

export const ingramOptions = (baseUrl: string, fetch?: typeof stubFetch) => ({
  clientId: "bench",
  clientSecret: "bench-secret",
  customerNumber: "20-222222",
  countryCode: "US",
  baseUrl,
  tokenUrl: `${baseUrl}/token`,
  // Ingram Micro's documented 60 calls a minute per endpoint would make this a benchmark of the
  // limiter: the comparisons measure the pipeline (the limiter has its own section, ratelimit).
  rateLimit: false as const,
  ...(fetch ? { fetch } : {}),
});

/** Keep-alive JSON server on loopback (its own process in the loopback section). */
export async function startJsonServer(port = 0) {
  const server = createServer((req, res) => {
    req.resume();
    const body = req.url?.includes("/token") ? TOKEN_BODY : CATALOG_BODY;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

export const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
