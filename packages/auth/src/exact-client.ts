// Type-only: nothing here exists at run time.
import type { Client, FetchOptions, FetchResponse, ParseAs } from "openapi-fetch";

/**
 * openapi-fetch infers each call's `init` from the argument itself (`Init extends
 * MaybeOptionalInit<…>`) and adds `[key: string]: unknown` to it, so a misspelled key beside a
 * valid one in `params.query`, `params.path`, `params.header` or a JSON body is never excess
 * (openapi-ts/openapi-typescript#2329). Here `init` is typed by the operation's own options, not
 * inferred: an object literal then gets TypeScript's ordinary excess-property check at every
 * level. Only `parseAs`, the one part of `init` the response type depends on, is inferred.
 */

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type MediaType = `${string}/${string}`;

type PathsWith<Paths, Method extends HttpMethod> = {
  [Path in keyof Paths]: Paths[Path] extends { [M in Method]: unknown } ? Path : never;
}[keyof Paths];

type OperationOf<Paths, Path extends keyof Paths, Method extends HttpMethod> = Paths[Path][Method & keyof Paths[Path]];

// `{} extends Pick<T, K>` is the idiom for "K is optional in T"; no other type says it.
// biome-ignore lint/complexity/noBannedTypes: the empty object type is the point here.
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** The operation's declared options, with `parseAs` inferred on its own (none: the JSON body). */
type ExactInit<Operation, As extends ParseAs> = Omit<FetchOptions<Operation>, "parseAs"> & { parseAs?: As };

/** `init` is required exactly when the operation has required parameters or a required body. */
type InitArgs<Operation, As extends ParseAs> =
  RequiredKeys<FetchOptions<Operation>> extends never ? [init?: ExactInit<Operation, As>] : [init: ExactInit<Operation, As>];

type ResponseOf<Operation, As extends ParseAs, Media extends MediaType> = Promise<
  // biome-ignore lint/complexity/noBannedTypes: openapi-fetch's own "no options" type.
  Operation extends Record<string | number, any> ? FetchResponse<Operation, [As] extends [never] ? {} : { parseAs: As }, Media> : never
>;

type ExactMethod<Paths, Method extends HttpMethod, Media extends MediaType> = <
  Path extends PathsWith<Paths, Method>,
  As extends ParseAs = never,
>(
  url: Path,
  ...init: InitArgs<OperationOf<Paths, Path, Method>, As>
) => ResponseOf<OperationOf<Paths, Path, Method>, As, Media>;

type ExactRequestMethod<Paths, Media extends MediaType> = <
  Method extends HttpMethod,
  Path extends PathsWith<Paths, Method>,
  As extends ParseAs = never,
>(
  method: Method,
  url: Path,
  ...init: InitArgs<OperationOf<Paths, Path, Method>, As>
) => ResponseOf<OperationOf<Paths, Path, Method>, As, Media>;

/**
 * openapi-fetch's `Client<Paths>` whose calls accept exactly the parameters and body the
 * definition declares: `params: { query: { keywrd: […], pageSize: 10 } }` fails to compile.
 * The same object at run time; only the call signatures are stricter.
 */
export type ExactClient<Paths extends {}, Media extends MediaType = MediaType> = Omit<
  Client<Paths, Media>,
  "request" | "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE"
> & {
  request: ExactRequestMethod<Paths, Media>;
  GET: ExactMethod<Paths, "get", Media>;
  PUT: ExactMethod<Paths, "put", Media>;
  POST: ExactMethod<Paths, "post", Media>;
  DELETE: ExactMethod<Paths, "delete", Media>;
  OPTIONS: ExactMethod<Paths, "options", Media>;
  HEAD: ExactMethod<Paths, "head", Media>;
  PATCH: ExactMethod<Paths, "patch", Media>;
  TRACE: ExactMethod<Paths, "trace", Media>;
};
