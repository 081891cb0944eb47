import { inspect } from "node:util";
import { expect } from "vitest";

/** Every credential the tests hand to the package: none may ever show up in an error. */
export const SECRETS = {
  clientSecret: "cs-Secret-Value-0001",
  oldClientSecret: "cs-Old-Secret-0009",
  password: "pw-Hunter2-Value-0002",
  primaryKey: "key-Primary-Value-0003",
  secondaryKey: "key-Secondary-Value-0004",
  apiKey: "key-Avionte-Value-0005",
  staticToken: "tok-Static-Value-0006",
  /** Characters that encoders disagree on (form vs URI encoding, JSON escapes): a scrubber that knows only the plain form misses them. */
  oddSecret: `cs-Odd!Secret~(Value)'0010 "q" \\ %+`,
  oddKey: "key-Odd!Key~(Value)'0011",
} as const;

const seenTokens = new Set<string>();
/** Tokens the servers issued during the suite: just as secret. */
export const rememberToken = (value: string | undefined) => value && seenTokens.add(value);

/**
 * Checks one error the way a user's logs would show it: message, String(), JSON, util.inspect
 * (deep, with its cause chain). None may contain a secret or a token.
 */
export function expectNoSecrets(error: unknown, extra: readonly (string | undefined)[] = []): void {
  const views = [
    String(error),
    (error as Error)?.message ?? "",
    JSON.stringify(error) ?? "",
    inspect(error, { depth: 10, showHidden: true }),
  ];
  let cause = (error as Error)?.cause;
  while (cause) {
    views.push(String(cause), inspect(cause, { depth: 10 }));
    cause = (cause as Error).cause;
  }
  const haystack = views.join("\n");
  for (const secret of [...Object.values(SECRETS), ...seenTokens, ...extra]) {
    if (secret)
      expect(haystack.includes(secret), `a secret (${secret.slice(0, 6)}…) leaked into an error: ${haystack.slice(0, 500)}`).toBe(false);
  }
}

/** Awaits a rejection and scans the error for secrets: every error the suite provokes goes through here. */
export async function captureError<E = Error>(promise: Promise<unknown>, extra: readonly (string | undefined)[] = []): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expectNoSecrets(error, extra);
    return error as E;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** Runs `run`, expects it to throw synchronously (a ConfigError when a client is built), and scans the error for secrets. */
export function captureThrow<E = Error>(run: () => unknown, extra: readonly (string | undefined)[] = []): E {
  try {
    run();
  } catch (error) {
    expectNoSecrets(error, extra);
    return error as E;
  }
  throw new Error("expected an error, but nothing was thrown");
}
