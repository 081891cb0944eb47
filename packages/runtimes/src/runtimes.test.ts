import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SECRETS, expectNoSecrets, json, startHttpServer, startOAuthServer, type OAuthTestServer } from "@vendor-clients/testkit";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Job, Outcome } from "./harness.ts";
import type { OneCallResult } from "./one-call.ts";

// One program (src/one-call.ts: createIngramMicroClient + one typed call), run on every runtime
// the README names. Each one asks the testkit's OAuth server for a token and makes one catalog
// call to a loopback stand-in that checks what arrives; then the same program meets a token
// server that refuses it and echoes the client secret back, and the error, as that runtime shows
// it, must carry the vendor's error code and no secret. Nothing here reaches beyond loopback.

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

type Api = Awaited<ReturnType<typeof startHttpServer>>;
let idp: OAuthTestServer;
let api: Api;
let refuser: Api;
let page: Api;
let out: string;

const CATALOG = {
  recordsFound: 2,
  pageSize: 10,
  pageNumber: 1,
  catalog: [
    { ingramPartNumber: "6YE881", vendorPartNumber: "20XW0055US", vendorName: "LENOVO", description: "ThinkPad X1 Carbon" },
    { ingramPartNumber: "3WT937", vendorPartNumber: "9Z3Z0UT#ABA", vendorName: "HP", description: "EliteBook 840" },
  ],
};
const EXPECTED: OneCallResult = { status: 200, recordsFound: 2, parts: ["6YE881", "3WT937"] };

/** The claims of a JWT, unverified: enough to tell which client and which server it came from. */
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

beforeAll(async () => {
  out = await mkdtemp(join(packageDir, ".out-"));
  const bundles = build({
    entryPoints: { cli: "src/cli.ts" },
    absWorkingDir: packageDir,
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // Packages stay imports: Node, Bun and Deno each resolve them with their own conditions.
    packages: "external",
    format: "esm",
    platform: "neutral",
    target: "es2022",
    logLevel: "error",
  });
  // One file each for workerd and the browser, bundled as their users' bundlers would.
  const webBundles = (["worker", "browser"] as const).map((name) =>
    build({
      entryPoints: { [name]: `src/${name}.ts` },
      absWorkingDir: packageDir,
      outdir: out,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      format: "esm",
      platform: "browser",
      conditions: name === "worker" ? ["workerd", "worker", "browser"] : ["browser"],
      target: "es2022",
      logLevel: "error",
    }),
  );
  idp = await startOAuthServer();
  api = await startHttpServer((request, res) => {
    // Browsers ask first (CORS); the real API is the vendor's business, this stand-in allows the page.
    const cors = { "access-control-allow-origin": "*" };
    if (request.method === "OPTIONS")
      return res
        .writeHead(204, {
          ...cors,
          "access-control-allow-methods": "GET",
          "access-control-allow-headers": String(request.headers["access-control-request-headers"] ?? ""),
          "access-control-max-age": "0",
        })
        .end();
    const url = new URL(request.url, "http://stand-in");
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    if (!token || claims(token).iss !== idp.url)
      return json(res, 401, { errors: [{ message: "no token from the configured issuer" }] }, cors);
    if (url.pathname !== "/resellers/v6/catalog") return json(res, 404, { errors: [{ message: `no ${url.pathname}` }] }, cors);
    const problems = [
      request.headers["im-customernumber"] !== "20-222222" && "IM-CustomerNumber",
      request.headers["im-countrycode"] !== "US" && "IM-CountryCode",
      !/^[0-9a-f]{32}$/.test(String(request.headers["im-correlationid"])) && "IM-CorrelationID",
      url.searchParams.get("keyword") !== "laptop" && "keyword",
      url.searchParams.get("pageSize") !== "10" && "pageSize",
    ].filter(Boolean);
    if (problems.length) return json(res, 400, { errors: [{ message: `wrong ${problems.join(", ")}` }] }, cors);
    return json(res, 200, CATALOG, cors);
  });
  // A token server that refuses the client and quotes its secret back, as some vendors' errors do.
  refuser = await startHttpServer((request, res) => {
    const cors = { "access-control-allow-origin": "*" };
    if (request.method === "OPTIONS")
      return res
        .writeHead(204, {
          ...cors,
          "access-control-allow-methods": "POST",
          "access-control-allow-headers": String(request.headers["access-control-request-headers"] ?? ""),
        })
        .end();
    return json(
      res,
      401,
      { error: "invalid_client", error_description: `client_secret ${SECRETS.clientSecret} is not valid for this client` },
      cors,
    );
  });
  // The page's own origin, unlike the token server's and the API's: the browser makes both calls cross-origin.
  const browserJs = join(out, "browser.mjs");
  page = await startHttpServer(async (request, res) => {
    if (request.url === "/browser.mjs") return res.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(browserJs));
    if (request.url === "/")
      return res
        .writeHead(200, { "content-type": "text/html" })
        .end('<!doctype html><title>one call</title><script type="module" src="/browser.mjs"></script>');
    res.writeHead(request.url === "/favicon.ico" ? 204 : 404).end();
  });
  await Promise.all([bundles, ...webBundles]);
});

afterAll(async () => {
  await Promise.all([idp?.stop(), api?.close(), refuser?.close(), page?.close()]);
  if (out) await rm(out, { recursive: true, force: true });
});

let apiRequestsBefore = 0;
beforeEach(() => {
  apiRequestsBefore = api.requests.length;
});

