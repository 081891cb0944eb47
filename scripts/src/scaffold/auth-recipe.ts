import { CliError } from "../lib/errors.ts";
import type { OpenApiDocument } from "../lib/openapi.ts";
import { AUTH_KINDS, type AuthKind } from "./templates.ts";
import { escapePointer } from "../lib/json-pointer.ts";

/** How a scaffolded client authenticates, as far as the definition says it. */
export interface AuthRecipe {
  auth: AuthKind;
  tokenUrl?: string;
  clientAuthentication?: "body" | "basic";
  apiKey?: { name: string; in: "header" | "query" };
  /** The API key goes with the token on every call (a security requirement naming both). */
  apiKeyWithOAuth: boolean;
  /** Where each part came from, for the log. */
  notes: string[];
}

export interface AuthChoice {
  auth?: AuthKind;
  tokenUrl?: string;
}

/** Where the definition came from, for the notes' pointers: a Swagger 2.0 file was converted before it is read here. */
export interface AuthSource {
  convertedFrom?: "swagger-2.0";
}

const FLOW_FOR: Record<string, AuthKind> = { clientCredentials: "client-credentials", password: "password" };
/**
 * Flows that need a browser and a person: a program has no way through them, and in practice
 * their users send a token they got elsewhere (Netlify's implicit flow: a personal access token).
 */
const BROWSER_FLOWS = ["implicit", "authorizationCode"];
/** Swagger 2.0's names of the OpenAPI 3 flows (what swagger2openapi renamed). */
const SWAGGER_FLOW: Record<string, string> = { authorizationCode: "accessCode", clientCredentials: "application" };

const isHttpBearer = (scheme: any) => scheme?.type === "http" && String(scheme.scheme).toLowerCase() === "bearer";
const browserFlowOf = (scheme: any) => (scheme?.type === "oauth2" ? BROWSER_FLOWS.find((f) => scheme.flows?.[f] !== undefined) : undefined);

/** `x-tokenEndpointAuthMethod` (on the flow or the scheme): the RFC 7591 name of the client authentication method. */
function clientAuthenticationOf(scheme: any, flow: any, pointer: string, file: string): "body" | "basic" | undefined {
  const [value, where] =
    flow?.["x-tokenEndpointAuthMethod"] !== undefined
      ? [flow["x-tokenEndpointAuthMethod"], `${pointer}/x-tokenEndpointAuthMethod`]
      : [scheme?.["x-tokenEndpointAuthMethod"], pointer.replace(/\/flows\/[^/]+$/, "/x-tokenEndpointAuthMethod")];
  if (value === undefined) return undefined;
  if (value === "client_secret_basic") return "basic";
  if (value === "client_secret_post") return "body";
  throw new CliError(
    `${file} #${where}: ${JSON.stringify(value)} is not a client authentication method the clients support (client_secret_basic or client_secret_post)`,
  );
}

function absoluteTokenUrl(tokenUrl: string, document: OpenApiDocument, pointer: string, file: string): string {
  try {
    return new URL(tokenUrl).href;
  } catch {
    // Relative token URLs are relative to the API's server (DSI's /oauth2/token).
    const server = String(document.servers?.[0]?.url ?? "");
    try {
      return new URL(tokenUrl, server).href;
    } catch {
      throw new CliError(
        `${file} #${pointer}/tokenUrl: "${tokenUrl}" is relative and the definition has no absolute server URL to resolve it against; pass --token-url`,
        2,
      );
    }
  }
}

/**
 * Reads the auth recipe from the definition's security schemes and requirements: the OAuth
 * flow and token URL, the client authentication method from `x-tokenEndpointAuthMethod`, a token
 * the user brings (an http bearer scheme, or a flow that needs a browser where no flow a program
 * can follow exists), and an API key the requirement demands together with the token. What the
 * user passes wins.
 */
