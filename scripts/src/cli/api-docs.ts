import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { apiEntryPoints, checkApiPages, folderSize } from "../api-docs/pages.ts";
import { parseCommandLine, runMain } from "../lib/cli.ts";
import { CliError } from "../lib/errors.ts";
import { resolveRoot } from "../lib/workspace.ts";

const HELP = `Usage: pnpm api-docs

Builds the API reference of every public package (each packages/* folder not marked private,
found in the checkout) with TypeDoc (typedoc.json) into docs/api,
one module per import name (@vendor-clients/auth, @vendor-clients/auth/node, …), then checks
that every public package's modules have their page. TypeDoc warnings are errors.
Generated types (src/generated/) are left out: the vendor's definition documents them.`;

await runMain(async () => {
  const { values } = parseCommandLine(process.argv.slice(2), {}, HELP);
  if (values.help) return (process.stdout.write(`${HELP}\n`), 0);
  const root = resolveRoot();
  const config = JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")) as { out: string };
  const entryPoints = apiEntryPoints(root);
  const out = join(root, config.out);
  rmSync(out, { recursive: true, force: true });
  const typedoc = join(dirname(createRequire(join(root, "package.json")).resolve("typedoc/package.json")), "bin", "typedoc");
  const built = spawnSync(process.execPath, [typedoc, "--logLevel", "Warn", ...entryPoints.flatMap((dir) => ["--entryPoints", dir])], {
    cwd: root,
    stdio: "inherit",
  });
  if (built.status !== 0)
    throw new CliError(`TypeDoc failed (exit ${built.status ?? built.signal}); warnings count as errors (typedoc.json)`);
  const problems = checkApiPages(root, out, entryPoints);
  if (problems.length) throw new CliError(`the API reference is incomplete:\n  ${problems.join("\n  ")}`);
  const { bytes, files } = folderSize(out);
  process.stdout.write(
    `API reference: ${relative(process.env.INIT_CWD ?? root, join(out, "index.html"))} (${files} files, ${(bytes / 1048576).toFixed(1)} MB)\n`,
  );
  return 0;
});
