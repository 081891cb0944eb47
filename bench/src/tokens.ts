import { clientCredentials, TokenCache } from "@vendor-clients/auth";
import { round, startJsonServer } from "./shared.ts";

export interface TokenRow {
  scenario: string;
  tokenRequests: number;
  target: string;
}

/** Token requests: a cold stampede, and a simulated day of traffic across expiries. */
export async function tokenRequests(): Promise<TokenRow[]> {
  let issued = 0;
  const counting = async (input: RequestInfo | URL, init?: RequestInit) => {
    issued++;
    return fetch(input, init);
  };
  const server = await startJsonServer();
  try {
    const cold = new TokenCache(clientCredentials({ tokenUrl: `${server.url}/token`, clientId: "c", clientSecret: "s", fetch: counting }));
    await Promise.all(Array.from({ length: 1000 }, () => cold.getToken()));
    const stampede = issued;

    // A day, one call a minute, with 1-hour tokens: Date.now is moved by hand, the token server is real.
    issued = 0;
    const realNow = Date.now;
    let now = realNow();
    Date.now = () => now;
    try {
      const hourly = async (input: RequestInfo | URL, init?: RequestInit) => {
        issued++;
        await (await fetch(input, init)).body?.cancel();
        return new Response(JSON.stringify({ access_token: `t${issued}`, token_type: "Bearer", expires_in: 3600 }), {
          headers: { "content-type": "application/json" },
        });
      };
      const day = new TokenCache(clientCredentials({ tokenUrl: `${server.url}/token`, clientId: "c", clientSecret: "s", fetch: hourly }));
      for (let minute = 0; minute < 24 * 60; minute++) {
        await day.getToken();
        await new Promise((r) => setImmediate(r)); // let a background refresh finish
        now += 60_000;
      }
    } finally {
      Date.now = realNow;
    }
    return [
      { scenario: "1000 concurrent callers, cold cache", tokenRequests: stampede, target: "1" },
      {
        scenario: "24 h of calls (1/min), 1 h tokens, 5 min refresh margin",
        tokenRequests: issued,
        target: `≈ one per lifetime (${round((24 * 60) / 55, 1)} with refresh at 55 min)`,
      },
    ];
  } finally {
    await server.close();
  }
}
