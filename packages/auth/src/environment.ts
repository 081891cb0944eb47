export type Environment = Record<string, string | undefined>;

/** process.env where there is one (Node, Bun, Deno with --allow-env), else nothing. */
export const processEnvironment = (): Environment => (globalThis as { process?: { env?: Environment } }).process?.env ?? {};
