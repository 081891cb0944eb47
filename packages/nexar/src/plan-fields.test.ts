import {
  captureError,
  SECRETS,
  startNexarServer,
  startOAuthServer,
  type NexarTestServer,
  type OAuthTestServer,
} from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNexarClient, NexarGraphQLError, NexarSearchMpnDocument, searchMpn } from "./index.ts";

let idp: OAuthTestServer;
let nexar: NexarTestServer;
beforeAll(async () => {
  // A plan without Nexar's Lead Time feature and without datasheets.
  [idp, nexar] = await Promise.all([
    startOAuthServer(),
    startNexarServer({ deniedFields: ["SupOffer.factoryLeadDays", "SupPart.bestDatasheet"] }),
  ]);
});
afterAll(async () => {
  await Promise.all([idp?.stop(), nexar?.close()]);
});

const client = () =>
  createNexarClient({ clientId: "nexar-plan", clientSecret: SECRETS.clientSecret, baseUrl: nexar.url, tokenUrl: idp.tokenUrl });

describe("plan-safe fields", () => {
  it("by default no feature-gated field is asked for: every call works on a plan without them", async () => {
    const result = await searchMpn(client(), "NE555");
    expect(result.hits).toBe(3);
    expect(result.results?.[0]?.part.sellers[0]?.offers[0]).not.toHaveProperty("factoryLeadDays");
    expect(result.results?.[0]?.part).not.toHaveProperty("bestDatasheet");
  });

  it("opting into lead time on such a plan: a typed error naming the field, with the rest of the answer", async () => {
    const error = await captureError<NexarGraphQLError>(searchMpn(client(), "NE555P", { leadTime: true }));
    expect(error).toBeInstanceOf(NexarGraphQLError);
    expect(error.fields).toEqual(["factoryLeadDays"]);
    expect(error.vendorCode).toBe("AUTH_NOT_AUTHORIZED");
    expect(error.message).toMatch(
      /^Nexar SearchMpn failed: The current plan does not include access to the field 'factoryLeadDays'\. \[AUTH_NOT_AUTHORIZED\] at supSearchMpn\.results\.0\.part\.sellers\.0\.offers\.0\.factoryLeadDays/,
    );
    const data = error.data as {
      supSearchMpn: {
        results: Array<{ part: { mpn: string; sellers: Array<{ offers: Array<{ factoryLeadDays: null; inventoryLevel: number }> }> } }>;
      };
    };
    expect(data.supSearchMpn.results[0]!.part.mpn).toBe("NE555P");
    expect(data.supSearchMpn.results[0]!.part.sellers[0]!.offers[0]).toMatchObject({
      factoryLeadDays: null,
      inventoryLevel: expect.any(Number),
    });
    // requestWithErrors: the same answer without throwing.
    const { data: rest, errors } = await client().requestWithErrors(NexarSearchMpnDocument, { q: "NE555P", datasheets: true });
    expect(errors.map((e) => e.path?.at(-1))).toEqual(["bestDatasheet"]);
    expect(rest?.supSearchMpn.results?.[0]?.part).toMatchObject({ mpn: "NE555P", bestDatasheet: null });
  });
});
