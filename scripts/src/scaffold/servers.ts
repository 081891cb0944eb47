import type { OpenApiDocument } from "../lib/openapi.ts";

/** An environment's name from a server's description: production unless it says sandbox, test, integration, staging… */
function environmentName(description: unknown, url: string): string {
  // A server on this machine is where the definition's authors ran it (ShipEngine's Order Source
  // definition names only http://localhost:3005), never production.
  const { hostname } = new URL(url);
  if (/^(localhost|127(\.\d+){3}|\[::1\])$/.test(hostname)) return "local";
  // The host without its top-level domain ("api.test" is no test environment).
  const host = hostname.split(".").slice(0, -1).join(".");
  const text = `${typeof description === "string" ? description : ""} ${host}`.toLowerCase();
  if (/\bprod(uction)?\b/.test(text)) return "production";
  if (/sandbox/.test(text)) return "sandbox";
  if (/\b(test|tem|cie|integration|uat|qa)\b|customer integration|-test|test-|-tem\b/.test(text)) return "test";
  if (/stag/.test(text)) return "staging";
  if (/\bdev(elopment)?\b/.test(text)) return "development";
  return "";
}

const trimmed = (url: string) => url.replace(/\/+$/, "");

/** Server URLs with variables filled in with their defaults; relative ones are dropped (they name no host). */
function serverUrls(document: OpenApiDocument): { url: string; description?: unknown }[] {
  return (Array.isArray(document.servers) ? document.servers : [])
    .map((server: any) => ({
      url: String(server?.url ?? "").replace(/\{(\w+)\}/g, (_, name: string) => String(server?.variables?.[name]?.default ?? "")),
      description: server?.description,
    }))
    .filter((server: { url: string }) => /^https?:\/\//.test(server.url));
}

/**
 * The API's base URL per environment, production first: from the definition's `servers` (named by
 * their descriptions or hosts: "Production", "Sandbox", "Customer Integration Environment" → test)
 * and a Swagger 2.0 definition's `x-host-<environment>` extensions (its host swapped for theirs; the
 * converted definition keeps host and basePath as its first server). `baseUrl` (--base-url) is
 * production whatever the definition says. No production when the definition names no server
 * with a host other than loopback (none, only relative ones, or only localhost, as ShipEngine's
 * published Connect definitions): the caller asks for --base-url rather than make up a host.
 */
export function environmentsOf(document: OpenApiDocument, baseUrl?: string): Record<string, string> {
  const servers = serverUrls(document);
  const environments: Record<string, string> = {};
  const named = servers.map((server) => ({ ...server, name: environmentName(server.description, server.url) }));
  const production =
    baseUrl ??
    named.find((s) => s.name === "production")?.url ??
    named.find((s) => !s.name)?.url ??
    named.find((s) => s.name !== "local")?.url;
  if (production === undefined) return {};
  environments.production = trimmed(production);
  for (const server of named) {
    const name = server.name || "";
    if (!name || name === "production" || environments[name] || trimmed(server.url) === environments.production) continue;
    environments[name] = trimmed(server.url);
  }
  const first = servers[0]?.url;
  for (const [key, value] of Object.entries(document)) {
    const match = /^x-host-([a-z][a-z0-9-]*)$/i.exec(key);
    if (!match || typeof value !== "string" || !first) continue;
    const name = match[1]!.toLowerCase();
    if (name === "production" || environments[name]) continue;
    const url = new URL(first);
    url.host = value.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    environments[name] = trimmed(url.href);
  }
  return environments;
}
