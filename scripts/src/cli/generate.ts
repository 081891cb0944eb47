import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { codeCacheDir, enableCodeCache } from "../generate/code-cache.ts";
import { parseCommandLine, runMain } from "../lib/cli.ts";
import { CliError, UsageError } from "../lib/errors.ts";
import { resolveRoot } from "../lib/workspace.ts";

const HELP = `Usage: pnpm generate [vendor] [--force] [--root DIR]

Generates TypeScript from the API definitions in specs/<vendor>/sources.json into
packages/<vendor>/src/generated/<name>.ts (git-ignored):
  OpenAPI  → openapi-typescript (paths, components, operations, webhooks) for openapi-fetch;
             the headers the client sets (the \`headers\` of packages/<vendor>/src/vendor.ts)
             are left out, excluded paths dropped, webhook paths generated under \`webhooks\`;
             and <name>.endpoints.ts: the path templates per method and those headers, as values
  GraphQL  → @graphql-codegen: schema types and TypedDocumentNodes for the package's
             src/**/*.graphql documents

A broken definition stops with its file, line and JSON pointer; the exit code is then 1.
Turbo runs this per package (\`turbo run generate\`) and caches it. A vendor whose inputs
(its specs/<vendor>/ folder, vendor.ts and .graphql documents, the scripts and generators)
are those its generated files were made from is left as it is (src/generated/.inputs.json).

Options:
  --force        Regenerate even when nothing changed
  --root DIR     Repository to work on (default: this checkout, or VENDOR_CLIENTS_ROOT)
  -h, --help     Show help`;

/**
 * `pnpm generate`, as the bin runs it from its bundle of this file: `toolchain` is the scripts'
 * fingerprint, which the bin computed to name the bundle (and generate would compute again).
 */
export async function main(args: string[], toolchain?: string): Promise<void> {
  await runMain(async () => {
    const { values, positionals } = parseCommandLine(args, { root: { type: "string" }, force: { type: "boolean" } }, HELP);
    if (values.help) return (process.stdout.write(`${HELP}\n`), 0);
    if (positionals.length > 1) throw new UsageError(`generate takes at most one vendor\n\n${HELP}`);
    // Before the generators load (ajv as sources.json is read, then Redocly, TypeScript, GraphQL
    // Codegen), so that they load from V8's code cache.
    const cache = enableCodeCache(codeCacheDir);
    const { generate } = await import("../generate/generate.ts");
    // The worker's entry beside this one in the bin's bundle (not there when run from source).
    const worker = new URL("./worker.js", import.meta.url);
    const outcomes = await generate({
      root: resolveRoot(values.root),
      ...(positionals[0] ? { vendor: positionals[0] } : {}),
      ...(values.force ? { force: true } : {}),
      ...(toolchain ? { toolchain } : {}),
      ...(existsSync(fileURLToPath(worker)) ? { worker } : {}),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    cache.save();
    const failed = outcomes.filter((o) => "error" in o).length;
    if (failed) throw new CliError(`${failed} of ${outcomes.length} vendors failed to generate`);
    return 0;
  });
}
