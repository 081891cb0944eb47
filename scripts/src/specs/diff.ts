import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Change, DefinitionDiff } from "../diff/change.ts";
import { diffGraphql } from "../diff/graphql-diff.ts";
import { diffOpenApi } from "../diff/openapi-diff.ts";
import { loadDefinition, type LoadedDefinition } from "../lib/definition.ts";
import { CliError, errorMessage } from "../lib/errors.ts";
import { loadVendorSources, loadVendorSourcesInTree, type SourceEntry } from "../lib/sources.ts";
import { definitionPath } from "../lib/workspace.ts";
import { pullOne } from "./pull.ts";

const run = promisify(execFile);

export interface DiffOptions {
  root: string;
  vendor: string;
  /** A git revision (default HEAD) or a definition file to compare the current definitions with. */
  against?: string;
  /** With a file to compare against, which of the vendor's definitions it is a version of. */
  name?: string;
  cwd: string;
  /** Where to find old upstream definitions by sha256 before downloading them. */
  mirror?: string;
}

async function compare(before: LoadedDefinition, after: LoadedDefinition): Promise<Change[]> {
  if (before.kind === "graphql" && after.kind === "graphql") return diffGraphql(before.schema, after.schema);
  if (before.kind === "openapi" && after.kind === "openapi") return diffOpenApi(before.document, after.document);
  return [
    {
      severity: "breaking",
      kind: "changed",
      subject: "format",
      location: "definition",
      message: `format changed from ${before.kind} to ${after.kind}`,
    },
  ];
}

const git = async (root: string, args: string[]) =>
  (await run("git", args, { cwd: root, maxBuffer: 256 * 1024 * 1024, encoding: "buffer" })).stdout;

async function isCommit(root: string, rev: string): Promise<boolean> {
  try {
    await git(root, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Compares the vendor's current definitions with those of a git revision, or one of them with a file. */
export async function diffDefinitions(options: DiffOptions): Promise<DefinitionDiff[]> {
  const current = await loadVendorSources(options.root, options.vendor);
  const against = options.against ?? "HEAD";
  const diffOf = (entry: SourceEntry, changes: Change[]): DefinitionDiff => ({
    vendor: entry.vendor,
    name: entry.name,
    file: entry.file,
    format: entry.format,
    against,
    changes,
  });
  const againstFile = resolve(options.cwd, against);

  const againstCommit = await isCommit(options.root, against);
  if (existsSync(againstFile) && !againstCommit) {
    const entry = options.name ? current.find((e) => e.name === options.name) : current.length === 1 ? current[0] : undefined;
    if (!entry) {
      const names = current.map((e) => e.name).join(", ");
      throw new CliError(
        options.name
          ? `${options.vendor} has no definition "${options.name}" (has: ${names})`
          : `${options.vendor} has ${current.length} definitions (${names}): pass --name to say which one ${against} is a version of`,
        2,
      );
    }
    const format = entry.format === "graphql-sdl" ? entry.format : await openApiFormatOf(againstFile);
    const before = await loadDefinition(againstFile, format, against);
    const after = await loadDefinition(definitionPath(options.root, entry.file), entry.format, `specs/${entry.file}`);
    return [diffOf(entry, await compare(before, after))];
  }

  if (!againstCommit) throw new CliError(`--against "${against}" is neither a file nor a git revision of ${options.root}`, 2);

  // The old revision's specs folder, whole, so that authored definitions with relative $refs load as they were.
  const oldRoot = await mkdtemp(join(tmpdir(), "vendor-clients-diff-"));
  try {
    const archive = await git(options.root, ["archive", "--format=tar", against, "specs"]).catch((error) => {
      throw new CliError(`cannot read specs/ at ${against}: ${errorMessage(error).split("\n")[1] ?? errorMessage(error)}`);
    });
    await new Promise<void>((resolveTar, reject) => {
      const tar = execFile("tar", ["-x", "-C", oldRoot], (error) => (error ? reject(error) : resolveTar()));
      tar.stdin!.end(archive);
    });
    // Older revisions list every vendor in one specs/sources.json; newer ones have specs/<vendor>/sources.json.
    const old = (await loadVendorSourcesInTree(oldRoot, options.vendor, against)) ?? [];
    const results: DefinitionDiff[] = [];
    for (const entry of current) {
      const previous = old.find((e) => e.name === entry.name);
      const after = await loadDefinition(definitionPath(options.root, entry.file), entry.format, `specs/${entry.file}`);
      if (!previous) {
        results.push(
          diffOf(entry, [{ severity: "safe", kind: "added", subject: "definition", location: entry.file, message: "definition added" }]),
        );
        continue;
      }
      if (previous.origin === "upstream" && previous.sha256 === entry.sha256 && entry.origin === "upstream") {
        results.push(diffOf(entry, []));
        continue;
      }
      const oldPath = await materializeOld(previous, oldRoot, options);
      const before = await loadDefinition(oldPath, previous.format, `specs/${previous.file} at ${against}`);
      results.push(diffOf(entry, await compare(before, after)));
    }
    for (const previous of old) {
      if (!current.some((e) => e.name === previous.name))
        results.push(
          diffOf(previous, [
            { severity: "breaking", kind: "removed", subject: "definition", location: previous.file, message: "definition removed" },
          ]),
        );
    }
    return results;
  } finally {
    await rm(oldRoot, { recursive: true, force: true });
  }
}

/** The old version's file: committed ones come from the archive; upstream ones are pulled by their old url + sha256. */
async function materializeOld(previous: SourceEntry, oldRoot: string, options: DiffOptions): Promise<string> {
  const path = join(oldRoot, "specs", previous.file);
  if (previous.origin !== "upstream") {
    if (!existsSync(path))
      throw new CliError(`specs/${previous.file} is listed at ${options.against ?? "HEAD"} but was not committed there`);
    return path;
  }
  try {
    await pullOne(previous, { root: oldRoot, ...(options.mirror ? { mirror: resolve(options.mirror) } : {}) });
  } catch (error) {
    throw new CliError(`cannot get the old upstream ${previous.file} (sha256 ${previous.sha256}): ${errorMessage(error)}`);
  }
  return path;
}

/** Swagger 2.0 files need converting before they compare with OpenAPI 3; 3.0 and 3.1 load alike. */
async function openApiFormatOf(path: string): Promise<"openapi-3.0" | "swagger-2.0"> {
  const head = (await readFile(path, "utf8")).slice(0, 4096);
  return /["']?swagger["']?\s*:\s*["']?2\.0/.test(head) ? "swagger-2.0" : "openapi-3.0";
}
