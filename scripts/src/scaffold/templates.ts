/** Source files of a new vendor package. Kept as plain templates: what they produce is what a hand-written vendor package looks like. */

export type AuthKind = "client-credentials" | "password" | "bearer-token" | "api-key";

/** Every kind, in the order messages and help list them. */
export const AUTH_KINDS: readonly AuthKind[] = ["client-credentials", "password", "bearer-token", "api-key"];

/** The kinds whose client asks a token endpoint for its tokens (the others have no OAuth app: no client id, no token URL). */
export const hasTokenEndpoint = (auth: AuthKind) => auth === "client-credentials" || auth === "password";

export interface Template {
  vendor: string;
  /** "Acme Parts" */
  title: string;
  /** "AcmeParts" */
  pascal: string;
  /** "ACME_PARTS" */
  envPrefix: string;
  definitionName: string;
  definitionFile: string;
  auth: AuthKind;
  tokenUrl?: string;
  /** How the client authenticates at the token endpoint (client credentials only; default body). */
  clientAuthentication?: "body" | "basic";
  baseUrl: string;
  /** Other environments' base URLs (from the definition's servers), by name: "sandbox", "test"… */
  otherEnvironments?: Record<string, string>;
  apiKey: { name: string; in: "header" | "query" };
  /** The definition requires an API key together with the OAuth token on every call. */
  apiKeyWithOAuth?: boolean;
  /** Every header the client sets on calls (the vendor data's `headers`: codegen leaves them out of the types). */
  headers: string[];
  /** The typed call the generated test makes against Prism, with valid values for its required parameters. */
  sample: SampleCall;
}

export interface SampleCall {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  /** The JSON request body, valid for the operation's schema. */
  body?: unknown;
  /** Prism's made-up response would break the definition's own patterns: the test has Prism check requests only. */
  mockResponseBreaksPatterns?: true;
}

/** `client.GET(path, { params, body })` as source text; no second argument when nothing is required. */
export const sampleCallSource = (sample: SampleCall) => {
  const init = {
    ...(Object.keys(sample.params).length ? { params: sample.params } : {}),
    ...(sample.body !== undefined ? { body: sample.body } : {}),
  };
  return `client.${sample.method}(${JSON.stringify(sample.path)}${Object.keys(init).length ? `, ${JSON.stringify(init)}` : ""})`;
};

export const packageJson = (t: Template) =>
  `${JSON.stringify(
    {
      name: `@vendor-clients/${t.vendor}`,
      version: "0.0.0",
      description: `Typed client for the ${t.title} API`,
      license: "MIT",
      type: "module",
      sideEffects: false,
      exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" } },
      files: ["dist"],
      engines: { node: ">=20.19" },
      scripts: {
        generate: `vendor-clients-generate ${t.vendor}`,
        build: "node ../../node_modules/typescript/bin/tsc -p tsconfig.build.json",
        typecheck: "node ../../node_modules/typescript-7/bin/tsc --noEmit",
        test: "vitest run",
      },
      dependencies: { "@vendor-clients/auth": "workspace:*", "openapi-fetch": "^0.17.0" },
      devDependencies: { "@types/node": "^20.19.0", "@vendor-clients/scripts": "workspace:*", "@vendor-clients/testkit": "workspace:*" },
    },
    null,
    2,
  )}\n`;

export const turboJson = (t: Template) =>
  `${JSON.stringify(
    {
      $schema: "https://turborepo.com/schema.json",
      extends: ["//"],
      tasks: {
        generate: {
          // Its own definitions and data (the headers codegen leaves out): another vendor's change leaves it cached.
          inputs: [
            "$TURBO_ROOT$/specs/sources.schema.json",
            `$TURBO_ROOT$/specs/${t.vendor}/**`,
            "$TURBO_ROOT$/scripts/src/**",
            "$TURBO_ROOT$/scripts/bin/generate.mjs",
            "src/vendor.ts",
          ],
          outputs: ["src/generated/**"],
        },
      },
    },
    null,
    2,
  )}\n`;

export const tsconfig = `${JSON.stringify({ extends: "../../tsconfig.base.json", compilerOptions: { rootDir: "src", outDir: "dist", types: ["node"] }, include: ["src"] }, null, 2)}\n`;
export const tsconfigBuild = `${JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: false }, exclude: ["src/**/*.test.ts", "src/**/*.test-d.ts"] }, null, 2)}\n`;
export const vitestConfig = 'export { default } from "../../vitest.shared.ts";\n';

