import { readDefinition } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";

// What specs/avnet/apim.yaml says, checked against Avnet's portal pages (../shared/facts/avnet.md).
const definition = readDefinition("avnet/apim.yaml");

describe("the Avnet definition", () => {
  it("states the key pair's rules: either key works, renew each every 6 months, regenerating one kills that one only", () => {
    const { subscriptionKeyHeader } = definition.components.securitySchemes;
    expect(subscriptionKeyHeader["x-key-rotation"]).toEqual({
      keys: ["primary", "secondary"],
      eitherKeyWorks: true,
      renewEveryMonths: 6,
      regeneratingInvalidates: "that key only",
    });
    expect(subscriptionKeyHeader.description).toMatch(/renewed every 6 months/);
    expect(subscriptionKeyHeader.description).toMatch(/Regenerating a key invalidates\s+that key only/);
  });

  it("states the client-secret rotation: secrets expire after 6 months, at most 2 live at once", () => {
    const { avnetOAuth } = definition.components.securitySchemes;
    expect(avnetOAuth["x-client-secret-rotation"]).toEqual({ expiresAfterMonths: 6, maxActiveSecrets: 2 });
    expect(avnetOAuth.description).toMatch(/expire after 6 months and at most 2 are live/);
  });
});
