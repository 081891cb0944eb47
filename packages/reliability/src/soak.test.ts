import { resolve } from "node:path";
import { runTsx } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";
import type { SoakResult } from "./soak.ts";

describe("soak", () => {
  it("50 000 requests across 10 token expiries with random 401/429/503: none fails, token requests bounded, heap flat", async () => {
    // Its own process, with --expose-gc, so heap figures are measured after a full collection.
    const { stdout, stderr } = await runTsx(resolve(import.meta.dirname, "soak.ts"), ["--requests", "50000"], {
      nodeArgs: ["--expose-gc"],
    });
    let result: SoakResult;
    try {
      result = JSON.parse(stdout);
    } catch {
      throw new Error(`soak printed no result:\n${stdout}\n${stderr}`);
    }
    console.log(`soak: ${JSON.stringify(result)}`);
    expect(result.failed).toBe(0);
    expect(result.tokenExpiries).toBeGreaterThanOrEqual(10);
    expect(result.tokenRequests).toBeLessThanOrEqual(result.tokenRequestBound);
    expect(result.served["401"] + result.served["429"] + result.served["503"]).toBeGreaterThan(500);
    // A leak of 300 bytes a request would add 7.5 MB over the second half; noise stays well under.
    expect(result.heapMb.secondHalfGrowth).toBeLessThan(6);
  }, 240_000);
});
