import { CliError } from "../lib/errors.ts";
import type { OpenApiDocument } from "../lib/openapi.ts";
import type { AuthKind } from "./templates.ts";
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

const FLOW_FOR: Record<string, AuthKind> = { clientCredentials: "client-credentials", password: "password" };

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
 * flow and token URL, the client authentication method from `x-tokenEndpointAuthMethod`, and an
 * API key the requirement demands together with the token. What the user passes wins.
 */
export function authRecipeOf(document: OpenApiDocument, file: string, choice: AuthChoice): AuthRecipe {
  const schemes: Record<string, any> = document.components?.securitySchemes ?? {};
  const operations = Object.values<any>(document.paths ?? {}).flatMap((item) =>
    Object.values<any>(item ?? {}).filter((o) => o && typeof o === "object" && Array.isArray(o.security)),
  );
  // What the requirements say first; then schemes the definition declares but no requirement uses
  // (DSI's OAuth scheme guards no modelled call), OAuth before API keys.
  const declared = Object.keys(schemes).sort((a, b) => Number(schemes[b]?.type === "oauth2") - Number(schemes[a]?.type === "oauth2"));
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
    `${file}: the definition's security schemes do not say how a client authenticates${offered.length ? ` (it has ${offered.join("; ")})` : " (it has none)"}: new-vendor scaffolds client-credentials, password or api-key clients; pass --auth (and --token-url)`,
    2,
  );
}
