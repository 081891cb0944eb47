import { ConfigError } from "../errors.ts";
import { requireString } from "../options.ts";
import { attemptOf, withUrl, type Middleware } from "./pipeline.ts";

export interface ApiKeyOptions {
  /** Header or query parameter name: `Ocp-Apim-Subscription-Key`, `subscription-key`, `x-api-key`. */
  name: string;
  in?: "header" | "query";
  /** One key, or a primary/secondary pair (Azure API Management issues two; either works). */
  keys: string | readonly [string, string?];
  /**
   * Whether a response says the key itself was refused (as opposed to the token). Default:
   * 401 or 403 whose body speaks of a subscription or API key, as Azure API Management answers.
   */
  isKeyRejected?: (response: Response) => Promise<boolean>;
}

/** Azure API Management: 401 "Access denied due to invalid subscription key…" (or "missing"). */
export async function isApiKeyRejection(response: Response): Promise<boolean> {
  if (response.status !== 401 && response.status !== 403) return false;
  const text = await response.clone().text().catch(() => "");
  return /subscription key|api[ -]?key/i.test(text);
}

/**
 * Sends an API or subscription key with every request. With two keys it fails over once when
 * the gateway refuses the key in use, and keeps using the one that works: revoking or
 * regenerating one key of the pair never fails a call.
 */
export function apiKey(options: ApiKeyOptions): Middleware {
  const name = requireString("apiKey", "name", options?.name);
  const location = options.in ?? "header";
  if (location !== "header" && location !== "query") throw new ConfigError("in", `apiKey: option "in" must be "header" or "query"; got ${JSON.stringify(location)}`);
  const keys = (typeof options.keys === "string" ? [options.keys] : [...(options.keys ?? [])]).filter((k): k is string => k !== undefined && k !== "");
  if (!keys.length) throw new ConfigError("keys", 'apiKey: option "keys" needs at least one non-empty key');
  keys.forEach((key, i) => requireString("apiKey", `keys[${i}]`, key, { secret: true }));
  const isKeyRejected = options.isKeyRejected ?? isApiKeyRejection;
  let active = 0;

  const withKey = (request: Request, key: string): Request => {
    if (location === "query") {
      const url = new URL(request.url);
      url.searchParams.set(name, key);
      return withUrl(request, url);
    }
    const attempt = attemptOf(request);
    attempt.headers.set(name, key);
    return attempt;
  };

  return async (request, next) => {
    const used = active;
    const response = await next(withKey(request, keys[used]!));
    if (keys.length < 2 || !(await isKeyRejected(response))) return response;
    // Another request may already have switched; only switch away from the key that failed.
    if (active === used) active = (used + 1) % keys.length;
    await response.body?.cancel();
    return next(withKey(request, keys[active]!));
  };
}
