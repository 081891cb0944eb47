import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const packagesDir = resolve(import.meta.dirname, "../..");
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");

/** The pnpm that runs this test (see packages.test.ts). */
function ownPnpm(): [string, string[]] {
  const execpath = process.env.npm_execpath;
  if (!execpath || !/pnpm(\.c?js)?$/.test(execpath))
    throw new Error(
      `consumer-test packs with the pnpm that runs it; run it through pnpm: pnpm --filter @vendor-clients/consumer-test test`,
    );
  return /\.c?js$/.test(execpath) ? [process.execPath, [execpath]] : [execpath, []];
}

describe("a Nexar-only project", () => {
  it("installs what the Nexar README lists (no openapi-fetch) and type-checks with TypeScript's defaults (skipLibCheck: false)", async () => {
    const out = await mkdtemp(join(tmpdir(), "vendor-clients-nexar-pack-"));
    const [pnpm, pnpmArgs] = ownPnpm();
    // auth comes with nexar from the registry; here its tarball stands in for it.
    for (const name of ["auth", "nexar"])
      await run(pnpm, [...pnpmArgs, "pack", "--pack-destination", out], { cwd: join(packagesDir, name) });
    const tarball = (name: string) => readdir(out).then((files) => join(out, files.find((f) => f.startsWith(`vendor-clients-${name}-`))!));
    const project = await mkdtemp(join(tmpdir(), "vendor-clients-nexar-only-"));
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({
        name: "nexar-only",
        private: true,
        type: "module",
        // The README's install line: the client, graphql and the typed-document type.
        dependencies: {
          "@vendor-clients/nexar": `file:${await tarball("nexar")}`,
          "@vendor-clients/auth": `file:${await tarball("auth")}`,
          graphql: "^16.15.0",
          "@graphql-typed-document-node/core": "^3.2.0",
        },
      }),
    );
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, timeout: 240_000 });
    expect(existsSync(join(project, "node_modules", "openapi-fetch"))).toBe(false);
    await writeFile(
      join(project, "bom.ts"),
      `import { createNexarClient, multiMatch, NexarGraphQLError, type MultiMatchResult } from "@vendor-clients/nexar";

const nexar = createNexarClient({ clientId: "id", clientSecret: "s" });
export const match = async (): Promise<MultiMatchResult<{ mpn: string }>> => {
  const result = await multiMatch(nexar, [{ mpn: "LM358" }]);
  for (const { error } of result.failed) if (error instanceof NexarGraphQLError) console.log(error.status, error.code);
  return result;
};
`,
    );
    // TypeScript's defaults for the rest: strict, and every declaration file checked.
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          lib: ["ES2023", "DOM"],
        },
        files: ["bom.ts"],
      }),
    );
    const check = await run(process.execPath, [tsc, "-p", project]).then(
      () => "",
      (error: { stdout?: string }) => String(error.stdout),
    );
    expect(check).toBe("");
  }, 300_000);
});
