import { runInNewContext } from "node:vm";
import { describe, expect, expectTypeOf, it } from "vitest";
import { ApiError } from "./api-error.ts";
import {
  AbortError,
  ConfigError,
  isApiError,
  isOAuthError,
  isVendorClientsError,
  NetworkError,
  OAuthError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  TokenRefusedError,
  VendorClientsError,
} from "./errors.ts";
import { RateLimitError } from "./rate-limit/rate-limit-error.ts";

const oauth = () => new OAuthError("refused", { operation: "client_credentials", endpoint: "https://idp.test/token", status: 401 });
const api = () => new ApiError("GET https://api.test/x failed: HTTP 404", 404, "GET", "https://api.test/x", undefined, undefined);

describe("error codes and guards", () => {
  it("gives each class its own stable code, shown in toJSON", () => {
    const codes = [
      new VendorClientsError("x"),
      new ConfigError("timeoutMs", "x"),
      oauth(),
      new TokenRefusedError("x", 2, 0),
      new TimeoutError("x", 1),
      new ResponseTooLargeError("x", "https://a.test/", 200, 1),
      new RedirectError("x", 302, "https://a.test/", "https://b.test/"),
      new AbortError(),
      new NetworkError("x", "https://a.test/"),
      api(),
      new RateLimitError("x", "k", "1 per 1 s", 2, 1),
    ].map((error) => error.code);
    expect(codes).toEqual([
      "VENDOR_CLIENTS_ERROR",
      "CONFIG_INVALID",
      "OAUTH_FAILED",
      "TOKEN_REFUSED",
      "TIMEOUT",
      "RESPONSE_TOO_LARGE",
      "REDIRECT_REFUSED",
      "ABORTED",
      "NETWORK_FAILED",
      "API_ERROR",
      "RATE_LIMITED",
    ]);
    expect(new TimeoutError("x", 1).toJSON()).toMatchObject({ name: "TimeoutError", code: "TIMEOUT" });
  });

  it("recognises this package's errors by brand and code, and nothing else", () => {
    expect(isVendorClientsError(new ConfigError("x", "x"))).toBe(true);
    expect(isVendorClientsError(new ConfigError("x", "x"), "CONFIG_INVALID")).toBe(true);
    expect(isVendorClientsError(new ConfigError("x", "x"), "TIMEOUT")).toBe(false);
    expect(isApiError(api())).toBe(true);
    expect(isApiError(oauth())).toBe(false);
    expect(isOAuthError(oauth())).toBe(true);
    // Look-alikes: the same name and code without the brand, plain values.
    const lookalike = Object.assign(new Error("x"), { name: "ApiError", code: "API_ERROR" });
    for (const value of [lookalike, { code: "API_ERROR" }, null, undefined, "API_ERROR", 404])
      expect([isVendorClientsError(value), isApiError(value)]).toEqual([false, false]);
  });

  it("recognises an error from another copy of the package, which instanceof does not", async () => {
    // A second instance of the module, as a second version in node_modules or a bundled copy would be.
    const another = "./errors.ts?another-copy";
    const copy = (await import(another)) as typeof import("./errors.ts");
    const foreign = new copy.ConfigError("timeoutMs", "x");
    expect(foreign instanceof ConfigError).toBe(false);
    expect(isVendorClientsError(foreign, "CONFIG_INVALID")).toBe(true);
    expect(copy.isVendorClientsError(new ConfigError("x", "x"))).toBe(true);
  });

  it("recognises an error made in another realm (a vm context)", () => {
    // Built from the other realm's own Error; the brand is the registry's symbol, which every realm shares.
    const foreign = runInNewContext(`
      const error = new Error("x");
      Object.setPrototypeOf(error, Object.create(Error.prototype, { [Symbol.for("@vendor-clients/auth:error")]: { value: true } }));
      error.code = "API_ERROR";
      error;`);
    expect(foreign instanceof Error).toBe(false);
    expect(isApiError(foreign)).toBe(true);
  });

  it("narrows the type by code", () => {
    const error: unknown = api();
    if (isVendorClientsError(error, "API_ERROR")) expectTypeOf(error).toEqualTypeOf<ApiError>();
    if (isVendorClientsError(error, "RATE_LIMITED")) expectTypeOf(error.waitMs).toEqualTypeOf<number>();
    if (isOAuthError(error)) expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
  });
});
