import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { findCheckout } from "./checkout.ts";
import { CliFailure, usage } from "./errors.ts";

/** What the CLI uses of the stand-ins (packages/stand-ins, TypeScript source, never published). */
export interface StandIns {
  env: Record<string, string>;
  urls: Record<string, string>;
  stop(): Promise<void>;
}
interface StandInsPackage {
  startStandIns(options: { vendors?: readonly string[] }): Promise<StandIns>;
}

/**
 * The stand-ins' entry point: the workspace's own (the CLI's dev dependency) or the one in the
 * checkout around `cwd`. The stand-ins are Prism, graphql-yoga and an OAuth server driven by the
 * testkit, so they exist only where a checkout is.
 */
function standInsEntry(cwd: string): string {
  try {
    return createRequire(import.meta.url).resolve("@vendor-clients/stand-ins");
  } catch {
    const checkout = findCheckout(cwd);
    const entry = checkout && join(checkout, "packages", "stand-ins", "src", "index.ts");
    if (entry && existsSync(entry)) return entry;
    throw usage(
      `--stand-ins and stand-ins work inside a vendor-clients checkout (the stand-ins live in its packages/stand-ins); none found above ${cwd}`,
    );
  }
}

/** tsx's ESM API as the stand-ins see it (require.resolve would pick the CommonJS build, which cannot load it). */
function tsxApi(from: string): string {
  const manifest = createRequire(from).resolve("tsx/package.json");
  const { exports } = JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, { import?: { default?: string } }> };
  const target = exports["./esm/api"]?.import?.default;
  if (!target)
    throw new CliFailure(
      `tsx at ${dirname(manifest)} has no ESM API (exports["./esm/api"]); the stand-ins need it to load their TypeScript`,
    );
  return pathToFileURL(join(dirname(manifest), target)).href;
}

/** Starts the stand-ins of `vendors` (all five when empty) from packages/stand-ins, loaded with tsx. */
export async function startStandIns(cwd: string, vendors: readonly string[], announce: (text: string) => void): Promise<StandIns> {
  const entry = standInsEntry(cwd);
  announce(`starting local stand-ins (${vendors.length ? vendors.join(", ") : "all vendors"})…`);
  const { tsImport } = (await import(tsxApi(entry))) as { tsImport: (specifier: string, parent: string) => Promise<StandInsPackage> };
  const standIns = await tsImport(pathToFileURL(entry).href, import.meta.url);
  return standIns.startStandIns(vendors.length ? { vendors } : {});
}

/** The stand-ins' variables as an env file the CLI reads back with --dotenv. */
export function envFileText(standIns: StandIns, started: Date): string {
  return [
    `# Local stand-ins started ${started.toISOString()} by "vendor-clients stand-ins" (process ${process.pid}); removed when they stop.`,
    "# Made-up credentials for loopback servers: never real ones. Use: vendor-clients --dotenv <this file> …",
    ...Object.entries(standIns.env).map(([key, value]) => `${key}=${value}`),
    "",
  ].join("\n");
}