/** A TypeScript identifier from words: "acmeParts" (the vendor's binding) or "AcmeParts" (its types). */
const camelOf = (t: Template) => t.pascal[0]!.toLowerCase() + t.pascal.slice(1);
const usesKey = (t: Template) => t.auth === "api-key" || Boolean(t.apiKeyWithOAuth);
/** What `.env.example`, the README and the option's doc say of a bearer token. */
const TOKEN_DESCRIPTION = "a token for the API (such as a personal access token from the vendor's portal), sent as Authorization: Bearer";

/**
 * The vendor's data as a value: the facts the auth recipe read from the definition. vendor.ts
 * writes it out as a literal, so the package's data is plain, and tooling reads it as it is.
 */
export function vendorDataOf(t: Template): Record<string, unknown> {
  const key: Record<string, object> = usesKey(t)
    ? { apiKey: { description: `the ${t.apiKey.name} API key`, required: true, secret: true } }
    : {};
  const byAuth: Record<AuthKind, { common: string[]; options: Record<string, object> }> = {
    "client-credentials": {
      common: ["clientId", "clientSecret", "baseUrl", "tokenUrl"],
      // Every option the client takes is in its data: a name that is not is refused as unknown.
      options: { scopes: { description: "scopes to ask for", type: "list", variable: false }, ...key },
    },
    password: {
      common: ["clientId", "baseUrl", "tokenUrl"],
      options: {
        username: { description: "the user's login", required: true },
        password: { description: "the password of that login", required: true, secret: true },
        ...key,
      },
    },
    // A token the user brings: no OAuth app, so no client id or token URL to ask for.
    "bearer-token": {
      common: ["baseUrl"],
      options: { token: { description: TOKEN_DESCRIPTION, required: true, secret: true }, ...key },
    },
    "api-key": { common: ["baseUrl"], options: key },
  };
  const { common, options } = byAuth[t.auth];
  // What defineVendor derives (factory and prefix from the id, all four common options, no headers) is left out.
  const derivedPascal = t.vendor.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  return {
    id: t.vendor,
    name: t.title,
    ...(t.pascal !== derivedPascal ? { factory: `create${t.pascal}Client` } : {}),
    ...(t.envPrefix !== t.vendor.toUpperCase().replace(/-/g, "_") ? { envPrefix: t.envPrefix } : {}),
    baseUrls: { production: t.baseUrl, ...t.otherEnvironments },
    ...(hasTokenEndpoint(t.auth) ? { tokenUrl: t.tokenUrl } : {}),
    ...(t.headers.length ? { headers: t.headers } : {}),
    ...(common.length < 4 ? { common } : {}),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

/** The Options members a vendor adds to VendorClientOptions, per kind of auth: [name, type, what it is]. */
const OPTION_MEMBERS: Record<AuthKind, Array<[string, string, string]>> = {
  "client-credentials": [
    ["clientSecret", "string", "The app's client secret."],
    ["scopes?", "readonly string[]", "Scopes to ask for (default: those the token endpoint grants the client)."],
  ],
  password: [
    ["username", "string", "The login the token is issued for."],
    ["password", "string", "Its password."],
  ],
  "bearer-token": [
    [
      "token",
      "string",
      "A token for the API (such as a personal access token from the vendor's portal), sent as `Authorization: Bearer`; a 401 is the API's answer, since it cannot be renewed.",
    ],
  ],
  "api-key": [],
};

/** src/vendor.ts: the Options interface and the vendor's data, importing only types (codegen reads it with no build). */
export function vendorTsFor(t: Template): string {
  const members = [...OPTION_MEMBERS[t.auth]];
  if (usesKey(t)) members.push(["apiKey", "string", `Sent as ${t.apiKey.name} (${t.apiKey.in}) on every call.`]);
  // An API-key or bearer-token client has no OAuth app: no client id, no token URL.
  const base = hasTokenEndpoint(t.auth) ? "VendorClientOptions" : 'Omit<VendorClientOptions, "clientId" | "tokenUrl">';
  const data = vendorDataOf(t);
  const prefix = t.envPrefix;
  // On one line: Biome lays it out as it does hand-written code, collapsing what fits.
  const literal = JSON.stringify({
    ...data,
    baseUrls: { production: "@BASE@", ...t.otherEnvironments },
    ...(data.tokenUrl ? { tokenUrl: "@TOKEN@" } : {}),
  })
    .replace('"@BASE@"', `${prefix}_BASE_URL`)
    .replace('"@TOKEN@"', `${prefix}_TOKEN_URL`);
  return [
    'import type { VendorClientOptions, VendorData } from "@vendor-clients/auth";',
    "",
    `export const ${prefix}_BASE_URL = ${JSON.stringify(t.baseUrl)};`,
    ...(hasTokenEndpoint(t.auth) ? [`export const ${prefix}_TOKEN_URL = ${JSON.stringify(t.tokenUrl)};`] : []),
    "",
    `export interface ${t.pascal}Options extends ${base} {`,
    ...members.map(([name, type, doc]) => `  /** ${doc} */\n  ${name}: ${type};`),
    "}",
    "",
    `/** ${t.title} as data (from specs/${t.definitionFile}): the client, fromEnv, \`.env.example\` and codegen derive from it. */`,
    `export const ${camelOf(t)}Data: VendorData<${t.pascal}Options> = ${literal};`,
    "",
  ].join("\n");
}

/** The auth strategy of a token recipe, as one expression of `options` and `vendor`. */
function authStrategy(t: Template): string {
  if (t.auth === "bearer-token") return "tokenAuth({ token: options.token })";
  if (t.auth === "password")
    return "oauth(passwordGrant, { tokenUrl: vendor.tokenUrl, clientId: options.clientId, username: options.username, password: options.password })";
  const extra = [
    ...(t.clientAuthentication === "basic" ? ['clientAuthentication: "basic"'] : []),
    "...(options.scopes ? { scopes: options.scopes } : {})",
  ];
  return `vendor.clientCredentials({ ${extra.join(", ")} })`;
}

/** src/client.ts: defineVendor over the data, the recipe of the client (its token source and key), and the factory. */
export function clientTsFor(t: Template): string {
  const oauth = t.auth !== "api-key";
  const camel = camelOf(t);
  const key = `apiKey: { name: ${JSON.stringify(t.apiKey.name)}, in: "${t.apiKey.in}", keys: options.apiKey, option: "apiKey" }`;
  const recipe = [...(oauth ? [`auth: ${authStrategy(t)}`] : []), ...(usesKey(t) ? [key] : [])];
  const build = `restClient<paths>(vendor.core({ ${recipe.join(", ")} }))`;
  const values = [
    "defineVendor",
    ...(t.auth === "password" ? ["oauth", "passwordGrant"] : []),
    ...(t.auth === "bearer-token" ? ["tokenAuth"] : []),
    "vendorFactory",
  ];
  const types = ["AuthenticatedClient", "Environment"].map((name) => `type ${name}`);
  const clientType = `ExactClient<paths> & ${oauth ? "AuthenticatedClient" : 'Omit<AuthenticatedClient, "tokens">'}`;
  return `import { ${[...values, ...types].join(", ")} } from "@vendor-clients/auth";
import { restClient, type ExactClient } from "@vendor-clients/auth/rest";
import type { paths } from "./generated/${t.definitionName}.ts";
import { ${camel}Data, type ${t.pascal}Options } from "./vendor.ts";

export type ${t.pascal}Client = ${clientType};

/** A typed client for the ${t.title} API, generated from specs/${t.definitionFile} (${t.auth}${usesKey(t) && oauth ? ` and the ${t.apiKey.name} key` : ""}); options are checked as its data says. */
export const create${t.pascal}Client = vendorFactory(${camel}Data, (options, vendor): ${t.pascal}Client => ${build});

/** ${t.title} as data with its factory, for tooling; not bundled by a program that only calls the factory. */
export const ${camel} = /* @__PURE__ */ defineVendor(${camel}Data, create${t.pascal}Client);

/** A client configured from ${t.envPrefix}_* environment variables; \`overrides\` win. */
export const fromEnv = (overrides?: Partial<${t.pascal}Options>, env?: Environment): ${t.pascal}Client => ${camel}.fromEnv(overrides, env);
`;
}

export const indexTs = (t: Template) =>
  [
    `export { create${t.pascal}Client, fromEnv, ${camelOf(t)}, type ${t.pascal}Client } from "./client.ts";`,
    `export { ${[`${t.envPrefix}_BASE_URL`, ...(hasTokenEndpoint(t.auth) ? [`${t.envPrefix}_TOKEN_URL`] : []), `${camelOf(t)}Data`].join(", ")}, type ${t.pascal}Options } from "./vendor.ts";`,
    `export type { components, operations, paths } from "./generated/${t.definitionName}.ts";`,
    "",
  ].join("\n");

export function clientTestTs(t: Template): string {
  const endpoint = hasTokenEndpoint(t.auth);
  const bearer = t.auth === "bearer-token";
  const key = usesKey(t) ? ", apiKey: SECRETS.apiKey" : "";
  const credentials =
    t.auth === "client-credentials"
      ? `clientId: "test-client", clientSecret: SECRETS.clientSecret, tokenUrl: servers.idp.tokenUrl${key}`
      : t.auth === "password"
        ? `clientId: "test-client", username: "tester", password: SECRETS.password, tokenUrl: servers.idp.tokenUrl${key}`
        : bearer
          ? `token: SECRETS.staticToken${key}`
          : `apiKey: SECRETS.apiKey`;
  const basic = t.auth === "client-credentials" && t.clientAuthentication === "basic";
  const expectedGrant =
    t.auth === "client-credentials"
      ? basic
        ? `{ grant_type: "client_credentials" }`
        : `{ grant_type: "client_credentials", client_id: "test-client", client_secret: SECRETS.clientSecret }`
      : `{ grant_type: "password", username: "tester", password: SECRETS.password }`;
  const firstRequired = `${t.envPrefix}_${endpoint ? "CLIENT_ID" : bearer ? "TOKEN" : "API_KEY"}`;
  return `import { ${bearer ? "recordingFetch, " : ""}SECRETS, useVendorServers } from "@vendor-clients/testkit";
import { describe, expect, it } from "vitest";
import { create${t.pascal}Client, fromEnv, ${camelOf(t)}, type ${t.pascal}Options } from "./index.ts";

${
  t.sample.mockResponseBreaksPatterns
    ? `// Prism makes up this response from its schema, breaking the definition's own patterns (no example
// to answer with): it checks the request only, and still refuses a request the definition does not accept.
const servers = useVendorServers(${JSON.stringify(t.definitionFile)}, { errors: false });`
    : `const servers = useVendorServers(${JSON.stringify(t.definitionFile)});`
}
const options = (): ${t.pascal}Options => ({ ${credentials}, baseUrl: servers.prism.url });

describe("${t.title} client against Prism (its definition)${endpoint ? " and a real OAuth server" : ""}", () => {
  it("makes a typed call that the definition accepts", async () => {
${bearer ? "    const wire = recordingFetch();\n" : ""}    const client = create${t.pascal}Client(${bearer ? "{ ...options(), fetch: wire.fetch }" : "options()"});
    const { error, response } = await ${sampleCallSource(t.sample)};
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBeLessThan(300);
${
  endpoint
    ? `    const [request] = servers.idp.requests.slice(-1);
    expect(request!.body).toMatchObject(${expectedGrant});
${basic ? `    expect(request!.headers.authorization).toMatch(/^Basic /);\n    expect(request!.body.client_secret).toBeUndefined();\n` : ""}`
    : bearer
      ? `    // The token the user brings is the bearer token of the call; no token endpoint is asked.
    expect(wire.requests.map((r) => r.headers.authorization)).toEqual([\`Bearer \${SECRETS.staticToken}\`]);
    expect(servers.idp.requests).toEqual([]);
`
      : ""
}  });

  it("is configured from ${t.envPrefix}_* variables as its data says, and names a variable that is missing", async () => {
    const client = fromEnv({}, ${camelOf(t)}.toEnv(options()));
    const { error } = await ${sampleCallSource(t.sample)};
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(() => fromEnv({}, {})).toThrow(${JSON.stringify(firstRequired)});
  });
});
`;
}

export const readme = (t: Template) => `# @vendor-clients/${t.vendor}

Typed client for the ${t.title} API, generated from \`specs/${t.definitionFile}\` (auth: ${t.auth}).
Scaffolded by \`pnpm new-vendor\`; grow it as the other vendor packages did.
${
  t.auth === "bearer-token"
    ? `
Set \`${t.envPrefix}_TOKEN\` (or the \`token\` option) to ${TOKEN_DESCRIPTION.replace("Authorization: Bearer", "`Authorization: Bearer <token>`")}.
The client cannot renew it: when the API answers 401 (revoked, expired), the call returns that answer.
`
    : ""
}
\`\`\`ts
import { fromEnv } from "@vendor-clients/${t.vendor}";

const client = fromEnv(); // ${t.envPrefix}_* variables
const { data, error } = await ${sampleCallSource(t.sample)};
\`\`\`
`;
