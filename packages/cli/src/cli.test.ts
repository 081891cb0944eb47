import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runTsx, startStandIns, type StandIns } from "@vendor-clients/testkit";
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
  runTsx(main, args, { cwd: work, env: { PATH: process.env.PATH, HOME: work, VENDOR_CLIENTS_TOKEN_FILE: join(work, "tokens.json"), ...env } });

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
    await writeFile(join(work, "price.json"), JSON.stringify({ items: [{ itemId: 1, searchType: "REQUEST_PART", searchTerm: "LM358", quantity: 10 }] }));
    const post = await cli(["call", "avnet", "POST", "/external/customer/price/v1/", "--body", "price.json"]);
    expect(post.code, post.stderr).toBe(0);
    expect(post.stdout).toMatch(/^HTTP 200 OK\n\{/);
    const refused = await cli(["call", "avionte", "GET", "/talent/not-a-number"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^HTTP 400/);
  });

  it("searches Nexar and matches a BOM from CSV, with progress on stderr and CSV on stdout", async () => {
    const search = await cli(["nexar", "search", "LM358", "--limit", "2"]);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stdout).toMatch(/^\d+ hits for LM358/);
    await writeFile(join(work, "bom.csv"), 'mpn,manufacturer,qty\nLM358,Texas Instruments,10\n"NE555, timer",,4\nBAV99,Nexperia,100\n');
    const bom = await cli(["nexar", "bom", "bom.csv", "--batch-size", "2"]);
    expect(bom.code, bom.stderr).toBe(0);
    const [header, ...rows] = parseCsv(bom.stdout);
    expect(header).toEqual(["row", "mpn", "manufacturer", "quantity", "hits", "matchedMpn", "matchedManufacturer", "sellers", "bestPrice", "currency", "bestSeller", "error"]);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([["2", "LM358"], ["3", "NE555, timer"], ["4", "BAV99"]]);
    expect(bom.stderr).toContain("matching [####################----------] 2/3");
    expect(bom.stderr).toContain("3/3");
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
    expect(unknown.stderr).toMatch(/^error: unknown vendor "digikey"; one of: ingram-micro, avnet, avionte, advanced-inventory, nexar/);
    const missing = await cli(["token", "avionte"], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("error: Avionté: missing environment variables AVIONTE_CLIENT_ID, AVIONTE_CLIENT_SECRET, AVIONTE_API_KEY (see .env.example)\n");
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
