import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startStandIns, type StandIns } from "@vendor-clients/stand-ins";
import { runTsx, startHttpServer, tsxLoader } from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "./csv.ts";

let standIns: StandIns;
let work: string;
beforeAll(async () => {
  standIns = await startStandIns();
  work = await mkdtemp(join(tmpdir(), "vendor-clients-cli-"));
}, 90_000);
afterAll(() => standIns?.stop());

const main = resolve(import.meta.dirname, "main.ts");

/** Runs the CLI as a user would: its own process, the stand-ins' credentials in the environment. */
const cli = (args: string[], env: Record<string, string | undefined> = standIns.env) =>
  runTsx(main, args, {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: work, VENDOR_CLIENTS_TOKEN_FILE: join(work, "tokens.json"), ...env },
  });

describe("vendor-clients CLI", () => {
  it("runs the monorepo's specs and generate commands from inside a checkout", async () => {
    const inside = await runTsx(main, ["specs", "diff", "--help"], { cwd: resolve(import.meta.dirname, "../../../specs") });
    expect(inside.code).toBe(0);
    expect(inside.stdout).toContain("Usage: pnpm specs diff <vendor>");
  });

  it("shows a token's type, scope and expiry, and the token only with --show", async () => {
    const plain = await cli(["token", "avnet", "--json"]);
    expect(plain.code, plain.stderr).toBe(0);
    const info = JSON.parse(plain.stdout);
    expect(info).toMatchObject({ vendor: "avnet", grant: "client_credentials", type: "Bearer", scope: "api://demo/.default" });
    expect(info.token).toBeUndefined();
    expect(plain.stdout).not.toMatch(/ey[A-Za-z0-9_-]{20,}/);
    const shown = await cli(["token", "dsi", "--show"]);
    expect(shown.stdout.split("\n")[1]).toMatch(/^ey[A-Za-z0-9_-]+\./);
  });

  it("calls any path with the client's pipeline and prints status and body", async () => {
    const ok = await cli(["call", "avionte", "GET", "/talent/662", "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 200, body: { id: 662 } });
    await writeFile(
      join(work, "price.json"),
      JSON.stringify({ items: [{ itemId: 1, searchType: "REQUEST_PART", searchTerm: "LM358", quantity: 10 }] }),
    );
    const post = await cli(["call", "avnet", "POST", "/external/customer/price/v1/", "--body", "price.json"]);
    expect(post.code, post.stderr).toBe(0);
    expect(post.stdout).toMatch(/^HTTP 200 OK\n\{/);
    const refused = await cli(["call", "avionte", "GET", "/talent/not-a-number"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^HTTP 400/);
  });

  it("searches Nexar by MPN: the NE555 parts, their makers, sellers and prices", async () => {
    const search = await cli(["nexar", "search", "NE555", "--limit", "2"]);
    expect(search.code, search.stderr).toBe(0);
    const lines = search.stdout.split("\n");
    expect(lines[0]).toBe("3 hits for NE555");
    expect(lines.filter((l) => / — /.test(l))).toEqual([
      "NE555DR — Texas Instruments: Single precision timer, 4.5-16 V, 8-SOIC",
      "NE555N — STMicroelectronics: General-purpose single bipolar timer, DIP-8",
    ]);
    const offers = lines.filter((l) => l.startsWith("  "));
    expect(offers.length).toBeGreaterThanOrEqual(4);
    for (const offer of offers)
      expect(offer).toMatch(/^ {2}(Digi-Key|Mouser|Arrow Electronics|Newark|TME|LCSC)\s+(authorized)?\s+stock\s+\d+\s+\d+\+ @ 0\.\d+ USD$/);
  });

  it("shows the time a BOM spent waiting on Nexar's rate limits", async () => {
    // Nexar, behind a gateway that throttles the first request (429, Retry-After: 1) and passes the rest on.
    let seen = 0;
    const gateway = await startHttpServer(async (req, res) => {
      if (seen++ === 0)
        return void res.writeHead(429, { "retry-after": "1", "content-type": "application/json" }).end('{"message":"slow down"}');
      const answer = await fetch(standIns.env.NEXAR_ENDPOINT!, {
        method: req.method,
        headers: { "content-type": "application/json", authorization: String(req.headers.authorization) },
        body: req.body,
      });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
    });
    try {
      await writeFile(join(work, "small.csv"), "mpn,qty\nNE555P,10\n");
      const bom = await cli(["nexar", "bom", "small.csv"], { ...standIns.env, NEXAR_ENDPOINT: gateway.url });
      expect(bom.code, bom.stderr).toBe(0);
      expect(bom.stderr).toContain("matching [##############################] 1/1, 1.0 s waiting on rate limits");
    } finally {
      await gateway.close();
    }
  });

  it("matches a BOM of real parts from CSV: hits, the matched part and the cheapest offer per line; 0 hits for an unknown MPN", async () => {
    await writeFile(
      join(work, "bom.csv"),
      'mpn,manufacturer,qty\nLM358,Texas Instruments,10\n"NE555, timer",,4\nBAV99,Nexperia,100\nSTM32F103C8T6,,1\nXYZ-NOT-A-PART,,5\n',
    );
    const bom = await cli(["nexar", "bom", "bom.csv", "--batch-size", "2"]);
    expect(bom.code, bom.stderr).toBe(0);
    const [header, ...rows] = parseCsv(bom.stdout);
    expect(header).toEqual([
      "row",
      "mpn",
      "manufacturer",
      "quantity",
      "hits",
      "matchedMpn",
      "matchedManufacturer",
      "sellers",
      "bestPrice",
      "currency",
      "bestSeller",
      "error",
    ]);
    const pick = (row: string[]) => [row[0], row[1], row[4], row[5], row[6]];
    expect(rows.map(pick)).toEqual([
      ["2", "LM358", "2", "LM358DR", "Texas Instruments"],
      ["3", "NE555, timer", "0", "", ""],
      ["4", "BAV99", "1", "BAV99,215", "Nexperia"],
      ["5", "STM32F103C8T6", "1", "STM32F103C8T6", "STMicroelectronics"],
      ["6", "XYZ-NOT-A-PART", "0", "", ""],
    ]);
    for (const row of [rows[0]!, rows[2]!, rows[3]!]) {
      expect(Number(row[7])).toBeGreaterThanOrEqual(2);
      expect(Number(row[8])).toBeGreaterThan(0);
      expect(row[9]).toBe("USD");
      expect(row[10]).toMatch(/^(Digi-Key|Mouser|Arrow Electronics|Newark|TME|LCSC)$/);
    }
    expect(Number(rows[3]![8])).toBeGreaterThan(1);
    expect(bom.stderr).toContain("matching [############------------------] 2/5");
    expect(bom.stderr).toContain("5/5");
  });

  it("--stand-ins starts the vendor's stand-ins for one command, without credentials, and stops them", async () => {
    const search = await cli(["nexar", "search", "ATmega328P-PU", "--stand-ins"], {});
    expect(search.code, search.stderr).toBe(0);
    expect(search.stderr).toBe("starting local stand-ins (nexar)…\n");
    expect(search.stdout).toMatch(/^1 hits for ATmega328P-PU\n\nATMEGA328P-PU — Microchip Technology: /);
    const tokenFile = join(work, "stand-in-tokens.json");
    const token = await cli(["token", "--stand-ins", "avnet", "--json"], { VENDOR_CLIENTS_TOKEN_FILE: tokenFile });
    expect(token.code, token.stderr).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ vendor: "avnet", type: "Bearer", scope: "api://demo/.default" });
    // A stand-in's token is worthless anywhere else: it never lands in the user's token file.
    expect(existsSync(tokenFile)).toBe(false);
    const wrong = await cli(["specs", "diff", "--stand-ins"], {});
    expect(wrong.code).toBe(2);
  });

  it("stand-ins keeps them running and writes their URLs and credentials to an env file the CLI reads with --dotenv", async () => {
    const child = spawn(process.execPath, ["--import", tsxLoader, main, "stand-ins", "nexar"], {
      cwd: work,
      env: { PATH: process.env.PATH, HOME: work },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    try {
      while (!stdout.includes("Ctrl-C")) {
        if (child.exitCode !== null) throw new Error(`stand-ins exited early: ${stdout}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const file = readFileSync(join(work, ".env.stand-ins"), "utf8");
      expect(file).toMatch(/^NEXAR_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\/graphql$/m);
      expect(file).toMatch(/^NEXAR_CLIENT_SECRET=demo-nexar-secret$/m);
      expect(file).not.toMatch(/^AVNET_/m);
      expect(stdout).toMatch(/Nexar\s+http:\/\/127\.0\.0\.1:\d+\/graphql/);
      const search = await cli(["--dotenv", ".env.stand-ins", "nexar", "search", "LM358DR", "--no-cache"], {});
      expect(search.code, search.stderr).toBe(0);
      expect(search.stdout).toMatch(/^1 hits for LM358DR\n\nLM358DR — Texas Instruments/);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(existsSync(join(work, ".env.stand-ins"))).toBe(false);
  });

  it("reuses the cached token on the next run", async () => {
    await cli(["token", "ingram-micro"]);
    const before = standIns.idp.requests.length;
    const again = await cli(["token", "ingram-micro"]);
    expect(again.code).toBe(0);
    expect(standIns.idp.requests.length).toBe(before);
  });

  it("fails with one clear line and a meaningful exit code, a stack trace only with --debug", async () => {
    const unknown = await cli(["token", "digikey"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown vendor "digikey"; one of: advanced-inventory \(alias dsi\), avionte, avnet, /);
    const typo = await cli(["token", "avnett"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^error: unknown vendor "avnett"; did you mean avnet\?/);
    const missing = await cli(["token", "avionte"], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "error: Avionté: missing environment variables AVIONTE_CLIENT_ID, AVIONTE_CLIENT_SECRET, AVIONTE_API_KEY, AVIONTE_TENANT (see .env.example)\n",
    );
    const down = await cli(["token", "avnet", "--no-cache"], { ...standIns.env, AVNET_TOKEN_URL: "http://127.0.0.1:9/token" });
    expect(down.code).toBe(1);
    expect(down.stderr).not.toContain("    at ");
    expect(down.stderr).not.toContain("demo-avnet-secret");
    const debug = await cli(["token", "avnet", "--no-cache", "--debug"], { ...standIns.env, AVNET_TOKEN_URL: "http://127.0.0.1:9/token" });
    expect(debug.stderr).toContain("    at ");
    const outside = await cli(["specs", "pull"]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^error: "specs" works inside a vendor-clients checkout/);
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: vendor-clients <command> [options]");
  });
});
