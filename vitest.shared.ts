import { defineConfig } from "vitest/config";

/**
 * The one vitest setup every package extends (`packages/x/vitest.config.ts`), so that
 * timeouts and reporters are the same everywhere and Turbo can run each package's tests alone.
 */
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    // Generous: tests spawn CLIs and start servers, and CI runs several packages at once on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests start real servers on loopback; unhandled rejections must fail the run, never pass silently.
    dangerouslyIgnoreUnhandledErrors: false,
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // graphql must be one copy. vitest loads our own `graphql` imports as ESM, while packages it
    // leaves to Node get graphql's CJS build: two copies, and graphql refuses schemas and
    // documents "from another realm". Inlining the packages that take them from us keeps one.
    server: { deps: { inline: [/@graphql-inspector/, /@graphql-codegen/, /@graphql-tools/, /graphql-yoga/, /@graphql-yoga/, /@envelop/] } },
  },
});
