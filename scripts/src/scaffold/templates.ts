/** Source files of a new vendor package. Kept as plain templates: what they produce is what a hand-written vendor package looks like. */

export type AuthKind = "client-credentials" | "password" | "api-key";

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
  apiKey: { name: string; in: "header" | "query" };
  /** The definition requires an API key together with the OAuth token on every call. */
  apiKeyWithOAuth?: boolean;
  /** The typed call the generated test makes against Prism, with valid values for its required parameters. */
  sample: SampleCall;
}

export interface SampleCall {
  path: string;
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
}

/** `client.GET(path, { params })` as source text; no second argument when nothing is required. */
export const sampleCallSource = (sample: SampleCall) =>
  `client.GET(${JSON.stringify(sample.path)}${Object.keys(sample.params).length ? `, { params: ${JSON.stringify(sample.params)} }` : ""})`;

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
          inputs: ["$TURBO_ROOT$/specs/sources.schema.json", `$TURBO_ROOT$/specs/${t.vendor}/**`, "$TURBO_ROOT$/scripts/src/**"],
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

const credentialOptions: Record<AuthKind, string> = {
  "client-credentials": `  clientId: string;
  clientSecret: string;
  scopes?: readonly string[];
  tokenUrl?: string;`,
  password: `  clientId: string;
  username: string;
  password: string;
  tokenUrl?: string;`,
  "api-key": `  apiKey: string;`,
};

const envVars: Record<AuthKind, string[]> = {
  "client-credentials": ["clientId:CLIENT_ID", "clientSecret:CLIENT_SECRET", "tokenUrl:TOKEN_URL"],
  password: ["clientId:CLIENT_ID", "username:USERNAME", "password:PASSWORD", "tokenUrl:TOKEN_URL"],
  "api-key": ["apiKey:API_KEY"],
};

/** The variables commonVariables() gives every vendor; the others are written out. */
const COMMON = ["clientId", "clientSecret", "baseUrl", "tokenUrl"];
const OPTION_DESCRIPTIONS: Record<string, string> = {
  username: "the user's login",
  password: "its password",
  apiKey: "the API key",
};
const describeOption = (option: string | undefined) => OPTION_DESCRIPTIONS[option ?? ""] ?? option ?? "";

export function clientTsFor(t: Template): string {
  const oauth = t.auth !== "api-key";
  const camel = t.pascal[0]!.toLowerCase() + t.pascal.slice(1);
  const withKey = !oauth || t.apiKeyWithOAuth;
  const source =
    t.auth === "client-credentials"
      ? `clientCredentials({ tokenUrl: options.tokenUrl ?? ${t.pascal.toUpperCase()}_TOKEN_URL, clientId: options.clientId, clientSecret: options.clientSecret, ${t.clientAuthentication === "basic" ? 'clientAuthentication: "basic", ' : ""}...(options.scopes ? { scopes: options.scopes } : {}), ...endpoint })`
      : `passwordGrant({ tokenUrl: options.tokenUrl ?? ${t.pascal.toUpperCase()}_TOKEN_URL, clientId: options.clientId, username: options.username, password: options.password, ...endpoint })`;
  const env = [...envVars[t.auth], ...(oauth && withKey ? ["apiKey:API_KEY"] : [])].map((pair) => pair.split(":") as [string, string]);
  return `import {
  ${[t.auth === "client-credentials" ? "clientCredentials" : "", "commonVariables", "createClientCore", "defineVendor", t.auth === "password" ? "passwordGrant" : "", "type CommonClientOptions", "type Environment", "type ExactClient", "type AuthenticatedClient"].filter(Boolean).join(",\n  ")},
} from "@vendor-clients/auth";
import createClient from "openapi-fetch";
import type { paths } from "./generated/${t.definitionName}.ts";

export const ${t.pascal.toUpperCase()}_BASE_URL = ${JSON.stringify(t.baseUrl)};
${oauth ? `export const ${t.pascal.toUpperCase()}_TOKEN_URL = ${JSON.stringify(t.tokenUrl)};\n` : ""}
export interface ${t.pascal}Options extends CommonClientOptions {
${credentialOptions[t.auth]}${oauth && withKey ? `\n  /** The ${t.apiKey.name} key the definition requires on every call besides the token. */\n  apiKey: string;` : ""}
  baseUrl?: string;
}

export type ${t.pascal}Client = ExactClient<paths> & ${oauth ? "AuthenticatedClient" : 'Omit<AuthenticatedClient, "tokens">'};

/** A typed client for the ${t.title} API, generated from specs/${t.definitionFile}. */
export function create${t.pascal}Client(options: ${t.pascal}Options): ${t.pascal}Client {
  const core = createClientCore({
    owner: "create${t.pascal}Client",
    options,
    baseUrl: options.baseUrl ?? ${t.pascal.toUpperCase()}_BASE_URL,
${oauth ? `    tokens: (endpoint) => ${source},\n` : ""}${withKey ? `    apiKey: { name: ${JSON.stringify(t.apiKey.name)}, in: ${JSON.stringify(t.apiKey.in)}, keys: options.apiKey, option: "apiKey" },\n` : ""}  });
  const { ${oauth ? "tokens, " : ""}fetch, baseUrl } = core;
  return Object.assign(createClient<paths>(core.clientOptions) as ExactClient<paths>, { ${oauth ? "tokens, " : ""}fetch, baseUrl });
}

const common = commonVariables<${t.pascal}Options>(${JSON.stringify(t.envPrefix)});

/** ${t.title} as data: the variables its client reads and the factory (\`fromEnv\`, \`.env.example\` derive from it). */
export const ${camel} = defineVendor({
  id: ${JSON.stringify(t.vendor)},
  name: ${JSON.stringify(t.title)},
  variables: [
${[...env, ["baseUrl", "BASE_URL"]].map(([option, suffix]) => (COMMON.includes(option!) ? `    common.${option},` : `    { name: "${t.envPrefix}_${suffix}", option: "${option}", required: true, description: ${JSON.stringify(describeOption(option))} },`)).join("\n")}
  ],
  create: create${t.pascal}Client,
});

/** A client configured from ${t.envPrefix}_* environment variables; \`overrides\` win. */
export const fromEnv: (overrides?: Partial<${t.pascal}Options>, env?: Environment) => ${t.pascal}Client = ${camel}.fromEnv;
`;
}

