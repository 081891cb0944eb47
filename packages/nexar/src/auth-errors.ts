import type { Middleware } from "@vendor-clients/auth";

/** Codes Nexar's GraphQL server (Hot Chocolate; `AuthExpiredToken` per Nexar's support articles) and others use for "no valid token". Not AUTH_NOT_AUTHORIZED: a new token cannot grant a missing permission. */
export const GRAPHQL_AUTH_CODES = new Set(["AUTH_NOT_AUTHENTICATED", "UNAUTHENTICATED", "AuthExpiredToken"]);

/**
 * GraphQL servers often report an expired token as HTTP 200 with an error in the body. This
 * step turns such an answer into the 401 it means, so the bearer step refreshes the token and
 * retries once, exactly as for an HTTP 401.
 */
export const graphqlAuthErrorsAsUnauthorized: Middleware = async (request, next) => {
  const response = await next(request);
  if (response.status !== 200 || !/json/i.test(response.headers.get("content-type") ?? "")) return response;
  const text = await response.text();
  let authError = false;
  try {
    const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    authError = Array.isArray(body.errors) && body.errors.some((e) => GRAPHQL_AUTH_CODES.has(String(e?.extensions?.code)));
  } catch {
    // Not JSON after all: hand it on untouched.
  }
  return new Response(text, {
    status: authError ? 401 : response.status,
    statusText: authError ? "Unauthorized" : response.statusText,
    headers: response.headers,
  });
};
