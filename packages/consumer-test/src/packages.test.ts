import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const packagesDir = resolve(import.meta.dirname, "../..");
const { publicPackages } = await import(resolve(packagesDir, "../scripts/src/lib/registry.js"));
/** Every published package of the checkout (packages/* not marked private), a vendor added by new-vendor included. */
const PUBLIC: string[] = publicPackages(resolve(packagesDir, "..")).map((dir: string) => dir.replace(/^packages\//, ""));
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
const localBin = resolve(import.meta.dirname, "../node_modules/.bin");

/**
 * The pnpm that runs this test (pnpm sets npm_execpath to its own script), never whichever pnpm
 * is first on the PATH: another version packs differently, and a machine may have several.
 */
function ownPnpm(): [string, string[]] {
  const execpath = process.env.npm_execpath;
  if (!execpath || !/pnpm(\.c?js)?$/.test(execpath))
    throw new Error(
      `consumer-test packs with the pnpm that runs it; npm_execpath is "${execpath ?? ""}". Run it through pnpm: pnpm --filter @vendor-clients/consumer-test test`,
    );
  return /\.c?js$/.test(execpath) ? [process.execPath, [execpath]] : [execpath, []];
}

let tarballs: Record<string, string>;
let project: string;

beforeAll(async () => {
  const out = await mkdtemp(join(tmpdir(), "vendor-clients-pack-"));
  const [pnpm, pnpmArgs] = ownPnpm();
  for (const name of PUBLIC) await run(pnpm, [...pnpmArgs, "pack", "--pack-destination", out], { cwd: join(packagesDir, name) });
  tarballs = Object.fromEntries(
    (await readdir(out)).map((file) => [file.replace(/^vendor-clients-(.*)-\d+\.\d+\.\d+\.tgz$/, "$1"), join(out, file)]),
  );
  project = await mkdtemp(join(tmpdir(), "vendor-clients-consumer-"));
}, 120_000);

describe("published packages", () => {
  it.each(PUBLIC)(
    "@vendor-clients/%s passes publint and are-the-types-wrong (ESM)",
    async (name) => {
      const lint = await run(join(localBin, "publint"), ["--strict", join(packagesDir, name)]);
      expect(lint.stdout).toContain("All good!");
      // The shipped schema file is data, not a module: nothing to type.
      const exclude = name === "nexar" ? ["--exclude-entrypoints", "./schema.graphql"] : [];
      await run(join(localBin, "attw"), [tarballs[name]!, "--profile", "esm-only", "--format", "ascii", ...exclude]).catch(
        (error: { stdout?: string }) => {
          throw new Error(`are-the-types-wrong found problems in @vendor-clients/${name}:\n${error.stdout}`);
        },
      );
    },
    60_000,
  );

  it("installs from the tarballs into a fresh project whose one-call program type-checks and runs", async () => {
    await writeFile(
      join(project, "package.json"),
      JSON.stringify(
        {
          name: "consumer",
          private: true,
          type: "module",
          dependencies: Object.fromEntries(PUBLIC.map((n) => [`@vendor-clients/${n}`, `file:${tarballs[n]}`])),
          // A Node program: the Redis store's ioredis types build on Node's.
          devDependencies: { "@types/node": "^20.19.0" },
        },
        null,
        2,
      ),
    );
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, timeout: 240_000 });
    await writeFile(
      join(project, "consumer.ts"),
      `import { createIngramMicroClient } from "@vendor-clients/ingram-micro";
import { createAvnetClient, getPrices } from "@vendor-clients/avnet";
import { createAvionteClient, paginate } from "@vendor-clients/avionte";
import { createAdvancedInventoryClient } from "@vendor-clients/advanced-inventory";
import { createNexarClient, searchMpn } from "@vendor-clients/nexar";
import { fileTokenStore } from "@vendor-clients/auth/node";
import { redisTokenStore } from "@vendor-clients/token-store-redis";
import { redisRateLimiter } from "@vendor-clients/rate-limit-redis";

const im = createIngramMicroClient({ clientId: "id", clientSecret: "secret", customerNumber: "20-222222", countryCode: "US", store: fileTokenStore({ path: "tokens.json" }) });
export const catalog = () => im.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5 } } }).then((r) => r.data?.catalog?.length);
const avnet = createAvnetClient({ clientId: "id", clientSecret: "s", scope: "api://x/.default", subscriptionKey: "k" });
export const prices = () => getPrices(avnet, [{ mpn: "LM358", quantity: 1 }]).then((r) => r[0]?.offers[0]?.price);
const avionte = createAvionteClient({ clientId: "id", clientSecret: "s", apiKey: "k", tenant: "apitest" });
export const talents = () => paginate(avionte, "talents").next().then((r) => r.value?.lastName);
const dsi = createAdvancedInventoryClient({ baseUrl: "https://localhost:8130", clientId: "DSI", username: "u", password: "p" });
export const ping = () => dsi.GET("/api/v1/Public/PingUTC").then((r) => r.data);
const nexar = createNexarClient({ clientId: "id", clientSecret: "s" });
export const parts = () => searchMpn(nexar, "LM358").then((r) => r.results?.[0]?.part.sellers[0]?.offers[0]?.prices[0]?.price);
export const shared = () => redisTokenStore({ redis: "redis://127.0.0.1:6379" });
export const fleet = () => createIngramMicroClient({ clientId: "id", clientSecret: "secret", customerNumber: "20-222222", countryCode: "US", rateLimit: { limiter: redisRateLimiter({ redis: "redis://127.0.0.1:6379" }) } });
console.log("clients ready:", [im, avnet, avionte, dsi, nexar].length);
`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          // One compile checks the types and writes the program that runs below.
          outDir: ".",
          skipLibCheck: false,
          types: ["node"],
          lib: ["ES2023", "DOM"],
        },
        files: ["consumer.ts"],
      }),
    );
    await run(process.execPath, [tsc, "-p", project]).catch((error: { stdout?: string }) => {
      throw new Error(`the consumer program does not type-check:\n${error.stdout}${(error as { stderr?: string }).stderr ?? ""}`);
    });
    const { stdout } = await run(process.execPath, [join(project, "consumer.js")], { cwd: project });
    expect(stdout.trim()).toBe("clients ready: 5");
    // The CLI as a user runs it: npx finds the bin the tarball declares; node runs it by its shebang.
    const manifest = JSON.parse(await readFile(join(project, "node_modules", "@vendor-clients", "cli", "package.json"), "utf8")) as {
      bin: Record<string, string>;
    };
    expect(manifest.bin).toEqual({ "vendor-clients": "./bin/vendor-clients.js" });
    expect(
      (await readFile(join(project, "node_modules", "@vendor-clients", "cli", "bin", "vendor-clients.js"), "utf8")).split("\n")[0],
    ).toBe("#!/usr/bin/env node");
    const help = await run("npm", ["exec", "--offline", "--no", "--", "vendor-clients", "--help"], { cwd: project });
    expect(help.stdout).toContain("Usage: vendor-clients <command>");
    // Outside a checkout there are no stand-ins to start: one clear line, exit 2.
    // (NODE_PATH, which pnpm sets for this test, would lead it to the workspace's testkit.)
    const { NODE_PATH: _, ...userEnv } = process.env;
    const standIns = await run("npm", ["exec", "--offline", "--no", "--", "vendor-clients", "nexar", "search", "NE555", "--stand-ins"], {
      cwd: project,
      env: userEnv,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(standIns?.code).toBe(2);
    expect(standIns?.stderr).toMatch(/^error: --stand-ins and stand-ins work inside a vendor-clients checkout/m);
  }, 300_000);
});
