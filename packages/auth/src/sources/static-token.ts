import { ConfigError } from "../errors.ts";
import { checkOptions, STATIC_TOKEN_OPTIONS, optionalNumber, requireString } from "../options.ts";
import type { TokenSource } from "../token-source.ts";
import { AccessToken } from "../token.ts";

export interface StaticTokenOptions {
  /** A token pasted from a vendor portal. */
  token: string;
  /** When it expires (Date or ms since the epoch); unknown by default. */
  expiresAt?: Date | number;
}

/**
 * A token someone obtained elsewhere. It cannot be renewed: after a 401 the client fails with
 * the API's answer instead of retrying with the same token forever.
 */
export function staticToken(options: StaticTokenOptions): TokenSource {
  checkOptions("staticToken", options, STATIC_TOKEN_OPTIONS);
  const value = requireString("staticToken", "token", options.token, { secret: true });
  const expiresAt =
    options.expiresAt instanceof Date ? options.expiresAt.getTime() : optionalNumber("staticToken", "expiresAt", options.expiresAt);
  if (expiresAt !== undefined && Number.isNaN(expiresAt))
    throw new ConfigError("expiresAt", 'staticToken: option "expiresAt" is an invalid Date');
  const token = new AccessToken({ value, type: "Bearer", obtainedAt: Date.now(), expiresAt: expiresAt ?? Number.MAX_SAFE_INTEGER });
  return {
    grant: "static",
    // Static tokens are never shared through a store: the key only has to be stable and secret-free.
    cacheKey: `static|${token.obtainedAt}`,
    getToken: async () => token,
  };
}
