import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { addDefinition } from "../specs/add.ts";
import { loadDefinition } from "../lib/definition.ts";
import { CliError } from "../lib/errors.ts";
import { definitionPath } from "../lib/workspace.ts";
import { clientTestTs, clientTsFor, indexTs, packageJson, readme, tsconfig, tsconfigBuild, turboJson, vitestConfig, type AuthKind, type Template } from "./templates.ts";

export interface NewVendorOptions {
  root: string;
  vendor: string;
  spec: string;
  auth: AuthKind;
  tokenUrl?: string;
  /** Display name (default: from the vendor id). */
  title?: string;
  cwd: string;
  log?: (line: string) => void;
}

const words = (vendor: string) => vendor.split("-");

/** The first GET a freshly scaffolded test can make: no required query or header parameters; path parameters get sample values. */
function sampleCall(document: Record<string, any>): Template["sample"] {
  const resolve = (value: any) => (value?.$ref ? value.$ref.slice(2).split("/").map((s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~")).reduce((n: any, k: string) => n?.[k], document) : value);
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    const get = item?.get;
    if (!get) continue;
    const parameters = [...(item.parameters ?? []), ...(get.parameters ?? [])].map(resolve).filter(Boolean);
    if (parameters.some((p: any) => p.in !== "path" && p.required)) continue;
    const pathParams: Record<string, string | number> = {};
    for (const p of parameters.filter((p: any) => p.in === "path")) {
      const schema = resolve(p.schema) ?? {};
      pathParams[p.name] = p.example ?? schema.example ?? (schema.type === "integer" || schema.type === "number" ? 1 : "1");
    }
    return { path, pathParams };
  }
  throw new CliError("the definition has no GET operation without required query or header parameters: the scaffolded test needs one to call");
}

/**
 * Scaffolds a package for a new vendor from its definition: the definition imported into
 * specs/ (as `pnpm specs add` does), a package with `createXClient` and `fromEnv` wired for the
 * chosen auth, a README, and a test against Prism.
 */
export async function newVendor(options: NewVendorOptions): Promise<string> {
  const log = options.log ?? (() => {});
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(options.vendor)) throw new CliError(`vendor name "${options.vendor}" must be lower-case words joined by "-" (it names the package)`, 2);
  const dir = join(options.root, "packages", options.vendor);
  if (existsSync(dir)) throw new CliError(`packages/${options.vendor} already exists`, 2);
  if (!["client-credentials", "password", "api-key"].includes(options.auth)) throw new CliError(`--auth must be client-credentials, password or api-key; got "${options.auth}"`, 2);
  if (options.auth !== "api-key") {
    if (!options.tokenUrl) throw new CliError(`--token-url is required with --auth ${options.auth}`, 2);
    try {
      new URL(options.tokenUrl);
    } catch {
      throw new CliError(`--token-url must be an absolute URL; got "${options.tokenUrl}"`, 2);
    }
  }

  // The package folder must exist before the definition is recorded (generate looks for it);
  // a definition that is refused leaves nothing behind.
  await mkdir(join(dir, "src"), { recursive: true });
  await writeFile(join(dir, "package.json"), "{}\n");
  let document: Record<string, any>;
  let entry: Awaited<ReturnType<typeof addDefinition>>["entry"];
  try {
    ({ entry } = await addDefinition({ root: options.root, vendor: options.vendor, input: options.spec, cwd: options.cwd, log }));
    const definition = await loadDefinition(definitionPath(options.root, entry.file), entry.format, `specs/${entry.file}`);
    if (definition.kind !== "openapi") throw new CliError("new-vendor scaffolds OpenAPI clients only");
    document = definition.document;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const apiKeyScheme = Object.values<any>(document.components?.securitySchemes ?? {}).find((s) => s?.type === "apiKey" && (s.in === "header" || s.in === "query"));
  const title = options.title ?? words(options.vendor).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ");
  const template: Template = {
    vendor: options.vendor,
    title,
    pascal: words(options.vendor).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(""),
    envPrefix: options.vendor.toUpperCase().replace(/-/g, "_"),
    definitionName: entry.name,
    definitionFile: entry.file,
    auth: options.auth,
    ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
    baseUrl: String(document.servers?.[0]?.url ?? "https://api.example.com").replace(/\/+$/, ""),
    apiKey: { name: apiKeyScheme?.name ?? "x-api-key", in: apiKeyScheme?.in ?? "header" },
    sample: sampleCall(document),
  };
  const files: Record<string, string> = {
    "package.json": packageJson(template),
    "turbo.json": turboJson(template),
    "tsconfig.json": tsconfig,
    "tsconfig.build.json": tsconfigBuild,
    "vitest.config.ts": vitestConfig,
    "README.md": readme(template),
    "src/client.ts": clientTsFor(template),
    "src/index.ts": indexTs(template),
    "src/client.test.ts": clientTestTs(template),
  };
  for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
  log(`ok    packages/${options.vendor}: create${template.pascal}Client (${options.auth}), README, a test against Prism`);
  log(`      next: pnpm install && pnpm generate ${options.vendor} && pnpm --filter @vendor-clients/${options.vendor} test`);
  return dir;
}
