import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

// Two files at a time, not vitest's default of one on a 2-core machine: the scaffold tests
// (stays-green, new-vendor) spend minutes waiting on the pnpm, turbo and Prism processes they
// start, and the other files can run meanwhile. Each file works in a temporary folder of its own.
export default mergeConfig(shared, defineConfig({ test: { maxWorkers: 2 } }));
