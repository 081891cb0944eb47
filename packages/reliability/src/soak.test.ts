import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { SoakResult } from "./soak.ts";

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

describe("soak", () => {
  it("50 000 requests across 10 token expiries with random 401/429/503: none fails, token requests bounded, heap flat", async () => {
    // Its own process, with --expose-gc, so heap figures are measured after a full collection.
    const result = await new Promise<SoakResult>((done, fail) => {
      const child = spawn(process.execPath, ["--expose-gc", "--import", tsx, resolve(import.meta.dirname, "soak.ts"), "--requests", "50000"]);
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("close", () => {
        try {
          done(JSON.parse(out));
        } catch {
          fail(new Error(`soak printed no result:\n${out}\n${err}`));
        }
      });
    });
    console.log(`soak: ${JSON.stringify(result)}`);
    expect(result.failed).toBe(0);
    expect(result.tokenExpiries).toBeGreaterThanOrEqual(10);
    expect(result.tokenRequests).toBeLessThanOrEqual(result.tokenRequestBound);
    expect(result.served["401"] + result.served["429"] + result.served["503"]).toBeGreaterThan(500);
    // A leak of 300 bytes a request would add 7.5 MB over the second half; noise stays well under.
    expect(result.heapMb.secondHalfGrowth).toBeLessThan(6);
  }, 240_000);
});
