import { describe, expectTypeOf, it } from "vitest";
import { vendorFactory } from "./vendor-client.ts";
import type { VendorClientOptions, VendorData } from "./vendor-data.ts";

interface DemoOptions extends VendorClientOptions {
  clientSecret: string;
  region?: string;
}
declare const demoData: VendorData<DemoOptions>;
const createDemoClient = vendorFactory(demoData, (options) => options.region);
const valid = { clientId: "id", clientSecret: "s" };

describe("options types: exact, as the run-time check is", () => {
  it("refuses a misspelled name in a literal, beside the right one too", () => {
    // @ts-expect-error timeOutMs is not an option (timeoutMs is)
    createDemoClient({ ...valid, timeOutMs: 5000 });
    // @ts-expect-error clientSecrt beside clientSecret
    createDemoClient({ ...valid, clientSecrt: "t" });
    createDemoClient({ ...valid, timeoutMs: 5000, region: "eu" });
  });

  it("refuses one in a variable, which a plain parameter type lets through", () => {
    const misspelled = { ...valid, maxRetries: 3 };
    // @ts-expect-error maxRetries is not an option (retry.retries is)
    createDemoClient(misspelled);
    const fine = { ...valid, retry: { retries: 3 } };
    expectTypeOf(createDemoClient(fine)).toEqualTypeOf<string | undefined>();
  });

  it("refuses one inside retry and rateLimit", () => {
    // Beside a right name: an object with no right one is refused as a weak type already.
    const retry = { retrys: 3, baseDelayMs: 100 };
    // @ts-expect-error retry.retrys
    createDemoClient({ ...valid, retry });
    const rateLimit = { maxWait: 10, burst: 2 };
    // @ts-expect-error rateLimit.maxWait
    createDemoClient({ ...valid, rateLimit });
    createDemoClient({ ...valid, retry: false, rateLimit: false });
    const hooks = { maxWaitMs: 10, onRateLimit: () => {} };
    createDemoClient({ ...valid, rateLimit: hooks });
  });

  it("still types callbacks in a literal from the options", () => {
    createDemoClient({
      ...valid,
      retry: {
        onRetry: (info) => {
          expectTypeOf(info.attempt).toEqualTypeOf<number>();
        },
      },
    });
  });
});
