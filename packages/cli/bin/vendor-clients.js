#!/usr/bin/env node
// The `vendor-clients` command. A file of its own rather than dist/main.js, so that the bin
// exists before the first build and pnpm install links it without a warning.
import "../dist/main.js";
