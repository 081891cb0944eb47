import { startStandIns, type StandIns } from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls } from "./calls.ts";
import { formatTable, runCalls } from "./run.ts";

let standIns: StandIns;
beforeAll(async () => {
  standIns = await startStandIns();
}, 90_000);
afterAll(() => standIns?.stop());

describe("demo", () => {
  it("makes one OK call per vendor against the stand-ins", async () => {
    const outcomes = await runCalls(standIns.env, { skipUnconfigured: false });
    expect(outcomes.map((o) => [o.vendor, o.status, o.status === "failed" ? o.detail : ""])).toEqual(calls.map((c) => [c.vendor, "ok", ""]));
    expect(formatTable(outcomes).split("\n")[0]).toMatch(/^VENDOR\s+CALL\s+STATUS\s+TIME\s+RESULT$/);
  });

  it("skips vendors without credentials in a live run, and reports a failing one without throwing", async () => {
    const outcomes = await runCalls({ ...standIns.env, AVNET_SUBSCRIPTION_KEY: undefined, NEXAR_ENDPOINT: "http://127.0.0.1:9/graphql" }, { skipUnconfigured: true });
    expect(outcomes.find((o) => o.vendor === "Avnet")).toMatchObject({ status: "skipped", detail: "no credentials (AVNET_SUBSCRIPTION_KEY)" });
    expect(outcomes.find((o) => o.vendor === "Nexar")).toMatchObject({ status: "failed" });
    expect(outcomes.find((o) => o.vendor === "Ingram Micro")).toMatchObject({ status: "ok" });
  });
});
