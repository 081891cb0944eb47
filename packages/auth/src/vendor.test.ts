import { oauth } from "./auth.ts";
import { propertySeed, startOAuthServer } from "@vendor-clients/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientCredentials } from "./index.ts";
import { defineVendor, envExample } from "./vendor.ts";
import { vendorFactory } from "./vendor-client.ts";
import type { VendorClientOptions, VendorData } from "./vendor-data.ts";

interface AcmeOptions extends VendorClientOptions {
  clientSecret: string | readonly [string, string];
  account: string;
  region?: "eu" | "us";
  tenantId?: number;
  verbose?: boolean;
  /** Where the vendor calls back (code only, not from the environment). */
  callbackUrl?: string;
  /** Needed unless a tenant id is given. */
  tenantCode?: string;
}

const acmeData: VendorData<AcmeOptions> = {
  id: "acme",
  name: "Acme",
  factory: "createAcmeClient",
  envPrefix: "ACME",
  baseUrls: { production: "https://api.acme.example", sandbox: "https://sandbox.acme.example" },
  tokenUrl: "https://login.acme.example/token",
  headers: ["Acme-Account", "Acme-Request"],
  common: ["clientId", "clientSecret", "baseUrl", "tokenUrl"],
  options: {
    clientSecret: { pair: { variable: "CLIENT_SECRET_NEXT", description: "the next secret, during a rotation" } },
    account: { description: "your account number", required: true, pattern: /^\d{6}$/, expected: "six digits" },
    region: { description: "eu | us", oneOf: ["eu", "us"] },
    tenantId: { description: "the numeric tenant", type: "integer" },
    verbose: { description: "say more", type: "boolean" },
    callbackUrl: { description: "where the vendor calls back", type: "url", variable: false },
    tenantCode: {
      description: "the tenant code (or the tenant id)",
      required: (options) => options.tenantId === undefined,
      variable: "TENANT",
    },
  },
};

/** A client that is only its recipe's outcome: enough to see what the data made of the options. */
const createAcmeClient = vendorFactory(acmeData, (options, vendor) => {
  const core = vendor.core({
    auth: oauth(clientCredentials, { tokenUrl: vendor.tokenUrl, clientId: options.clientId, clientSecret: options.clientSecret }),
    headers: { static: { "Acme-Account": options.account }, perRequest: { "Acme-Request": () => "r" } },
  });
  return { options, baseUrl: core.baseUrl, tokenUrl: vendor.tokenUrl, tokens: core.tokens };
});
const acme = defineVendor(acmeData, createAcmeClient);

const valid: AcmeOptions = { clientId: "id", clientSecret: "SECRET-MARKER-1", account: "123456", tenantCode: "t" };