/** The stand-ins' addresses and client ids naming the runtime, so each run's token requests can be found. */
const jobFor = (runtime: string): Job => ({
  call: { tokenUrl: idp.tokenUrl, baseUrl: api.url, clientId: `runtime-${runtime}`, clientSecret: SECRETS.clientSecret },
  refused: { tokenUrl: `${refuser.url}/token`, baseUrl: api.url, clientId: `refused-${runtime}`, clientSecret: SECRETS.clientSecret },
});

/**
 * The call worked with one token request to the OAuth server; the refused one reached only the
 * refusing token server, and its error says why (HTTP 401, invalid_client) without a secret.
 */
function expectOutcome(runtime: string, outcome: Outcome, logged = "") {
  expect(outcome.result).toEqual(EXPECTED);
  const granted = idp.requests.filter((r) => r.body.client_id === `runtime-${runtime}`);
  expect(granted).toHaveLength(1);
  expect(granted[0]!.body).toMatchObject({ grant_type: "client_credentials", client_secret: SECRETS.clientSecret });
  const refusedClient = (r: { body: string }) => new URLSearchParams(r.body).get("client_id") === `refused-${runtime}`;
  expect(refuser.requests.filter((r) => r.method === "POST" && refusedClient(r)).length).toBeGreaterThanOrEqual(1);
  // One API call in all: the refused client, without a token, never calls the API.
  expect(api.requests.slice(apiRequestsBefore).filter((r) => r.method === "GET")).toHaveLength(1);
  expect(outcome.refused).toContain("invalid_client");
  expect(outcome.refused).toContain("401");
  expectNoSecrets(outcome.refused);
  expectNoSecrets(logged);
}

function run(file: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { cwd: packageDir, env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 45_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** Runs the file entry on a runtime and checks what it printed (stderr: the runtime's own rendering of the refused call's error). */
async function runCli(runtime: string, file: string, args: string[], env?: Record<string, string>) {
  const result = await run(file, [...args, join(out, "cli.mjs"), JSON.stringify(jobFor(runtime))], env);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toContain("invalid_client");
  expectOutcome(runtime, JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as Outcome, result.stderr);
}

/** The binary the `bun` npm package ships in its platform package (its postinstall only copies it). */
function bunBinary() {
  const arch = process.arch === "arm64" ? "aarch64" : process.arch;
  const fromBun = createRequire(require.resolve("bun/package.json"));
  return join(
    dirname(fromBun.resolve(`@oven/bun-${process.platform}-${arch}/package.json`)),
    "bin",
    process.platform === "win32" ? "bun.exe" : "bun",
  );
}

const version = (name: string, from = require) => (from(`${name}/package.json`) as { version: string }).version;
/** workerd as miniflare runs it: miniflare's own dependency. */
const workerdVersion = version("workerd", createRequire(require.resolve("miniflare")));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

describe("one typed call through the public Ingram Micro client, on every runtime the README names", () => {
  it(`Node ${process.version}`, async () => {
    await runCli("node", process.execPath, []);
  });

  it(`Bun ${version("bun")} (the bun npm package)`, async () => {
    const bun = bunBinary();
    // --no-install: resolve from node_modules only, never install a missing package on the fly.
    await runCli("bun", bun, ["--no-install"], { DO_NOT_TRACK: "1" });
  });

  it(`Deno ${version("deno")} (the deno npm package), with network access to loopback names only`, async () => {
    const deno = require.resolve("deno/bin.cjs");
    const denoDir = await mkdtemp(join(tmpdir(), "deno-dir-"));
    try {
      const env = { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" };
      await runCli("deno", process.execPath, [deno, "run", "--no-prompt", "--no-remote", "--allow-net=127.0.0.1,localhost"], env);
    } finally {
      await rm(denoDir, { recursive: true, force: true });
    }
  });

  it(`workerd ${workerdVersion} (miniflare ${version("miniflare")}), web standards only: no nodejs_compat`, async () => {
    const mf = new Miniflare({ modules: true, scriptPath: join(out, "worker.mjs"), compatibilityDate: "2025-09-01" });
    try {
      const response = await mf.dispatchFetch("http://worker.local/", { method: "POST", body: JSON.stringify(jobFor("workerd")) });
      const body = (await response.json()) as Outcome & { error?: string };
      expect(body.error).toBeUndefined();
      expectOutcome("workerd", body);
    } finally {
      await mf.dispose();
    }
  });

  it("headless Chromium (Debian's chromium), the page on a third origin", async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `no Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH`,
      );
    const profile = await mkdtemp(join(tmpdir(), "chromium-profile-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const tab = await context.newPage();
      const problems: string[] = [];
      const logged: string[] = [];
      tab.on("pageerror", (error) => problems.push(String(error)));
      // Everything the page logs (the browser's own line for the refused 401, the program's error) is scanned for secrets.
      tab.on("console", (message) => logged.push(message.text()));
      await tab.goto(`${page.url}/`);
      await tab.waitForFunction(() => typeof (globalThis as { exercise?: unknown }).exercise === "function");
      const outcome = await tab.evaluate(
        (job) => (globalThis as unknown as { exercise: (j: Job) => Promise<Outcome> }).exercise(job),
        jobFor("chromium"),
      );
      expect(problems).toEqual([]);
      expect(logged.join("\n")).toContain("invalid_client");
      expectOutcome("chromium", outcome, logged.join("\n"));
      // The request really was a browser's: cross-origin, with the page's origin on it.
      const call = api.requests.find((r) => r.method === "GET" && r.headers.origin === page.url);
      expect(call).toBeDefined();
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
