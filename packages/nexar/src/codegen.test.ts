import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  expectNoSecrets,
  runTsx,
  SECRETS,
  startNexarServer,
  startOAuthServer,
  type NexarTestServer,
  type OAuthTestServer,
} from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nexarClientPresetConfig } from "./codegen.ts";

// A user's own typed Nexar queries, as the README tells them to do it: the real
// @graphql-codegen/cli over a user's project (its own .graphql operation, its own config importing
// @vendor-clients/nexar/codegen), then TypeScript under module nodenext, then the program against
// the Nexar stand-in. Two projects: the shipped plugin config and the client-preset config.
// The README's "Your own typed query" snippet is copied from SHIPPED below.

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

const SHIPPED = {
  "codegen.ts": `import { nexarCodegenConfig } from "@vendor-clients/nexar/codegen";

export default nexarCodegenConfig({ documents: "src/**/*.graphql", output: "src/nexar.generated.ts" });
`,
  "src/lifecycle.graphql": `query Lifecycle($mpn: String!) {
  supSearchMpn(q: $mpn, limit: 1) {
    hits
    results {
      part {
        mpn
        manufacturer { name }
        specs { attribute { shortname } displayValue }
      }
    }
  }
}
`,
  "src/main.ts": `import { fromEnv } from "@vendor-clients/nexar";
import { LifecycleDocument } from "./nexar.generated.js";

const nexar = fromEnv(); // NEXAR_CLIENT_ID, NEXAR_CLIENT_SECRET
const data = await nexar.request(LifecycleDocument, { mpn: "LM358" }); // typed data and variables
const part = data.supSearchMpn.results?.[0]?.part;
console.log(JSON.stringify({ hits: data.supSearchMpn.hits, mpn: part?.mpn, lifecycle: part?.specs.find((s) => s.attribute.shortname === "lifecyclestatus")?.displayValue ?? null }));
`,
  // Never run, only type-checked: the generated types must refuse what Nexar would.
  "src/checks.ts": `import type { NexarClient } from "@vendor-clients/nexar";
import { LifecycleDocument } from "./nexar.generated.js";

export async function checks(nexar: NexarClient) {
  // @ts-expect-error mpn is a String
  await nexar.request(LifecycleDocument, { mpn: 358 });
  // @ts-expect-error the variables are required
  await nexar.request(LifecycleDocument);
  const data = await nexar.request(LifecycleDocument, { mpn: "LM358" });
  const hits: number | null | undefined = data.supSearchMpn.hits;
  // @ts-expect-error octopartUrl was not selected
  data.supSearchMpn.results?.[0]?.part.octopartUrl;
  return hits;
}
`,
};

const PRESET = {
  "codegen.ts": `import { nexarClientPresetConfig } from "@vendor-clients/nexar/codegen";

export default nexarClientPresetConfig({ documents: ["src/**/*.ts", "!src/gql/**"], output: "src/gql/" });
`,
  "src/main.ts": `import { fromEnv } from "@vendor-clients/nexar";
import { graphql } from "./gql/index.js";

const StockDocument = graphql(\`
  query Stock($mpn: String!) {
    supSearchMpn(q: $mpn, limit: 1) { results { part { mpn totalAvail } } }
  }
\`);

const nexar = fromEnv();
const data = await nexar.request(StockDocument, { mpn: "LM358" });
const part = data.supSearchMpn.results?.[0]?.part;
const stock: number | undefined = part?.totalAvail;
// @ts-expect-error mpn is a String
if (stock === -1) await nexar.request(StockDocument, { mpn: 358 });
console.log(JSON.stringify({ mpn: part?.mpn, stock }));
`,
};

/** What a user's project has installed: the README's list, nothing more (pnpm-strict, no hoisting). */
const INSTALLED = [
  "@vendor-clients/nexar",
  "graphql",
  "@graphql-typed-document-node/core",
  "@graphql-codegen/cli",
  "@graphql-codegen/typescript-operations",
  "@graphql-codegen/typed-document-node",
  "@graphql-codegen/client-preset",
];

let root: string;
let idp: OAuthTestServer;
let nexar: NexarTestServer;