describe("defineVendor: options checked from the data", () => {
  it("names the option and what it must be, and never quotes a secret", () => {
    expect(() => acme.create({ ...valid, account: "12" })).toThrow('createAcmeClient: option "account" must be six digits; got "12"');
    expect(() => acme.create({ ...valid, account: "" })).toThrow('createAcmeClient: option "account" is required: your account number');
    expect(() => acme.create({ ...valid, region: "mars" as never })).toThrow('option "region" must be "eu" or "us"; got "mars"');
    expect(() => acme.create({ ...valid, tenantId: 1.5 })).toThrow('option "tenantId" must be a positive integer; got 1.5');
    expect(() => acme.create({ ...valid, verbose: "yes" as never })).toThrow('option "verbose" must be true or false');
    expect(() => acme.create(undefined as never)).toThrow("createAcmeClient: options are required");
    const pair = () => acme.create({ ...valid, clientSecret: ["SECRET-MARKER-1", 7 as never] });
    expect(pair).toThrow('option "clientSecret" must be a non-empty string');
    expect(pair).not.toThrow("SECRET-MARKER-1");
    // A URL-like object may carry user info: it is never quoted. A value JSON cannot write is named by its type.
    const withUserInfo = { href: "https://u:SECRET-MARKER-2@h.example/", auth: "u:SECRET-MARKER-2" };
    for (const option of ["baseUrl", "tokenUrl", "callbackUrl"])
      expect(() => acme.create({ ...valid, [option]: withUserInfo } as never)).toThrow(new RegExp(`option "${option}" must be a URL$`));
    expect(() => acme.create({ ...valid, account: 5n as never })).toThrow('option "account" must be six digits; got bigint');
  });

  it("trims text as the environment's is, and lets a condition decide what is required", () => {
    expect(acme.create({ ...valid, account: " 123456 " }).options.account).toBe("123456");
    expect(() => acme.create({ ...valid, tenantCode: undefined })).toThrow(
      'option "tenantCode" is required: the tenant code (or the tenant id)',
    );
    expect(acme.create({ ...valid, tenantCode: undefined, tenantId: 7 }).options.tenantId).toBe(7);
  });

  it("picks the base URL by environment, and lets baseUrl and tokenUrl win", () => {
    expect(acme.create(valid).baseUrl).toBe("https://api.acme.example");
    expect(acme.create(valid).tokenUrl).toBe("https://login.acme.example/token");
    expect(acme.create({ ...valid, environment: "sandbox" } as never).baseUrl).toBe("https://sandbox.acme.example");
    const local = acme.create({ ...valid, baseUrl: "http://127.0.0.1:9/api", tokenUrl: "http://127.0.0.1:9/token" });
    expect([local.baseUrl, local.tokenUrl]).toEqual(["http://127.0.0.1:9/api", "http://127.0.0.1:9/token"]);
  });

  it("refuses a header the data does not declare (codegen would type it as the caller's to send)", () => {
    const sloppy = vendorFactory(acmeData, (options, vendor) =>
      vendor.core({
        auth: oauth(clientCredentials, { tokenUrl: vendor.tokenUrl, clientId: options.clientId, clientSecret: "s" }),
        headers: { static: { "Acme-Account": options.account, "X-Undeclared": "1" } },
      }),
    );
    expect(() => sloppy(valid)).toThrow("createAcmeClient: header X-Undeclared is not among the headers acme declares");
  });

  it("refuses data that reads one variable for two options, or an option with no description", () => {
    const region = { ...acmeData.options!.region, variable: "ACCOUNT" };
    expect(() => defineVendor<AcmeOptions, number>({ ...acmeData, options: { ...acmeData.options, region } }, () => 0)).toThrow(
      "defineVendor(acme): variable ACME_ACCOUNT is read for two options",
    );
    expect(() => defineVendor<AcmeOptions, number>({ ...acmeData, options: { tenantId: { type: "integer" } } }, () => 0)).toThrow(
      "defineVendor(acme): option tenantId has no description",
    );
  });
});

