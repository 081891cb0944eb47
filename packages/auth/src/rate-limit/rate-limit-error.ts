import { VendorClientsError } from "../errors.ts";

/**
 * A request would have had to wait longer than `maxWaitMs` for its budget (or for a server's
 * pause), so it was not sent. Names the limit, the key and the wait; keys hold no secret.
 */
export class RateLimitError extends VendorClientsError {
  override name = "RateLimitError";
  override readonly code = "RATE_LIMITED";
  constructor(
    message: string,
    /** The budget's key, e.g. `ingram-micro|GET /resellers/v6/catalog`. */
    readonly key: string,
    /** The limit that held it back, e.g. "60 per 1 min", or "paused by the server". */
    readonly limit: string,
    /** How long the request would have had to wait. */
    readonly waitMs: number,
    readonly maxWaitMs: number,
  ) {
    super(message);
  }
}
