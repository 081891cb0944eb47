import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startStandIns, type StandIns } from "@vendor-clients/stand-ins";
import { runTsx, startHttpServer, startNexarServer, tsxLoader } from "@vendor-clients/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";

const parseCsv = (text: string): string[][] => parse(text, { skip_empty_lines: true });

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
    const bom = await cli(["nexar", "bom", "bom.csv", "--batch-size", "2", "--concurrency", "1"]);
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
      "bestSeller",
      "sku",
      "buyQuantity",
      "bestPrice",
      "totalPrice",
      "currency",
      "stock",
      "alternatives",
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
      expect(row[8]).toMatch(/^(Digi-Key|Mouser|Arrow Electronics|Newark|TME|LCSC)$/);
      expect(Number(row[11])).toBeGreaterThan(0);
      expect(Number(row[12])).toBeCloseTo(Number(row[11]) * Number(row[10]), 4);
      expect(row[13]).toBe("USD");
      expect(Number(row[14])).toBeGreaterThanOrEqual(Number(row[10]));
    }
    expect(Number(rows[3]![11])).toBeGreaterThan(1);
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

describe("nexar bom: partial results, bad rows, checkpoints", () => {
  it("the part limit mid-BOM: every answered line is written, the others carry the error, exit 3; --checkpoint then sends only those", async () => {
    const limited = await startNexarServer({ partLimit: 2 });
    const fresh = await startNexarServer();
    try {
      await writeFile(join(work, "five.csv"), "mpn,qty\nNE555P,1\nLM358DR,1\nTL072CP,1\nBSS138,1\nRP2040,1\n");
      const args = ["nexar", "bom", "five.csv", "--batch-size", "2", "--concurrency", "1", "--checkpoint", "five.checkpoint.json"];
      const first = await cli(args, { ...standIns.env, NEXAR_ENDPOINT: limited.url });
      expect(first.code, first.stderr).toBe(3);
      const [, ...rows] = parseCsv(first.stdout);
      expect(rows.map((r) => [r[0], r[5]])).toEqual([
        ["2", "NE555P"],
        ["3", "LM358DR"],
        ["4", ""],
        ["5", ""],
        ["6", ""],
      ]);
      expect(rows[2]!.at(-1)).toMatch(/^Nexar MultiMatch failed: You have exceeded your part limit of 2\./);
      expect(first.stderr).toContain("3 of 5 lines not matched");
      expect(first.stderr).toContain("run again with --checkpoint five.checkpoint.json to match only those");
      expect(limited.usage.requests).toBe(2); // the answered batch and the refused one; the third never sent

      const second = await cli(args, { ...standIns.env, NEXAR_ENDPOINT: fresh.url });
      expect(second.code, second.stderr).toBe(0);
      expect(fresh.requests.map((r) => (r.variables.queries as Array<{ mpn: string }>).map((q) => q.mpn))).toEqual([
        ["TL072CP", "BSS138"],
        ["RP2040"],
      ]);
      expect(
        parseCsv(second.stdout)
          .slice(1)
          .map((r) => r[5]),
      ).toEqual(["NE555P", "LM358DR", "TL072CP", "BSS138", "RP2040"]);
    } finally {
      await Promise.all([limited.close(), fresh.close()]);
    }
  });

  it("a semicolon BOM with bad rows: each reported with its line, the rest matched, exit 3", async () => {
    await writeFile(join(work, "semi.csv"), "mpn;qty;note\nNE555P;10;0,5 V\nLM358DR;ten;\n;4;\nTL072CP;1;\n");
    const bom = await cli(["nexar", "bom", "semi.csv"]);
    expect(bom.code, bom.stderr).toBe(3);
    expect(bom.stderr).toContain('semi.csv line 3: quantity must be a whole number above 0; got "ten" (skipped)');
    expect(bom.stderr).toContain("semi.csv line 4: no mpn or sku (skipped)");
    const rows = parseCsv(bom.stdout).slice(1);
    expect(rows.map((r) => [r[0], r[5], r.at(-1)])).toEqual([
      ["2", "NE555P", ""],
      ["3", "", 'bad row: quantity must be a whole number above 0; got "ten"'],
      ["4", "", "bad row: no mpn or sku"],
      ["5", "TL072CP", ""],
    ]);
  });

  it("refuses an unclosed quote (exit 2) rather than matching half a file", async () => {
    await writeFile(join(work, "quote.csv"), 'mpn,qty\nNE555P,1\n"LM358DR,1\nTL072CP,1\n');
    const bom = await cli(["nexar", "bom", "quote.csv"]);
    expect(bom.code).toBe(2);
    expect(bom.stderr).toContain("error: quote.csv line 3: a quoted field opens here and is never closed");
    expect(bom.stdout).toBe("");
  });

  it("--authorized-only never picks an unauthorized seller; --currency prices in that currency; --limit lists alternatives", async () => {
    await writeFile(
      join(work, "auth.csv"),
      `mpn,qty\n${["NE555", "LM358", "BAV99", "AO3400A", "CH340G", "RP2040", "BSS138", "1N4148W-7-F"].map((m) => `${m},50`).join("\n")}\n`,
    );
    const any = parseCsv((await cli(["nexar", "bom", "auth.csv"])).stdout).slice(1);
    expect(any.some((r) => r[8] === "LCSC")).toBe(true); // the catalogue's one unauthorized seller is often cheapest
    const authorized = await cli(["nexar", "bom", "auth.csv", "--authorized-only", "--currency", "eur", "--limit", "3"]);
    expect(authorized.code, authorized.stderr).toBe(0);
    const rows = parseCsv(authorized.stdout).slice(1);
    expect(rows.every((r) => r[8] !== "" && r[8] !== "LCSC")).toBe(true);
    expect(rows.every((r) => r[13] === "EUR")).toBe(true);
    expect(rows[0]![15]).toBe("NE555N NE555P"); // NE555DR matched first, the other two listed
  });
});
