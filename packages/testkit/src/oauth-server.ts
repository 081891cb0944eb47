import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { OAuth2Server } from "oauth2-mock-server";
import { rememberToken } from "./secrets.ts";

export interface RecordedTokenRequest {
  body: Record<string, string>;
  headers: IncomingHttpHeaders;
}

/** A real OAuth 2.0 server (oauth2-mock-server) on a free loopback port, recording every token request. */
export async function startOAuthServer() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(0, "127.0.0.1");
  const url = server.issuer.url!;
  const requests: RecordedTokenRequest[] = [];
  // The mock signs identical claims within one second into identical tokens: make each one unique.
  server.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    token.payload.jti = randomUUID();
  });
  server.service.on("beforeResponse", (response: { body: any }, req: any) => {
    requests.push({ body: { ...req.body }, headers: { ...req.headers } });
    rememberToken(response.body?.access_token);
    rememberToken(response.body?.refresh_token);
  });
  return {
    server,
    service: server.service,
    url,
    tokenUrl: `${url}/token`,
    authorizeUrl: `${url}/authorize`,
    revokeUrl: `${url}/revoke`,
    requests,
    stop: () => server.stop(),
  };
}

export type OAuthTestServer = Awaited<ReturnType<typeof startOAuthServer>>;