describe("defineVendor: the environment", () => {
  it("reads typed values, names the variable that is wrong, and every one that is missing", () => {
    const env = { ACME_CLIENT_ID: "id", ACME_CLIENT_SECRET: "s", ACME_ACCOUNT: " 123456 ", ACME_TENANT_ID: "42", ACME_VERBOSE: "true" };
    expect(acme.fromEnv({}, env).options).toEqual({ clientId: "id", clientSecret: "s", account: "123456", tenantId: 42, verbose: true });
    expect(acme.fromEnv({ account: "654321" }, env).options.account).toBe("654321");
    expect(() => acme.fromEnv({}, { ...env, ACME_TENANT_ID: "-4" })).toThrow(
      'Acme: environment variable ACME_TENANT_ID must be a positive integer; got "-4"',
    );
    expect(() => acme.fromEnv({}, { ...env, ACME_VERBOSE: "1" })).toThrow("Acme: environment variable ACME_VERBOSE must be true or false");
    expect(() => acme.fromEnv({}, {})).toThrow(
      "Acme: missing environment variables ACME_CLIENT_ID, ACME_CLIENT_SECRET, ACME_ACCOUNT, ACME_TENANT",
    );
    expect(() => acme.fromEnv({}, { ...env, ACME_ACCOUNT: "" })).toThrow(
      "Acme: missing environment variable ACME_ACCOUNT, your account number (see .env.example)",
    );
  });

  it("lets overrides win: a variable they replace is not read, and an override left undefined takes nothing away", () => {
    const env = { ACME_CLIENT_ID: "id", ACME_CLIENT_SECRET: "s", ACME_ACCOUNT: "123456", ACME_TENANT: "t", ACME_REGION: "mars" };
    expect(acme.fromEnv({ region: "eu" }, env).options.region).toBe("eu");
    expect(() => acme.fromEnv({}, env)).toThrow('Acme: environment variable ACME_REGION must be "eu" or "us"; got "mars"');
    expect(acme.fromEnv({ region: "us", account: undefined }, env).options.account).toBe("123456");
    expect(acme.fromEnv({ region: "us", baseUrl: "http://127.0.0.1:9/a" }, { ...env, ACME_BASE_URL: "http://127.0.0.1:9/b" }).baseUrl).toBe(
      "http://127.0.0.1:9/a",
    );
  });

  it("names the variable behind a URL the core refuses, without quoting it", () => {
    const env = { ACME_CLIENT_ID: "id", ACME_CLIENT_SECRET: "s", ACME_ACCOUNT: "123456", ACME_TENANT: "t" };
    const refused = () => acme.fromEnv({}, { ...env, ACME_BASE_URL: "https://u:SECRET-MARKER-3@h.example/" });
    expect(refused).toThrow("(set by environment variable ACME_BASE_URL)");
    expect(refused).not.toThrow("SECRET-MARKER-3");
  });

  it("toEnv refuses what fromEnv would read back differently", () => {
    expect(() => acme.toEnv({ clientSecret: ["", "b"] as never })).toThrow('Acme: toEnv option "clientSecret" must be a non-empty string');
    expect(() => acme.toEnv({ clientId: " id " })).toThrow('toEnv option "clientId" must not start or end with white space');
    expect(() => acme.toEnv({ callbackUrl: "http://127.0.0.1:9" })).toThrow('Acme: option "callbackUrl" is not read from the environment');
  });

  it("lists what is required first, the vendor's own options next, other URLs last; .env.example follows", () => {
    expect(acme.variables.map((v) => v.name)).toEqual([
      "ACME_CLIENT_ID",
      "ACME_CLIENT_SECRET",
      "ACME_CLIENT_SECRET_NEXT",
      "ACME_ACCOUNT",
      "ACME_TENANT",
      "ACME_REGION",
      "ACME_TENANT_ID",
      "ACME_VERBOSE",
      "ACME_BASE_URL",
      "ACME_TOKEN_URL",
    ]);
    expect(acme.requiredVariables).toEqual(["ACME_CLIENT_ID", "ACME_CLIENT_SECRET", "ACME_ACCOUNT"]);
    expect(envExample([acme])).toContain(
      "# your account number\nACME_ACCOUNT=\n# the tenant code (or the tenant id)\nACME_TENANT=\n# eu | us (optional)\n",
    );
  });

  it("toEnv is fromEnv's inverse, pairs included, for any options the data accepts", () => {
    const seed = propertySeed();
    const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.length > 0);
    const options = fc.record(
      {
        clientId: text,
        clientSecret: fc.oneof(text, fc.tuple(text, text)),
        account: fc.stringMatching(/^\d{6}$/),
        region: fc.constantFrom("eu" as const, "us" as const),
        tenantId: fc.integer({ min: 1, max: 2 ** 31 }),
        verbose: fc.boolean(),
        tenantCode: text,
      },
      { requiredKeys: ["clientId", "clientSecret", "account", "tenantCode"] },
    );
    fc.assert(
      fc.property(options, (given) => {
        expect(acme.fromEnv({}, acme.toEnv(given)).options).toEqual(given);
      }),
      { seed, numRuns: 200 },
    );
  });
});

describe("defineVendor: a client from its data", () => {
  it("gets tokens from the recipe's source at the token URL the options give", async () => {
    const idp = await startOAuthServer();
    try {
      const client = acme.create({ ...valid, tokenUrl: idp.tokenUrl });
      expect((await client.tokens.getToken()).value).toMatch(/\S/);
      expect(idp.requests.at(-1)!.body).toMatchObject({ grant_type: "client_credentials", client_id: "id" });
    } finally {
      await idp.stop();
    }
  });
});
