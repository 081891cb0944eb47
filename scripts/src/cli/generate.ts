import { generate } from "../generate/generate.ts";
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

await runMain(async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), { root: { type: "string" }, force: { type: "boolean" } }, HELP);
  if (values.help) return (process.stdout.write(`${HELP}\n`), 0);
  if (positionals.length > 1) throw new UsageError(`generate takes at most one vendor\n\n${HELP}`);
  const outcomes = await generate({
    root: resolveRoot(values.root),
    ...(positionals[0] ? { vendor: positionals[0] } : {}),
    ...(values.force ? { force: true } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const failed = outcomes.filter((o) => "error" in o).length;
  if (failed) throw new CliError(`${failed} of ${outcomes.length} vendors failed to generate`);
  return 0;
});