export const indexTs = (t: Template) =>
  `export * from "./client.ts";\nexport type { components, operations, paths } from "./generated/${t.definitionName}.ts";\n`;

export function clientTestTs(t: Template): string {
  const oauth = t.auth !== "api-key";
  const key = !oauth || t.apiKeyWithOAuth ? ", apiKey: SECRETS.apiKey" : "";
  const credentials =
    t.auth === "client-credentials"
      ? `clientId: "test-client", clientSecret: SECRETS.clientSecret, tokenUrl: idp.tokenUrl${key}`
      : t.auth === "password"
        ? `clientId: "test-client", username: "tester", password: SECRETS.password, tokenUrl: idp.tokenUrl${key}`
        : `apiKey: SECRETS.apiKey`;
  const basic = t.auth === "client-credentials" && t.clientAuthentication === "basic";
  const expectedGrant =
    t.auth === "client-credentials"
      ? basic
        ? `{ grant_type: "client_credentials" }`
        : `{ grant_type: "client_credentials", client_id: "test-client", client_secret: SECRETS.clientSecret }`
      : `{ grant_type: "password", username: "tester", password: SECRETS.password }`;
  return `import { ${oauth ? "SECRETS, specPath, startOAuthServer, startPrism, type OAuthTestServer, type PrismServer" : "SECRETS, specPath, startPrism, type PrismServer"} } from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create${t.pascal}Client } from "./index.ts";

${oauth ? "let idp: OAuthTestServer;\n" : ""}let prism: PrismServer;
beforeAll(async () => {
  ${oauth ? `[idp, prism] = await Promise.all([startOAuthServer(), startPrism(specPath(${JSON.stringify(t.definitionFile)}))]);` : `prism = await startPrism(specPath(${JSON.stringify(t.definitionFile)}));`}
}, 60_000);
afterAll(async () => {
  await Promise.all([${oauth ? "idp?.stop(), " : ""}prism?.stop()]);
});

describe("${t.title} client against Prism (its definition)${oauth ? " and a real OAuth server" : ""}", () => {
  it("makes a typed call that the definition accepts", async () => {
    const client = create${t.pascal}Client({ ${credentials}, baseUrl: prism.url });
    const { error, response } = await ${sampleCallSource(t.sample)};
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBeLessThan(300);
${
  oauth
    ? `    const [request] = idp.requests.slice(-1);
    expect(request!.body).toMatchObject(${expectedGrant});
${basic ? `    expect(request!.headers.authorization).toMatch(/^Basic /);\n    expect(request!.body.client_secret).toBeUndefined();\n` : ""}`
    : ""
}  });
});
`;
}

export const readme = (t: Template) => `# @vendor-clients/${t.vendor}

Typed client for the ${t.title} API, generated from \`specs/${t.definitionFile}\` (auth: ${t.auth}).
Scaffolded by \`pnpm new-vendor\`; grow it as the other vendor packages did.

\`\`\`ts
import { fromEnv } from "@vendor-clients/${t.vendor}";

const client = fromEnv(); // ${t.envPrefix}_* variables
const { data, error } = await ${sampleCallSource(t.sample)};
\`\`\`
`;
