import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../lib/errors.ts";
import { envExampleFile, envExampleText } from "../lib/env-example.ts";
import { errorMessage } from "../lib/errors.ts";
import { VENDOR_ID } from "../lib/sources.ts";
import { addDefinition } from "../specs/add.ts";
import { authRecipeOf } from "./auth-recipe.ts";
import { registrationOf } from "./register.ts";
import { sampleCallOf } from "./sample-call.ts";
import { environmentsOf } from "./servers.ts";
import {
  clientTestTs,
  clientTsFor,
  indexTs,
  packageJson,
  readme,
  tsconfig,
  tsconfigBuild,
  turboJson,
  vitestConfig,
  AUTH_KINDS,
  type AuthKind,
  hasTokenEndpoint,
  type Template,
  vendorTsFor,
} from "./templates.ts";

export type NewVendorStep = "import" | "scaffold" | "move-specs" | "move-package" | "register";

export interface NewVendorOptions {
  root: string;
  vendor: string;
  spec: string;
  /** Default: what the definition's security schemes say. */
  auth?: AuthKind;
  tokenUrl?: string;
  /** Display name (default: the definition's info.title, else from the vendor id). */
  title?: string;
  /** The production base URL (default: the definition's first server). */
  baseUrl?: string;
  cwd: string;
  log?: (line: string) => void;
  /** Called as each step starts (progress; tests make a late step fail here). */
  onStep?: (step: NewVendorStep) => void | Promise<void>;
}

const words = (vendor: string) => vendor.split("-");

/**
 * Scaffolds a package for a new vendor from its definition: the definition imported (repaired
 * where vendors' definitions are commonly broken, with a warning each), a package with
 * its data (src/vendor.ts: names, URLs, the headers its client sets, options and variables) and
 * `createXClient` and `fromEnv` wired for the auth the definition describes, a README, and a
 * test against Prism. Everything is written to a staging folder first and moved into place at
 * the end; a failure at any step leaves the repository as it was.
 */
