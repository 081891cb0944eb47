import { newVendor } from "../scaffold/new-vendor.ts";
import { parseCommandLine, runMain, userCwd } from "../lib/cli.ts";
import { UsageError } from "../lib/errors.ts";
import { resolveRoot } from "../lib/workspace.ts";
import type { AuthKind } from "../scaffold/templates.ts";

const HELP = `Usage: pnpm new-vendor <name> --spec <file|url> [--auth <client-credentials|password|bearer-token|api-key>] [--token-url <url>] [--base-url <url>] [--title "Display Name"]

Scaffolds packages/<name> for a new vendor from its OpenAPI (or Swagger 2.0) definition:
the definition imported into specs/<name>/ and recorded in specs/<name>/sources.json, a package with
create<Name>Client and fromEnv wired for the auth, a README, and a test against Prism. The vendor is registered with the packages that list every
vendor (CLI, stand-ins, demo, consumer test, bench: a dependency in their package.json).
The auth is read from the definition's security schemes (OAuth flow and token URL, client
authentication from x-tokenEndpointAuthMethod, an API key required with the token; an http
bearer scheme, or an OAuth flow that needs a browser (implicit, authorization code) where no
client-credentials or password flow exists, makes a bearer-token client: the user brings a
token, such as a personal access token) unless --auth / --token-url say otherwise. Common defects (OAuth without scopes, non-string
descriptions, operationIds with spaces) are repaired with a warning each. Nothing is written
unless every step succeeds.
Then: pnpm install && pnpm --filter @vendor-clients/<name> test

Options:
  --spec FILE|URL       The vendor's definition (JSON or YAML)
  --auth KIND           client-credentials | password | bearer-token | api-key (default: from the definition)
  --token-url URL       Token endpoint of client-credentials and password (default: from the definition)
  --base-url URL        Production base URL (default: the definition's first server)
  --title NAME          Display name (default: the definition's info.title, else from <name>)
  --root DIR            Repository to work on`;

await runMain(async () => {
  const { values, positionals } = parseCommandLine(
    process.argv.slice(2),
    {
      spec: { type: "string" },
      auth: { type: "string" },
      "token-url": { type: "string" },
      title: { type: "string" },
      "base-url": { type: "string" },
      root: { type: "string" },
    },
    HELP,
  );
  if (values.help) return (process.stdout.write(`${HELP}\n`), 0);
  if (positionals.length !== 1 || !values.spec) throw new UsageError(`new-vendor needs <name> and --spec\n\n${HELP}`);
  await newVendor({
    root: resolveRoot(values.root),
    vendor: positionals[0]!,
    spec: values.spec,
    ...(values.auth ? { auth: values.auth as AuthKind } : {}),
    ...(values["token-url"] ? { tokenUrl: values["token-url"] } : {}),
    ...(values.title ? { title: values.title } : {}),
    ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
    cwd: userCwd(),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  return 0;
});
