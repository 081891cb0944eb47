import { ConfigError } from "../errors.ts";
import { checkOptions, STATIC_TOKEN_OPTIONS, optionalNumber, requireHeaderValue, type OptionNames } from "../options.ts";
import type { TokenSource } from "../token-source.ts";
import { AccessToken } from "../token.ts";

export interface StaticTokenOptions {
  /** A token pasted from a vendor portal. */
  token: string;
  /** When it expires (Date or ms since the epoch); unknown by default. Once it has passed, calls fail (a ConfigError) instead of sending it. */
  expiresAt?: Date | number;
}

/**
 * A token someone obtained elsewhere. It cannot be renewed: after a 401 the client fails with
 * the API's answer instead of retrying with the same token forever.
 */
export function staticToken(options: StaticTokenOptions): TokenSource {
  return staticSource("staticToken", options, STATIC_TOKEN_OPTIONS);
}

/** The static source, its options checked under `owner`'s name (tokenAuth's options add its own). */
export function staticSource(owner: string, options: StaticTokenOptions, names: OptionNames): TokenSource {
  checkOptions(owner, options, names);
  // A pasted token often brings the line break it was copied with: refused here, by name, before any request.
  const value = requireHeaderValue(owner, "token", options.token, { secret: true });
  // Copied with its scheme from a curl line or a portal's example, it would go out as "Bearer Bearer …" and fail as a 401.
  if (/^bearer\s/i.test(value))
    throw new ConfigError("token", `${owner}: option "token" starts with "Bearer ": pass the token alone (the client writes the scheme)`);
  // A bearer token is ASCII (RFC 6750 §2.1): a Latin-1 character (an "ä", a no-break space from a web page) is a paste
  // error, which the API would answer with a bare 401. (Its echo is redacted all the same: secrets.ts knows that form.)
  if (/[\u0080-\u00ff]/.test(value))
    throw new ConfigError("token", `${owner}: option "token" contains a non-ASCII character, which a bearer token cannot hold (RFC 6750)`);
  const expiresAt = options.expiresAt instanceof Date ? options.expiresAt.getTime() : optionalNumber(owner, "expiresAt", options.expiresAt);
  if (expiresAt !== undefined && Number.isNaN(expiresAt))
    throw new ConfigError("expiresAt", `${owner}: option "expiresAt" is an invalid Date`);
  const token = new AccessToken({ value, type: "Bearer", obtainedAt: Date.now(), expiresAt: expiresAt ?? Number.MAX_SAFE_INTEGER });
  return {
    grant: "static",
    // Static tokens are never shared through a store: the key only has to be stable and secret-free.
    cacheKey: `static|${token.obtainedAt}`,
    // A token known to have expired is not sent: the API would answer a bare 401, and nothing here can renew it.
    getToken: async () => {
      if (expiresAt !== undefined && Date.now() >= expiresAt)
        throw new ConfigError(
          "token",
          `${owner}: the token expired at ${new Date(expiresAt).toISOString()} (option "expiresAt"); it cannot be renewed: pass a new one`,
        );
      return token;
    },
  };
}
