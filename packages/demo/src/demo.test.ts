import { startStandIns, type StandIns } from "@vendor-clients/stand-ins";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthStrategy, createClientCore, tokenAuth } from "@vendor-clients/auth";
import { calls, configurationCall, typedCalls } from "./calls.ts";
import { formatTable, runCalls } from "./run.ts";

let standIns: StandIns;
beforeAll(async () => {
  standIns = await startStandIns();
}, 90_000);
afterAll(() => standIns?.stop());

describe("demo", () => {
  it("makes one OK call per vendor against the stand-ins", async () => {
    const outcomes = await runCalls(standIns.env, { skipUnconfigured: false });
    expect(outcomes.map((o) => [o.vendor, o.status, o.status === "failed" ? o.detail : ""])).toEqual(
      calls.map((c) => [c.vendor, "ok", ""]),
    );
  });

  it("prints the same table on every run: the stand-ins answer from fixed data (times aside)", async () => {
    const outcomes = await runCalls(standIns.env, { skipUnconfigured: false });
    // The typed calls' rows (a vendor added since has a row of its own, checked above).
    const typed = outcomes.filter((o) => typedCalls.some((c) => c.vendor === o.vendor));
    const table = formatTable(typed.map((o) => ({ ...o, ms: 0 })));
    expect(table).toBe(
      [
        "VENDOR                  CALL                        STATUS  TIME  RESULT",
        `${"-".repeat(22)}  ${"-".repeat(26)}  ------  ----  ${"-".repeat(67)}`,
        "Ingram Micro            GET /resellers/v6/catalog   OK      0 ms  1 product on page 1; first: 1A8249 CLASS 10 100MB/S UHS-I CARD",
        "Avnet                   getPrices LM358 ×10         OK      0 ms  2 offers; LM358DR at 0.118 USD",
        "Avionté                 GET /talents/ids/1/5        OK      0 ms  talent ids: 662, 663, 671, 702",
        "DSI Advanced Inventory  login, GET PingUTC, revoke  OK      0 ms  server time 2026-11-22T18:00:00Z; token with refresh token, revoked",
        "Nexar                   supSearchMpn LM358          OK      0 ms  3 hits; first: LM358DR by Texas Instruments, 2 sellers",
      ].join("\n"),
    );
  });

  it("skips vendors without credentials in a live run, and reports a failing one without throwing", async () => {
    const outcomes = await runCalls(
      { ...standIns.env, AVNET_SUBSCRIPTION_KEY: undefined, NEXAR_ENDPOINT: "http://127.0.0.1:9/graphql" },
      { skipUnconfigured: true },
    );
    expect(outcomes.find((o) => o.vendor === "Avnet")).toMatchObject({
      status: "skipped",
      detail: "no credentials (AVNET_SUBSCRIPTION_KEY)",
    });
    expect(outcomes.find((o) => o.vendor === "Nexar")).toMatchObject({ status: "failed" });
    expect(outcomes.find((o) => o.vendor === "Ingram Micro")).toMatchObject({ status: "ok" });
  });
});

describe(".env.example", () => {
  it("says a vendor new-vendor added without a typed call works: a token issued, or the user's own token configured", async () => {
    const vendorWith = (auth: AuthStrategy) =>
      ({
        name: "Pasted",
        requiredVariables: [],
        fromEnv: () => createClientCore({ owner: "createPastedClient", options: {}, baseUrl: "https://api.pasted.test", auth }),
      }) as unknown as Parameters<typeof configurationCall>[0];
    // No token endpoint to ask: nothing can be "issued", and no request leaves.
    expect(await configurationCall(vendorWith(tokenAuth({ token: "tok-pasted" }))).run({})).toBe(
      "client configured (your token; none issued); add a typed call in packages/demo/src/calls.ts",
    );
  });

  it("lists exactly the variables the vendors' clients read (pnpm env-example writes it)", async () => {
    const { readFile } = await import("node:fs/promises");
    const { ENV_EXAMPLE_FILE, envExampleText } = await import("./env-example.ts");
    expect(await readFile(ENV_EXAMPLE_FILE, "utf8"), "run pnpm env-example").toBe(envExampleText());
  });

  it("the stand-ins give every variable a vendor cannot do without", async () => {
    const { VENDORS } = await import("./env-example.ts");
    for (const vendor of VENDORS)
      for (const variable of vendor.requiredVariables) expect(standIns.env, `${vendor.name}: ${variable}`).toHaveProperty(variable);
  });
});