export async function newVendor(options: NewVendorOptions): Promise<string> {
  const log = options.log ?? (() => {});
  const step = async (name: NewVendorStep) => options.onStep?.(name);
  if (!VENDOR_ID.test(options.vendor))
    throw new CliError(`vendor name "${options.vendor}" must be lower-case words joined by "-" (it names the package)`, 2);
  const packageDir = join(options.root, "packages", options.vendor);
  const specsDir = join(options.root, "specs", options.vendor);
  if (existsSync(packageDir)) throw new CliError(`packages/${options.vendor} already exists`, 2);
  if (existsSync(specsDir))
    throw new CliError(
      `specs/${options.vendor} already exists: import a new definition of an existing vendor with \`pnpm specs add ${options.vendor} <file>\``,
      2,
    );
  if (options.auth !== undefined && !AUTH_KINDS.includes(options.auth))
    throw new CliError(`--auth must be one of ${AUTH_KINDS.join(", ")}; got "${options.auth}"`, 2);
  // A pasted token or a key has no token endpoint: a token URL given for one is a mistake to point out, not to drop.
  if (options.tokenUrl !== undefined && options.auth !== undefined && !hasTokenEndpoint(options.auth))
    throw new CliError(`--token-url is for client-credentials and password clients; a ${options.auth} client asks no token endpoint`, 2);
  for (const [flag, value] of [
    ["--token-url", options.tokenUrl],
    ["--base-url", options.baseUrl],
  ] as const) {
    if (value === undefined) continue;
    try {
      new URL(value);
    } catch {
      throw new CliError(`${flag} must be an absolute URL; got "${value}"`, 2);
    }
  }

  // Same file system as the destination, so the final moves are renames.
  await mkdir(join(options.root, "packages"), { recursive: true });
  const staging = await mkdtemp(join(options.root, `.new-vendor-${options.vendor}-`));
  let movedSpecs = false;
  let movedPackage = false;
  let registration: Awaited<ReturnType<typeof registrationOf>> = [];
  try {
    await step("import");
    // What was stored, as it was stored (validated and bundled): not read back and bundled again.
    const { entry, document, convertedFrom } = await addDefinition({
      root: staging,
      vendor: options.vendor,
      input: options.spec,
      cwd: options.cwd,
      log,
    });

    await step("scaffold");
    const recipe = authRecipeOf(
      document,
      options.spec,
      {
        ...(options.auth ? { auth: options.auth } : {}),
        ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
      },
      convertedFrom ? { convertedFrom } : {},
    );
    for (const note of recipe.notes) log(`      ${note}`);
    if (hasTokenEndpoint(recipe.auth) && !recipe.tokenUrl)
      throw new CliError(`${options.spec}: the definition names no token URL for ${recipe.auth}; pass --token-url`, 2);
    if (recipe.auth === "api-key" && !recipe.apiKey)
      throw new CliError(
        `${options.spec}: the definition has no API-key security scheme (header or query); pass --auth with another kind`,
        2,
      );
    // The headers the client sets, for its data: codegen leaves them out of the generated
    // operations. The API-key header always (the core refuses to set an undeclared one);
    // Authorization where the definition declares it as a parameter of its own.
    const declaredHeaders = new Set(
      Object.values<any>(document.paths ?? {})
        .flatMap((item) => [item?.parameters ?? [], ...Object.values<any>(item ?? {}).map((o) => o?.parameters ?? [])].flat())
        .filter((p: any) => p?.in === "header")
        .map((p: any) => String(p.name).toLowerCase()),
    );
    const headers = [
      ...(recipe.auth !== "api-key" && declaredHeaders.has("authorization") ? ["Authorization"] : []),
      ...(recipe.apiKey?.in === "header" && (recipe.auth === "api-key" || recipe.apiKeyWithOAuth) ? [recipe.apiKey.name] : []),
    ];
    const leftOut = headers.filter((h) => declaredHeaders.has(h.toLowerCase()));
    if (leftOut.length) log(`      headers: ${leftOut.join(", ")} set by the client (src/vendor.ts), left out of the generated operations`);
    const sample = sampleCallOf(document, options.spec, [
      ...headers,
      ...(recipe.apiKey?.in === "header" ? [recipe.apiKey.name] : []),
      "Authorization",
    ]);

    const capitalised = words(options.vendor).map((w) => w[0]!.toUpperCase() + w.slice(1));
    const title = options.title ?? titleOf(document) ?? capitalised.join(" ");
    const { production, ...otherEnvironments } = environmentsOf(document, options.baseUrl);
    if (!production)
      throw new CliError(
        `${options.spec}: the definition names no server for the client to call (an OpenAPI server or Swagger 2.0 host, not loopback); pass --base-url`,
        2,
      );
    const named = Object.keys(otherEnvironments);
    if (named.length) log(`      environments: production ${production}, ${named.map((n) => `${n} ${otherEnvironments[n]}`).join(", ")}`);
    const template: Template = {
      vendor: options.vendor,
      title,
      pascal: capitalised.join(""),
      envPrefix: options.vendor.toUpperCase().replace(/-/g, "_"),
      definitionName: entry.name,
      definitionFile: entry.file,
      auth: recipe.auth,
      ...(recipe.tokenUrl ? { tokenUrl: recipe.tokenUrl } : {}),
      ...(recipe.clientAuthentication ? { clientAuthentication: recipe.clientAuthentication } : {}),
      baseUrl: production,
      ...(named.length ? { otherEnvironments } : {}),
      apiKey: recipe.apiKey ?? { name: "x-api-key", in: "header" },
      apiKeyWithOAuth: recipe.apiKeyWithOAuth,
      headers,
      sample,
    };
    const files: Record<string, string> = {
      "package.json": packageJson(template),
      "turbo.json": turboJson(template),
      "tsconfig.json": tsconfig,
      "tsconfig.build.json": tsconfigBuild,
      "vitest.config.ts": vitestConfig,
      "README.md": readme(template),
      "src/vendor.ts": vendorTsFor(template),
      "src/client.ts": clientTsFor(template),
      "src/index.ts": indexTs(template),
      "src/client.test.ts": clientTestTs(template),
    };
    const stagedPackage = join(staging, "packages", options.vendor);
    await mkdir(join(stagedPackage, "src"), { recursive: true });
    for (const [file, content] of Object.entries(files)) await writeFile(join(stagedPackage, file), content);

    // The packages that depend on every vendor (CLI, stand-ins, demo, …) list it: read now, written last.
    registration = await registrationOf(options.root, options.vendor);
    await step("move-specs");
    await rename(join(staging, "specs", options.vendor), specsDir);
    movedSpecs = true;
    await step("move-package");
    await rename(stagedPackage, packageDir);
    movedPackage = true;
    await step("register");
    for (const edit of registration) await writeFile(join(options.root, edit.file), edit.after);
    movedSpecs = movedPackage = false;
    formatWithBiome(options.root, packageDir, log);
    if (registration.length) log(`      registered in ${registration.map((e) => e.file).join(", ")}`);
    await writeEnvExample(options.root, log);
    log(
      `ok    packages/${options.vendor}: create${template.pascal}Client (${recipe.auth}${recipe.apiKeyWithOAuth ? " + API key" : ""}), README, a test against Prism calling ${sample.method} ${sample.path}`,
    );
    log(`      next: pnpm install && pnpm --filter @vendor-clients/${options.vendor} test`);
    return packageDir;
  } catch (error) {
    // Roll back what was moved already; the staging folder goes in any case.
    if (movedSpecs) await rm(specsDir, { recursive: true, force: true });
    if (movedPackage) {
      await rm(packageDir, { recursive: true, force: true });
      for (const edit of registration) await writeFile(join(options.root, edit.file), edit.before);
    }
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** `.env.example` with the new vendor's variables (what `pnpm env-example` writes); a note if it cannot be computed here. */
async function writeEnvExample(root: string, log: (line: string) => void): Promise<void> {
  if (!existsSync(envExampleFile(root))) return;
  try {
    await writeFile(envExampleFile(root), await envExampleText(root));
    log("      .env.example: the new vendor's variables added");
  } catch (error) {
    log(`      note: .env.example not updated (${errorMessage(error)}); run pnpm build && pnpm env-example`);
  }
}

/**
 * The new package formatted as `pnpm lint` (Biome) wants it, so that a scaffolded vendor passes
 * CI as it is. A checkout without Biome installed gets the package unformatted and a note.
 */
function formatWithBiome(root: string, dir: string, log: (line: string) => void): void {
  const biome = join(root, "node_modules", ".bin", "biome");
  if (!existsSync(biome)) {
    log("      note: Biome is not installed here; run pnpm format before committing");
    return;
  }
  // Not through git: the package is not committed yet (and a sandbox may be no checkout at all).
  const result = spawnSync(biome, ["format", "--write", "--vcs-enabled=false", dir], { cwd: root, encoding: "utf8" });
  if (result.status !== 0)
    log(`      note: formatting the package failed; run pnpm format (${(result.stderr || result.stdout).trim().split("\n")[0]})`);
}

/** The definition's own name for the API (info.title), as a display name; undefined when it has none. */
export function titleOf(document: { info?: { title?: unknown } }): string | undefined {
  const title = typeof document.info?.title === "string" ? document.info.title.replace(/\s+/g, " ").trim() : "";
  return title || undefined;
}