async function writeProject(dir: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

const packageRoot = async (name: string) =>
  name === "@vendor-clients/nexar" ? packageDir : dirname(await realpath(require.resolve(`${name}/package.json`)));

function run(args: string[], cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: "1" }, timeout: 150_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const codegenBin = async () =>
  join(
    await packageRoot("@graphql-codegen/cli"),
    (require("@graphql-codegen/cli/package.json") as { bin: Record<string, string> }).bin["graphql-codegen"]!,
  );

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "nexar-user-project-"));
  for (const name of INSTALLED) {
    await mkdir(dirname(join(root, "node_modules", name)), { recursive: true });
    await symlink(await packageRoot(name), join(root, "node_modules", name), "dir");
  }
  await writeFile(join(root, "package.json"), JSON.stringify({ name: "nexar-user", private: true, type: "module" }));
  await writeFile(
    join(root, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ["shipped", "preset"],
    }),
  );
  await writeProject(join(root, "shipped"), SHIPPED);
  await writeProject(join(root, "preset"), PRESET);
  [idp, nexar] = await Promise.all([startOAuthServer(), startNexarServer()]);
});

afterAll(async () => {
  await Promise.all([idp?.stop(), nexar?.close()]);
  if (root) await rm(root, { recursive: true, force: true });
});

describe("your own typed Nexar queries: @graphql-codegen/cli on a user's project", () => {
  it("generates with the shipped config and with the client-preset config, type-checks under module nodenext, and runs against the stand-in", async () => {
    const bin = await codegenBin();
    const generated = await Promise.all([
      run([bin, "--config", "codegen.ts"], join(root, "shipped")),
      run([bin, "--config", "codegen.ts"], join(root, "preset")),
    ]);
    for (const result of generated) expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(await readdir(join(root, "shipped/src"))).toContain("nexar.generated.ts");
    expect((await readdir(join(root, "preset/src/gql"))).sort()).toEqual(expect.arrayContaining(["gql.ts", "graphql.ts", "index.ts"]));

    const tsc = await run([require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], root);
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);

    const env = {
      ...process.env,
      NEXAR_CLIENT_ID: "nexar-user",
      NEXAR_CLIENT_SECRET: SECRETS.clientSecret,
      NEXAR_ENDPOINT: nexar.url,
      NEXAR_TOKEN_URL: idp.tokenUrl,
    };
    const [shipped, preset] = await Promise.all([
      runTsx("src/main.ts", [], { cwd: join(root, "shipped"), env }),
      runTsx("src/main.ts", [], { cwd: join(root, "preset"), env }),
    ]);
    for (const result of [shipped, preset]) {
      expect(result.code, result.stderr).toBe(0);
      expectNoSecrets(result.stdout + result.stderr);
    }
    expect(JSON.parse(shipped.stdout)).toMatchObject({ hits: expect.any(Number), mpn: expect.stringMatching(/^LM358/) });
    expect(JSON.parse(preset.stdout)).toMatchObject({ mpn: expect.stringMatching(/^LM358/), stock: expect.any(Number) });
    // The stand-in validated both operations against Nexar's schema and saw the user's variables.
    expect(
      nexar.requests
        .filter((r) => r.operationName === "Lifecycle" || r.operationName === "Stock")
        .map((r) => [r.operationName, r.variables])
        .sort(),
    ).toEqual([
      ["Lifecycle", { mpn: "LM358" }],
      ["Stock", { mpn: "LM358" }],
    ]);
    // Five processes one after another (two codegen runs, tsc, two programs): a loaded machine takes minutes.
  }, 300_000);

  it("the README's snippets are this test's files", async () => {
    const readme = await readFile(join(packageDir, "README.md"), "utf8");
    const mainWithoutOutput = SHIPPED["src/main.ts"].split("\n").slice(0, 6).join("\n");
    for (const snippet of [SHIPPED["codegen.ts"], SHIPPED["src/lifecycle.graphql"], mainWithoutOutput, PRESET["codegen.ts"]])
      expect(readme).toContain(snippet);
  });

  it("the client-preset config refuses an output that is not a folder, naming the option", () => {
    expect(() => nexarClientPresetConfig({ documents: "src/**/*.ts", output: "src/gql.ts" })).toThrow(
      /option "output" must be a folder ending in "\/".*"src\/gql\.ts"/,
    );
  });
});
