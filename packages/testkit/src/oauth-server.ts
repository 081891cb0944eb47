import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { OAuth2Server } from "oauth2-mock-server";
import { rememberToken } from "./secrets.ts";

export interface RecordedTokenRequest {
  body: Record<string, string>;
  headers: IncomingHttpHeaders;
}

/** A client the server knows, as a vendor's authorization server knows the apps registered with it. */
export interface OAuthClient {
  id: string;
  /** Its secret; none for a public client (DSI's Client ID, sent alone as HTTP Basic). */
  secret?: string;
  /** For the password grant: the users it may log in, with their passwords. */
  users?: Readonly<Record<string, string>>;
  /** The scopes it may ask for; any when not given. */
  scopes?: readonly string[];
}

/** The client id and secret of a token request: HTTP Basic ("id" or "id:secret", form-encoded), else the form body. */
function clientOf(body: Record<string, string>, authorization: string | undefined): { id?: string; secret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const part = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));
    return colon < 0 ? { id: part(decoded) } : { id: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)) };
  }
  return { ...(body.client_id ? { id: body.client_id } : {}), ...(body.client_secret !== undefined ? { secret: body.client_secret } : {}) };
}

/**
 * What a real authorization server answers a token request it refuses (RFC 6749 §5.2), or
 * undefined when it issues the token: an unknown client or a wrong secret is 401 invalid_client,
 * a wrong user or password 400 invalid_grant, a scope the client may not have 400 invalid_scope.
 */
export function refusalOf(
  clients: readonly OAuthClient[],
  body: Record<string, string>,
  authorization: string | undefined,
): { statusCode: number; body: { error: string; error_description: string } } | undefined {
  const given = clientOf(body, authorization);
  const client = clients.find((c) => c.id === given.id);
  const refuse = (statusCode: number, error: string, error_description: string) => ({ statusCode, body: { error, error_description } });
  if (!client) return refuse(401, "invalid_client", given.id ? `unknown client "${given.id}"` : "no client authentication");
  if (client.secret !== undefined && given.secret !== client.secret) return refuse(401, "invalid_client", "client authentication failed");
  if (body.grant_type === "password" && client.users && client.users[body.username ?? ""] !== body.password)
    return refuse(400, "invalid_grant", "the user name or password is incorrect");
  const asked = (body.scope ?? "").split(/\s+/).filter(Boolean);
  const refused = client.scopes ? asked.filter((scope) => !client.scopes!.includes(scope)) : [];
  if (refused.length) return refuse(400, "invalid_scope", `scope not granted to this client: ${refused.join(" ")}`);
  return undefined;
}

/**
 * A real OAuth 2.0 server (oauth2-mock-server) on a free loopback port, recording every token
 * request. Given `clients`, it refuses as a vendor's server does what those clients may not do
 * (unknown client, wrong secret or password, a scope not granted); without, it issues a token to anyone.
 */
export async function startOAuthServer(options: { clients?: readonly OAuthClient[] } = {}) {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(0, "127.0.0.1");
  const url = server.issuer.url!;
  const requests: RecordedTokenRequest[] = [];
  // The mock signs identical claims within one second into identical tokens: make each one unique.
  server.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    token.payload.jti = randomUUID();
  });
  // First, so that the recorder below sees the answer as sent.
  if (options.clients)
    server.service.on("beforeResponse", (response: { body: any; statusCode: number }, req: any) => {
      const refusal = refusalOf(options.clients!, req.body ?? {}, req.headers?.authorization);
      if (refusal) Object.assign(response, refusal);
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