export function authRecipeOf(document: OpenApiDocument, file: string, choice: AuthChoice, source: AuthSource = {}): AuthRecipe {
  const schemes: Record<string, any> = document.components?.securitySchemes ?? {};
  /** Where a scheme (and flow) is in the file the user gave: Swagger 2.0 keeps them in securityDefinitions, the flow a field. */
  const whereIs = (name: string, flow?: string) =>
    source.convertedFrom === "swagger-2.0"
      ? `/securityDefinitions/${escapePointer(name)}${flow ? ` (flow "${SWAGGER_FLOW[flow] ?? flow}")` : ""}`
      : `/components/securitySchemes/${escapePointer(name)}${flow ? `/flows/${flow}` : ""}`;
  // A browser-only OAuth flow means a token the user brings, unless a flow a program can follow exists
  // (then that one is the client's; a person's flow beside it is for other apps).
  const programFlow = Object.values(schemes).some((s) => s?.type === "oauth2" && Object.keys(s.flows ?? {}).some((f) => FLOW_FOR[f]));
  const bearerScheme = (scheme: any) =>
    isHttpBearer(scheme) || (browserFlowOf(scheme) !== undefined && (!programFlow || choice.auth === "bearer-token"));
  const operations = Object.values<any>(document.paths ?? {}).flatMap((item) =>
    Object.values<any>(item ?? {}).filter((o) => o && typeof o === "object" && Array.isArray(o.security)),
  );
  // What the requirements say first; then schemes the definition declares but no requirement uses
  // (DSI's OAuth scheme guards no modelled call), OAuth before API keys.
  const tokenFirst = (name: string) => Number(schemes[name]?.type === "oauth2" || isHttpBearer(schemes[name]));
  const declared = Object.keys(schemes).sort((a, b) => tokenFirst(b) - tokenFirst(a));
  const requirements: Array<Record<string, unknown>> = [
    ...(Array.isArray(document.security) ? document.security : []),
    ...operations.flatMap((o) => o.security),
    ...declared.map((name) => ({ [name]: [] })),
  ];
  const notes: string[] = [];

  for (const requirement of requirements) {
    const names = Object.keys(requirement ?? {});
    const oauthName = names.find(
      (n) =>
        schemes[n]?.type === "oauth2" &&
        Object.keys(schemes[n].flows ?? {}).some((f) => FLOW_FOR[f] && (!choice.auth || FLOW_FOR[f] === choice.auth)),
    );
    const keyName = names.find((n) => schemes[n]?.type === "apiKey" && (schemes[n].in === "header" || schemes[n].in === "query"));
    const bearerName = oauthName ? undefined : names.find((n) => bearerScheme(schemes[n]));
    if (bearerName && (!choice.auth || choice.auth === "bearer-token")) {
      const scheme = schemes[bearerName];
      const flow = browserFlowOf(scheme);
      notes.push(
        `auth: bearer-token from ${whereIs(bearerName, flow)}${flow ? " (a flow that needs a browser: its users send a token they got elsewhere, such as a personal access token)" : " (http bearer)"}`,
      );
      if (keyName) notes.push(`auth: API key ${schemes[keyName].name} (${schemes[keyName].in}) required together with the token`);
      return {
        auth: "bearer-token",
        ...(keyName ? { apiKey: { name: schemes[keyName].name, in: schemes[keyName].in } } : {}),
        apiKeyWithOAuth: Boolean(keyName),
        notes,
      };
    }
    if (oauthName && choice.auth !== "api-key") {
      const scheme = schemes[oauthName];
      const flowName = Object.keys(scheme.flows).find((f) => FLOW_FOR[f] && (!choice.auth || FLOW_FOR[f] === choice.auth))!;
      const flow = scheme.flows[flowName];
      const pointer = `/components/securitySchemes/${escapePointer(oauthName)}/flows/${flowName}`;
      const clientAuthentication = flowName === "clientCredentials" ? clientAuthenticationOf(scheme, flow, pointer, file) : undefined;
      const tokenUrl = choice.tokenUrl ?? (flow.tokenUrl ? absoluteTokenUrl(String(flow.tokenUrl), document, pointer, file) : undefined);
      notes.push(`auth: ${FLOW_FOR[flowName]} from ${pointer}${choice.tokenUrl ? "" : `, token URL ${tokenUrl}`}`);
      if (clientAuthentication) notes.push(`auth: client authentication "${clientAuthentication}" from x-tokenEndpointAuthMethod`);
      if (keyName) notes.push(`auth: API key ${schemes[keyName].name} (${schemes[keyName].in}) required together with the token`);
      return {
        auth: FLOW_FOR[flowName]!,
        ...(tokenUrl ? { tokenUrl } : {}),
        ...(clientAuthentication ? { clientAuthentication } : {}),
        ...(keyName ? { apiKey: { name: schemes[keyName].name, in: schemes[keyName].in } } : {}),
        apiKeyWithOAuth: Boolean(keyName),
        notes,
      };
    }
    if (keyName && !oauthName && (!choice.auth || choice.auth === "api-key")) {
      notes.push(
        `auth: api-key ${schemes[keyName].name} (${schemes[keyName].in}) from /components/securitySchemes/${escapePointer(keyName)}`,
      );
      return { auth: "api-key", apiKey: { name: schemes[keyName].name, in: schemes[keyName].in }, apiKeyWithOAuth: false, notes };
    }
  }

  if (choice.auth) {
    // The definition does not say it (or says something else): the user's choice stands.
    const key = Object.values<any>(schemes).find((s) => s?.type === "apiKey" && (s.in === "header" || s.in === "query"));
    return {
      auth: choice.auth,
      ...(choice.tokenUrl ? { tokenUrl: choice.tokenUrl } : {}),
      ...(key ? { apiKey: { name: key.name, in: key.in } } : {}),
      apiKeyWithOAuth: false,
      notes: [`auth: ${choice.auth} as passed`],
    };
  }
  const offered = Object.entries<any>(schemes).map(
    ([n, s]) => `${n} (${s?.type}${s?.flows ? `: ${Object.keys(s.flows).join(", ")}` : ""})`,
  );
  throw new CliError(
    `${file}: the definition's security schemes do not say how a client authenticates${offered.length ? ` (it has ${offered.join("; ")})` : " (it has none)"}: new-vendor scaffolds ${AUTH_KINDS.join(", ")} clients; pass --auth (and --token-url for client-credentials or password)`,
    2,
  );
}
