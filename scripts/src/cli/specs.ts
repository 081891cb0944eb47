import { addDefinition } from "../specs/add.ts";
import { diffDefinitions } from "../specs/diff.ts";
import { pullDefinitions } from "../specs/pull.ts";
import { countBreaking } from "../diff/change.ts";
import { formatDiffTable } from "../diff/report.ts";
import { parseCommandLine, runMain, userCwd } from "../lib/cli.ts";
import { CliError, UsageError } from "../lib/errors.ts";
import { resolveRoot } from "../lib/workspace.ts";
import { resolve } from "node:path";

const HELP = `Usage: pnpm specs <command> [options]

Manage the API definitions in specs/ (each vendor's listed in specs/<vendor>/sources.json).

Commands:
  pull [vendor]                     Fetch upstream definitions (URL or mirror), verify sha256
  add <vendor> <file|url>           Import a definition downloaded from a vendor's portal
  diff <vendor>                     What changed between two versions of a vendor's definitions

Run "pnpm specs <command> --help" for a command's options.

Options for every command:
  --root DIR     Repository to work on (default: this checkout, or VENDOR_CLIENTS_ROOT)
  -h, --help     Show help

Exit codes: 0 success, 1 failure (bad definition, sha256 mismatch, breaking changes with
--fail-on-breaking), 2 wrong usage.`;

const PULL_HELP = `Usage: pnpm specs pull [vendor] [--mirror DIR]

Downloads every upstream definition listed in specs/<vendor>/sources.json (of one vendor, or all),
checks its sha256 and writes it under specs/<vendor>/ (git-ignored). Files already present
with the right sha256 are skipped. A mismatch names expected and actual sha256 and leaves
the existing file untouched.

Options:
  --mirror DIR   Copy from DIR (laid out like specs/: DIR/<vendor>/<file>) instead of
                 downloading; default: VENDOR_CLIENTS_SPECS_MIRROR
  --root DIR     Repository to work on`;

const ADD_HELP = `Usage: pnpm specs add <vendor> <file|url> [--name NAME]

Imports a definition downloaded from a vendor's portal: JSON or YAML, OpenAPI 3.0/3.1 or
Swagger 2.0 (converted to OpenAPI 3.0), external $refs bundled into one file. It is stored as
specs/<vendor>/<name>.(json|yaml) and recorded in specs/<vendor>/sources.json with origin "portal" and
its sha256. An invalid definition is refused with file, line and JSON pointer of its errors.

Options:
  --name NAME    Name of the definition within the vendor (default: the vendor's only
                 OpenAPI definition, which the import then replaces, or the slug of info.title)
  --root DIR     Repository to work on`;

const DIFF_HELP = `Usage: pnpm specs diff <vendor> [--against GIT_REV|FILE] [--json] [--fail-on-breaking]

Lists what changed between two versions of a vendor's definitions: operations added and
removed, parameters and schema properties added, removed, or changed in type or
required-ness, each flagged breaking or not (GraphQL: via GraphQL Inspector).

Options:
  --against REV|FILE   Compare with the definitions at a git revision (default: HEAD), or
                       with a definition file (then --name says which definition it is)
  --name NAME          Which of the vendor's definitions a FILE is a version of
  --json               Print JSON instead of a table
  --fail-on-breaking   Exit 1 when there is a breaking change
  --mirror DIR         Where old upstream definitions may be found (default:
                       VENDOR_CLIENTS_SPECS_MIRROR); else they are downloaded
  --root DIR           Repository to work on`;

const log = (line: string) => process.stdout.write(`${line}\n`);
const mirrorFromEnv = () => process.env.VENDOR_CLIENTS_SPECS_MIRROR || undefined;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    log(HELP);
    return command === undefined ? 2 : 0;
  }
  switch (command) {
    case "pull": {
      const { values, positionals } = parseCommandLine(rest, { mirror: { type: "string" }, root: { type: "string" } }, PULL_HELP);
      if (values.help) return (log(PULL_HELP), 0);
      if (positionals.length > 1) throw new UsageError(`pull takes at most one vendor, got ${positionals.join(" ")}\n\n${PULL_HELP}`);
      const mirrorValue = values.mirror ?? mirrorFromEnv();
      const outcomes = await pullDefinitions({
        root: resolveRoot(values.root),
        ...(positionals[0] ? { vendor: positionals[0] } : {}),
        ...(mirrorValue ? { mirror: resolve(userCwd(), mirrorValue) } : {}),
        log,
      });
      const failed = outcomes.filter((o) => o.status === "failed").length;
      if (failed) throw new CliError(`${failed} of ${outcomes.length} definitions could not be pulled`);
      return 0;
    }
    case "add": {
      const { values, positionals } = parseCommandLine(rest, { name: { type: "string" }, root: { type: "string" } }, ADD_HELP);
      if (values.help) return (log(ADD_HELP), 0);
      if (positionals.length !== 2) throw new UsageError(`add takes <vendor> and <file|url>\n\n${ADD_HELP}`);
      await addDefinition({
        root: resolveRoot(values.root),
        vendor: positionals[0]!,
        input: positionals[1]!,
        cwd: userCwd(),
        ...(values.name ? { name: values.name } : {}),
        log,
      });
      return 0;
    }
    case "diff": {
      const { values, positionals } = parseCommandLine(
        rest,
        {
          against: { type: "string" },
          name: { type: "string" },
          json: { type: "boolean" },
          "fail-on-breaking": { type: "boolean" },
          mirror: { type: "string" },
          root: { type: "string" },
        },
        DIFF_HELP,
      );
      if (values.help) return (log(DIFF_HELP), 0);
      if (positionals.length !== 1) throw new UsageError(`diff takes one <vendor>\n\n${DIFF_HELP}`);
      const mirrorValue = values.mirror ?? mirrorFromEnv();
      const diffs = await diffDefinitions({
        root: resolveRoot(values.root),
        vendor: positionals[0]!,
        cwd: userCwd(),
        ...(values.against ? { against: values.against } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(mirrorValue ? { mirror: resolve(userCwd(), mirrorValue) } : {}),
      });
      const breaking = countBreaking(diffs);
      log(values.json ? JSON.stringify({ vendor: positionals[0], breaking, definitions: diffs }, null, 2) : formatDiffTable(diffs));
      return values["fail-on-breaking"] && breaking > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  }
}

await runMain(() => main(process.argv.slice(2)));
