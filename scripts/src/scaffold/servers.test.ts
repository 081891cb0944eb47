import { describe, expect, it } from "vitest";
import { environmentsOf } from "./servers.ts";

describe("environmentsOf", () => {
  it("names OpenAPI servers by their descriptions, production first", () => {
    expect(
      environmentsOf({
        servers: [
          { url: "https://wwwcie.carrier.test/api/", description: "Customer Integration Environment" },
          { url: "https://onlinetools.carrier.test/api", description: "Production" },
        ],
      }),
    ).toEqual({ production: "https://onlinetools.carrier.test/api", test: "https://wwwcie.carrier.test/api" });
  });

  it("fills server variables and skips relative servers", () => {
    expect(
      environmentsOf({
        servers: [{ url: "/v1" }, { url: "https://{region}.api.test/v1", variables: { region: { default: "eu" } } }],
      }),
    ).toEqual({ production: "https://eu.api.test/v1" });
  });

  it("takes a Swagger 2.0 definition's x-host-* hosts beside its host and basePath (first server once converted)", () => {
    expect(
      environmentsOf({ servers: [{ url: "https://apis.postal.test/addresses/v3" }], "x-host-sandbox": "apis-tem.postal.test" }),
    ).toEqual({ production: "https://apis.postal.test/addresses/v3", sandbox: "https://apis-tem.postal.test/addresses/v3" });
  });

  it("names no production when no server has a host, rather than make one up", () => {
    expect(environmentsOf({})).toEqual({});
    expect(environmentsOf({ servers: [{ url: "/v1" }] })).toEqual({});
    expect(environmentsOf({ servers: [{ url: "/v1" }] }, "https://api.test/v1")).toEqual({ production: "https://api.test/v1" });
    // Loopback is where the authors ran it: an environment of its own, never production.
    expect(environmentsOf({ servers: [{ url: "http://localhost:3005" }] })).toEqual({});
    expect(environmentsOf({ servers: [{ url: "http://127.0.0.1:8080/v1" }] }, "https://api.test/v1")).toEqual({
      production: "https://api.test/v1",
      local: "http://127.0.0.1:8080/v1",
    });
  });

  it("lets --base-url name production", () => {
    expect(environmentsOf({ servers: [{ url: "https://api.test" }] }, "https://proxy.example/v2/")).toEqual({
      production: "https://proxy.example/v2",
    });
  });
});
