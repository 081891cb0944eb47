import { discard } from "../http/buffered-response.ts";
import { setWireHeader, setWireQuery, type Step } from "../http/core.ts";
import { attemptOf } from "../http/light-request.ts";
import { checkOptions, API_KEY_OPTIONS, optionalEnum, requireHeaderValue, requireString } from "../options.ts";
import { ConfigError } from "../errors.ts";

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
  /** The option the keys came from, for error messages (default "keys"). */
  option?: string;
}

/** Azure API Management: 401 "Access denied due to invalid subscription key…" (or "missing"). */
export async function isApiKeyRejection(response: Response): Promise<boolean> {
  if (response.status !== 401 && response.status !== 403) return false;
  const text = await response
    .clone()
    .text()
    .catch(() => "");
  return /subscription key|api[ -]?key/i.test(text);
}

/** The key values of an `apiKey` option, checked: non-empty, and fit for a header (no CR, LF or NUL). */
export function apiKeyValues(options: ApiKeyOptions): string[] {
  const option = options.option ?? "keys";
  const keys = (typeof options.keys === "string" ? [options.keys] : Array.isArray(options.keys) ? [...options.keys] : []).filter(
    (k): k is string => k !== undefined && k !== "",
  );
  if (!keys.length) throw new ConfigError(option, `apiKey: option "${option}" needs at least one non-empty key`);
  return keys.map((key, i) => requireHeaderValue("apiKey", keys.length > 1 ? `${option}[${i}]` : option, key, { secret: true }));
}

/**
 * Sends an API or subscription key with every request. With two keys it fails over once when
 * the gateway refuses the key in use, and keeps using the one that works: revoking or
 * regenerating one key of the pair never fails a call.
 */
export function apiKey(options: ApiKeyOptions): Step {
  checkOptions("apiKey", options, API_KEY_OPTIONS);
  const name = requireString("apiKey", "name", options.name);
  const location = optionalEnum("apiKey", "in", options.in, ["header", "query"] as const) ?? "header";
  const keys = apiKeyValues(options);
  const isKeyRejected = options.isKeyRejected ?? isApiKeyRejection;
  let active = 0;

  const send = (request: Request, key: string, next: (r: Request) => Promise<Response>, context: Parameters<Step>[2]) => {
    // On the wire only: the key never sits in the Request's URL, the response's URL or a message.
    if (location === "query") setWireQuery(context, name, key);
    else setWireHeader(context, name, key);
    return next(request);
  };

  return async (request, next, context) => {
    // Known to the core's scrubber, however this step was composed.
    context.core.secrets.add(...keys);
    const used = active;
    const response = await send(keys.length > 1 ? attemptOf(request) : request, keys[used]!, next, context);
    if (keys.length < 2 || !(await isKeyRejected(response))) return response;
    // Another request may already have switched; only switch away from the key that failed.
    if (active === used) active = (used + 1) % keys.length;
    await discard(response);
    return send(request, keys[active]!, next, context);
  };
}
