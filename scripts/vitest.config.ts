import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // vitest loads our `graphql` imports as ESM while packages it leaves to Node get graphql's CJS
      // build: two copies, and graphql refuses objects from "another realm". Inline the packages
      // that take a schema from us so everything shares one copy.
      server: { deps: { inline: [/@graphql-inspector/, /@graphql-codegen/, /@graphql-tools/] } },
    },
  }),
);
