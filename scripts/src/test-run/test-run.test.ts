import { mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { missingRequirements, REQUIREMENTS } from "./preflight.js";
import { failedTasks } from "./summary.js";

describe("pnpm test's checks before the run", () => {
  it("names each missing program once, with what needs it and its install command", () => {
    const empty = mkdtempSync(join(tmpdir(), "empty-path-"));
    expect(missingRequirements({ PATH: empty, CHROMIUM_PATH: join(empty, "chromium") })).toEqual([
      "redis-server not found (needed by the Redis token store, the Redis rate limiter and the testkit); install it: sudo apt-get install redis-server",
      "Chromium not found (needed by the browser runtime test (packages/runtimes)); install it: sudo apt-get install chromium (or set CHROMIUM_PATH to a Chromium or Chrome binary)",
    ]);
  });

  it("finds programs on the PATH and Chromium where CHROMIUM_PATH says", () => {
    const dir = mkdtempSync(join(tmpdir(), "fake-path-"));
    for (const name of ["redis-server", "chrome"]) {
      writeFileSync(join(dir, name), "#!/bin/sh\n");
      chmodSync(join(dir, name), 0o755);
    }
    expect(missingRequirements({ PATH: dir, CHROMIUM_PATH: join(dir, "chrome") })).toEqual([]);
    expect(REQUIREMENTS.map((r) => r.name)).toEqual(["redis-server", "Chromium"]);
  });
});

describe("pnpm test's summary", () => {
  it("names only the packages Turbo says failed, once each", () => {
    const output = [
      "@vendor-clients/cli:test: 15 passed",
      " Tasks:    26 successful, 28 total",
      "Cached:    3 cached, 28 total",
      "  Time:    2m1.2s ",
      "Failed:    \u001b[1m@vendor-clients/reliability#test\u001b[0m, @vendor-clients/runtimes#test, @vendor-clients/runtimes#typecheck",
    ].join("\n");
    expect(failedTasks(output)).toEqual(["@vendor-clients/reliability", "@vendor-clients/runtimes"]);
    expect(failedTasks(" Tasks:    28 successful, 28 total\n")).toEqual([]);
  });
});
