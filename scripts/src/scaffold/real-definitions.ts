// Real API definitions that vendors publish inside npm packages under permissive licences, from
// which stays-green.test.ts scaffolds vendors. None is committed here: each package is an exact
// devDependency of this one (the lockfile pins its integrity; CI reaches the npm registry and no
// public repository), and the file is read from node_modules. Its sha256 is recorded as well, so
// that a republished or edited file fails the test by name instead of quietly testing another one.
import { sha256 } from "../lib/hash.ts";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface RealDefinition {
  /** The npm package that ships the definition, and the exact version in package.json. */
  package: string;
  version: string;
  /** The definition's path inside the package. */
  file: string;
  sha256: string;
  /** As checked: the package's `license` and the definition's own `info.license`. */
  licence: string;
}

/** The definitions scaffolded in CI (fixtures/README.md says why these, and what else was tried). */
export const REAL_DEFINITIONS = {
  /** OpenAPI 3.0.1, six operations, every one a POST; no servers, no security schemes. 99.5 kB. */
  shipEngineFulfillmentProvider: {
    package: "@shipengine/connect-fulfillment-provider-api",
    version: "4.6.0",
    file: "spec.json",
    sha256: "5677fac2e48b4d86cf331104c53a2cdcbe98b90f146eb415c5c902860b500a21",
    licence: "Apache-2.0 (package.json and info.license)",
  },
  /** Swagger 2.0, 117 paths (77 GETs), host and basePath, OAuth 2 implicit flow without scopes. 723 kB. */
  netlify: {
    package: "@netlify/open-api",
    version: "2.60.0",
    file: "dist/swagger.json",
    sha256: "70aa5a0a052a689e87cad8fca256e9aa560165a7b6b3bdc41121ede385637521",
    licence: "MIT (package.json and its LICENSE; the definition has no info.license)",
  },
} as const satisfies Record<string, RealDefinition>;

const scriptsNodeModules = join(import.meta.dirname, "..", "..", "node_modules");

/**
 * The definition's path in node_modules, once its version and sha256 are the ones recorded; else
 * an error naming what differs (both hashes, both versions) or how to install it.
 */
export async function realDefinitionPath(definition: RealDefinition, nodeModules = scriptsNodeModules): Promise<string> {
  const dir = join(nodeModules, ...definition.package.split("/"));
  const path = join(dir, ...definition.file.split("/"));
  const named = `${definition.package}@${definition.version} ${definition.file}`;
  if (!existsSync(path)) throw new Error(`${named}: not in ${nodeModules} (a devDependency of scripts: run pnpm install)`);
  const { version } = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
  if (version !== definition.version)
    throw new Error(`${named}: version ${version} is installed, ${definition.version} recorded (scripts/package.json pins it exactly)`);
  const actual = sha256(await readFile(path));
  if (actual !== definition.sha256)
    throw new Error(
      `${named}: sha256 ${actual} differs from the recorded ${definition.sha256}; check the file (and its licence) before recording the new hash in scripts/src/scaffold/real-definitions.ts`,
    );
  return path;
}
