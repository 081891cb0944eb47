#!/usr/bin/env node
// `vendor-clients-generate <vendor>`: what each vendor package's `generate` script (run by Turbo) calls.
// The tools are TypeScript run through tsx, so the package needs no build step of its own.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/generate.ts");
