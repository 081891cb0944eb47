import { rmSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { findCheckout } from "../checkout.ts";
import { usage } from "../errors.ts";
import { parse, type Io } from "../io.ts";
import { envFileText, startStandIns } from "../stand-ins.ts";
import { findVendor, unknownVendor, VENDORS } from "../vendors.ts";

export const STAND_INS_HELP = `Usage: vendor-clients stand-ins [vendor...] [--dotenv FILE]
       pnpm stand-ins                      (from a vendor-clients checkout)

Starts the local stand-ins (an OAuth server, a Prism mock per REST vendor, the Nexar GraphQL
server; only those of the vendors named, else all of them) and keeps them running until Ctrl-C.
Their URLs and made-up test credentials go to FILE (default .env.stand-ins in the current
folder), removed again when they stop. In another terminal:

  vendor-clients --dotenv .env.stand-ins nexar search NE555

Works inside a vendor-clients checkout (the stand-ins live in packages/stand-ins).`;

export async function standIns(args: string[], io: Io, signals: NodeJS.EventEmitter = process): Promise<number> {
  const { values, positionals } = parse(args, { dotenv: { type: "string" } }, STAND_INS_HELP);
  if (values.help) return (io.out(STAND_INS_HELP), 0);
  const vendors = positionals.map((name) => {
    const vendor = findVendor(name);
    if (!vendor) throw usage(`${unknownVendor(name)}\n\n${STAND_INS_HELP}`);
    return vendor.id;
  });
  const file = resolve(io.cwd, values.dotenv ?? ".env.stand-ins");
  const running = await startStandIns(io.cwd, vendors, io.err);
  try {
    writeFileSync(file, envFileText(running, new Date()), { mode: 0o600 });
    const { urls } = running;
    // Every vendor the stand-ins started, under its own id (the stand-ins key their URLs so).
    const rows: Array<[string, string | undefined]> = [
      ["OAuth token URL", urls.tokenUrl],
      ...VENDORS.map((v): [string, string | undefined] => [v.name, urls[v.id]]),
    ];
    io.out(
      rows
        .filter(([, url]) => url)
        .map(([name, url]) => `  ${name.padEnd(24)}${url}`)
        .join("\n"),
    );
    const shown = relative(io.cwd, file) || file;
    // In a checkout the CLI is the root's script (no vendor-clients on the PATH there); -w finds it
    // from any folder of the checkout.
    const command = findCheckout(io.cwd) ? "pnpm -w vendor-clients" : "vendor-clients";
    io.out(`credentials and URLs in ${shown}; try: ${command} --dotenv ${shown} nexar search NE555`);
    io.out("running; Ctrl-C stops them");
    await new Promise<void>((done) => {
      signals.once("SIGINT", done);
      signals.once("SIGTERM", done);
    });
    io.err("stopping the stand-ins…");
  } finally {
    rmSync(file, { force: true });
    await running.stop();
  }
  return 0;
}
