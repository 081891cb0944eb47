import { VendorClientsError } from "@vendor-clients/auth";

/** One GraphQL error as Nexar reports it: where (path) and what kind (extensions.code). */
export interface NexarErrorDetail {
  message: string;
  path?: readonly (string | number)[];
  code?: string;
}

/**
 * Our code for Nexar's part-limit answer, which has no code of its own: HTTP 500 (Nexar: "subject
 * to change") and a message starting "You have exceeded your part limit" (support article "What
 * error is returned when the part limit is reached?"). Sending more supply queries cannot help.
 */
export const NEXAR_PART_LIMIT = "PART_LIMIT_EXCEEDED";
const PART_LIMIT_MESSAGE = /^You have exceeded your? part limit/i;

/**
 * A GraphQL request that came back with errors. `data` holds what the server could still
 * answer (GraphQL returns partial data), typed like a full result but possibly incomplete.
 */
export class NexarGraphQLError<TData = unknown> extends VendorClientsError {
  override name = "NexarGraphQLError";
  override readonly code = "NEXAR_GRAPHQL";
  constructor(
    message: string,
    readonly errors: readonly NexarErrorDetail[],
    readonly data: TData | null,
    /** The HTTP status Nexar answered with: 200 for GraphQL errors in a normal answer (an expired token too), 500 for the part limit. */
    readonly status: number,
    readonly operationName: string | undefined,
  ) {
    super(message);
  }

  /** The first GraphQL error's own code (`AuthExpiredToken`, `AuthInvalidToken`, `PART_LIMIT_EXCEEDED`…), if any; `code` is this class's. */
  get vendorCode(): string | undefined {
    return this.errors.find((e) => e.code !== undefined)?.code;
  }

  /**
   * The fields the errors are at, by name (`factoryLeadDays` for a plan without Lead Time): the
   * rest of the answer is in `data`, with those fields null. Drop them (fragment options such as
   * `leadTime: false`) or use `requestWithErrors` to take the rest.
   */
  get fields(): string[] {
    return [...new Set(this.errors.flatMap((e) => (e.path ? [e.path.filter((p): p is string => typeof p === "string").at(-1)!] : [])))];
  }

  /** The plan's part limit is reached: no supply query will answer until it resets or grows. */
  get partLimitReached(): boolean {
    return this.errors.some((e) => e.code === NEXAR_PART_LIMIT);
  }
}

export function toErrorDetails(errors: unknown): NexarErrorDetail[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((e: any) => ({
    message: typeof e?.message === "string" ? e.message : "unknown error",
    ...(Array.isArray(e?.path) ? { path: e.path } : {}),
    ...(typeof e?.extensions?.code === "string"
      ? { code: e.extensions.code }
      : typeof e?.message === "string" && PART_LIMIT_MESSAGE.test(e.message)
        ? { code: NEXAR_PART_LIMIT }
        : {}),
  }));
}
