import { VendorClientsError } from "@vendor-clients/auth";

/** One GraphQL error as Nexar reports it: where (path) and what kind (extensions.code). */
export interface NexarErrorDetail {
  message: string;
  path?: readonly (string | number)[];
  code?: string;
}

/**
 * A GraphQL request that came back with errors. `data` holds what the server could still
 * answer (GraphQL returns partial data), typed like a full result but possibly incomplete.
 */
export class NexarGraphQLError<TData = unknown> extends VendorClientsError {
  override name = "NexarGraphQLError";
  constructor(
    message: string,
    readonly errors: readonly NexarErrorDetail[],
    readonly data: TData | null,
    readonly status: number,
    readonly operationName: string | undefined,
  ) {
    super(message);
  }
}

export function toErrorDetails(errors: unknown): NexarErrorDetail[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((e: any) => ({
    message: typeof e?.message === "string" ? e.message : "unknown error",
    ...(Array.isArray(e?.path) ? { path: e.path } : {}),
    ...(typeof e?.extensions?.code === "string" ? { code: e.extensions.code } : {}),
  }));
}
