#!/usr/bin/env node
// `pnpm generate [vendor]`, and `vendor-clients-generate <vendor>`: what each vendor package's
// `generate` script (run by Turbo) calls.
//
// The generator runs as JavaScript that esbuild bundles from scripts/src into
// scripts/dist/generate-<fingerprint>/ the first time after a change (tens of milliseconds), so
// the package needs no build step of its own. Running it through tsx instead cost most of a
// one-vendor run: a TypeScript loader on another thread that every import of the generators
// (thousands of files) goes through. The GraphQL and OpenAPI generators stay separate chunks,
// each loaded only for a definition of its kind; worker.js generates the GraphQL vendors in a
// thread of their own when a run has both kinds.
import { existsSync } from "node:fs";
import { readdir, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { scriptsFingerprint } from "../src/lib/fingerprint.js";

const scripts = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(scripts, "dist");
// Also part of every vendor's inputs: handed to the generator rather than computed again.
const fingerprint = scriptsFingerprint(scripts);
// Three folders deep like scripts/src/<folder>/, so paths the sources find from their own
// location (the checkout's root, specs/sources.schema.json) hold in the bundle too.
const name = `generate-${fingerprint.slice(0, 16)}`;
const out = join(dist, name);

if (!existsSync(join(out, "generate.js"))) {
  const { build } = await import("esbuild");
  // Several generate tasks may start at once (Turbo runs one per vendor package): each builds
  // into its own folder and the first to finish puts it in place.
  const staging = `${out}.${process.pid}.tmp`;
  try {
    await build({
      entryPoints: { generate: join(scripts, "src/cli/generate.ts"), worker: join(scripts, "src/generate/worker.ts") },
      outdir: staging,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      logLevel: "error",
    });
    // Redocly and GraphQL Codegen each as one CommonJS file (src/lib/redocly.cjs and
    // graphql-modules.cjs with all they require), where the generator's require of those names
    // finds them: as published they are hundreds of modules, found and read one by one. And the
    // few modules of Redocly that check a one-file definition (redocly-types.cjs): all of it is
    // loaded only for one that needs its resolver or bundler.
    await build({
      entryPoints: [
        join(scripts, "src/lib/redocly.cjs"),
        join(scripts, "src/lib/redocly-types.cjs"),
        join(scripts, "src/lib/graphql-modules.cjs"),
      ],
      outdir: staging,
      outExtension: { ".js": ".cjs" },
      bundle: true,
      // Loaded by typescript-operations only for an option not used here (and not installed).
      external: ["graphql-sock"],
      format: "cjs",
      platform: "node",
      target: "node20",
      logLevel: "error",
    });
    // openapi-typescript's parts the same way (src/generate/openapi-typescript.cjs), but for
    // TypeScript: one file already, which V8's code cache spares compiling.
    await build({
      entryPoints: { "openapi-typescript": join(scripts, "src/generate/openapi-typescript.cjs") },
      outdir: staging,
      outExtension: { ".js": ".cjs" },
      bundle: true,
      external: ["typescript"],
      format: "cjs",
      platform: "node",
      target: "node20",
      logLevel: "error",
    });
  } catch (error) {
    // A failed build leaves no half-made folder behind.
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rename(staging, out).catch(async (error) => {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(out, "generate.js"))) throw error;
  });
  // Bundles of earlier sources are of no further use.
  for (const old of await readdir(dist))
    if (old.startsWith("generate-") && old !== name && !old.endsWith(".tmp")) await rm(join(dist, old), { recursive: true, force: true });
}
const { main } = await import(pathToFileURL(join(out, "generate.js")).href);
await main(process.argv.slice(2), fingerprint);
