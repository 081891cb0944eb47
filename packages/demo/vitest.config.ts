import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// graphql must be one copy: vitest would load ours as ESM and graphql-yoga's as CJS otherwise.
export default mergeConfig(shared, defineConfig({ test: { server: { deps: { inline: [/graphql-yoga/, /@graphql-tools/, /@graphql-yoga/, /@envelop/] } } } }));
