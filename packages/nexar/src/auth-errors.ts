import type { Step } from "@vendor-clients/auth";
import { restatus } from "@vendor-clients/auth/internal";

/**
 * Codes Nexar's GraphQL server (Hot Chocolate; `AuthExpiredToken` and `AuthInvalidToken` per
 * Nexar's "Application access token" article) and others use for "no valid token". Each leads to
 * one token refresh and one retry (a stale stored token gets replaced; a second refusal is final).
 * Not AUTH_NOT_AUTHORIZED: a new token cannot grant a missing permission.
 */
export const GRAPHQL_AUTH_CODES = new Set(["AUTH_NOT_AUTHENTICATED", "UNAUTHENTICATED", "AuthExpiredToken", "AuthInvalidToken"]);

/** The header that carries the HTTP status Nexar sent when an answer was read as a 401 (it stays inside the client). */
export const ORIGINAL_STATUS_HEADER = "x-vendor-clients-original-status";

/**
 * GraphQL servers often report an expired token as HTTP 200 with an error in the body. This
 * step turns such an answer into the 401 it means, so the bearer step refreshes the token and
 * retries once, exactly as for an HTTP 401.
 */
export const graphqlAuthErrorsAsUnauthorized: Step = async (request, next) =>
  restatus(await next(request), (body) => {
    const errors = (body as { errors?: Array<{ extensions?: { code?: unknown } }> } | null)?.errors;
    const expired = Array.isArray(errors) && errors.some((e) => GRAPHQL_AUTH_CODES.has(String(e?.extensions?.code)));
    return expired ? { status: 401, statusText: "Unauthorized", headers: { [ORIGINAL_STATUS_HEADER]: "200" } } : undefined;
  });
