import { describe, expect, it } from "vitest";
import { ConfigError } from "./errors.ts";
import { createFetch } from "./steps/pipeline.ts";
import { retry } from "./steps/retry.ts";
import { checkOptions, closestName, RETRY_OPTIONS } from "./options.ts";
import { rateLimit } from "./rate-limit/step.ts";
import { clientCredentials } from "./sources/client-credentials.ts";
import { passwordGrant } from "./sources/password.ts";
import { staticToken } from "./sources/static-token.ts";
import { tokenAuth } from "./auth.ts";
import { TokenCache } from "./token-cache.ts";
import { vendorFactory } from "./vendor-client.ts";
import type { VendorClientOptions, VendorData } from "./vendor-data.ts";

const SECRET = "SECRET-MARKER-OPTIONS";

interface DemoOptions extends VendorClientOptions {
  clientSecret: string;
  region?: string;
}
const demoData: VendorData<DemoOptions> = {
  id: "demo",
  name: "Demo",
  baseUrls: { production: "https://api.demo.example" },
  tokenUrl: "https://login.demo.example/token",
  options: { region: { description: "the region" } },
};
const createDemoClient = vendorFactory(demoData, (options, vendor) => {
  const core = vendor.core({ auth: vendor.clientCredentials() });
  return { options, baseUrl: core.baseUrl };
});
const valid: DemoOptions = { clientId: "id", clientSecret: SECRET };

/** The error a call throws (it must throw one). */
function refusal(call: () => unknown): ConfigError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("no error thrown");
}

describe("one options check: unknown names refused with the closest valid one", () => {
  it("refuses a misspelled client option, naming it and the option meant", () => {
    const error = refusal(() => createDemoClient({ ...valid, timeOutMs: 5000 } as never));
    expect(error.message).toBe('createDemoClient: unknown option "timeOutMs"; did you mean "timeoutMs"?');
    expect(error.option).toBe("timeOutMs");
    expect(refusal(() => createDemoClient({ ...valid, regoin: "eu" } as never)).message).toContain('did you mean "region"?');
    // A name near nothing gets no guess.
    expect(refusal(() => createDemoClient({ ...valid, colour: "blue" } as never)).message).toBe(
      'createDemoClient: unknown option "colour"',
    );
  });

  it("checks nested options objects, with the option's path in the message", () => {
    expect(refusal(() => createDemoClient({ ...valid, rateLimit: { maxWait: 10 } } as never)).message).toBe(
      'createDemoClient: unknown option "rateLimit.maxWait"; did you mean "rateLimit.maxWaitMs"?',
    );
    const retries = refusal(() => createDemoClient({ ...valid, retry: { retrys: 3 } } as never));
    expect([retries.option, retries.message]).toEqual([
      "retry.retrys",
      'createDemoClient: unknown option "retry.retrys"; did you mean "retry.retries"?',
    ]);
    // false turns a step off; a nested object's values are still the step's to check.
    expect(createDemoClient({ ...valid, retry: false, rateLimit: false }).baseUrl).toBe("https://api.demo.example");
    expect(() => createDemoClient({ ...valid, retry: { retries: 1 }, rateLimit: { maxWaitMs: 5 } })).not.toThrow();
  });

  it("refuses a misspelled secret beside the real one, and never quotes a value", () => {
    const error = refusal(() => createDemoClient({ ...valid, clientSecrt: `${SECRET}-2` } as never));
    expect(error.message).toBe('createDemoClient: unknown option "clientSecrt"; did you mean "clientSecret"?');
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it("knows what every client takes: the vendor's own options, environment, steps", () => {
    expect(() =>
      createDemoClient({ ...valid, region: "eu", environment: "production", steps: {}, timeoutMs: 1000 } as DemoOptions),
    ).not.toThrow();
  });

  it("checks the public building blocks' options the same way", () => {
    const credentials = { tokenUrl: "https://login.example/token", clientId: "c", clientSecret: SECRET };
    expect(refusal(() => clientCredentials({ ...credentials, scope: "a" } as never)).message).toBe(
      'clientCredentials: unknown option "scope"; did you mean "scopes"?',
    );
    expect(refusal(() => clientCredentials({ ...credentials, retry: { maxDelay: 1 } } as never)).message).toContain(
      'unknown option "retry.maxDelay"; did you mean "retry.maxDelayMs"?',
    );
    expect(refusal(() => passwordGrant({ ...credentials, username: "u", password: "p", revokeURL: "x" } as never)).option).toBe(
      "revokeURL",
    );
    expect(refusal(() => staticToken({ token: SECRET, expires: 1 } as never)).message).toContain('did you mean "expiresAt"?');
    const tokenAuthRefusal = refusal(() => tokenAuth({ token: SECRET, skipp: () => true } as never));
    expect(tokenAuthRefusal.message).toBe('tokenAuth: unknown option "skipp"; did you mean "skip"?');
    expect(JSON.stringify(tokenAuthRefusal)).not.toContain(SECRET);
    expect(refusal(() => tokenAuth({ token: ` ${SECRET}` })).message).toBe(
      'tokenAuth: option "token" starts or ends with white space, which HTTP would strip',
    );
    expect(refusal(() => new TokenCache(staticToken({ token: SECRET }), { maxLifetime: 1 } as never)).message).toContain(
      'did you mean "maxLifetimeMs"?',
    );
    expect(refusal(() => createFetch([], { origins: ["https://a.example"], timeout: 1 } as never)).message).toContain(
      'did you mean "timeoutMs"?',
    );
    expect(refusal(() => retry({ maxRetries: 3 } as never)).message).toBe('retry: unknown option "maxRetries"; did you mean "retries"?');
    expect(refusal(() => rateLimit({ maxWait: 3 } as never)).message).toContain('did you mean "maxWaitMs"?');
  });

  it("says once, for every options object, that options are required", () => {
    for (const call of [
      () => createDemoClient(undefined as never),
      () => clientCredentials(null as never),
      () => staticToken(undefined as never),
      () => tokenAuth(undefined as never),
    ])
      expect(refusal(call).message).toMatch(/^\w+: options are required$/);
    expect(checkOptions("x", { a: 1, b: { c: 2 } }, { a: true, b: { c: true } })).toEqual({ a: 1, b: { c: 2 } });
  });

  it("guesses by edit distance, case ignored, only when near", () => {
    const known = Object.keys(RETRY_OPTIONS);
    expect(closestName("MAXDELAYMS", known)).toBe("maxDelayMs");
    expect(closestName("basedelay", known)).toBe("baseDelayMs");
    expect(closestName("onretyr", known)).toBe("onRetry");
    expect(closestName("jitter", known)).toBeUndefined();
  });
});
