import { defineConfig } from "vitest/config";

/**
 * The one vitest setup every package extends (`packages/x/vitest.config.ts`), so that
 * timeouts and reporters are the same everywhere and Turbo can run each package's tests alone.
 */
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    // Generous: tests spawn CLIs and start servers (Prism takes a minute on a loaded machine), and CI
    // runs several packages at once on 2 cores. A limit only decides how late a hung test fails.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests start real servers on loopback; unhandled rejections must fail the run, never pass silently.
    dangerouslyIgnoreUnhandledErrors: false,
    // Type tests (*.test-d.ts) are checked by each package's `typecheck` task: its tsc covers all
    // of src/, and an unmet expectation or an unused @ts-expect-error fails it. Vitest's own
    // typecheck mode would check them a second time and print an "experimental feature" banner in
    // every package; `vitest --typecheck` still runs them as tests on demand.
    typecheck: { enabled: false, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // One dot per test where the output goes to a log (Turbo, CI); the detailed report in a terminal.
    reporters: process.stdout.isTTY ? ["default"] : ["dot"],
    // graphql must be one copy. vitest loads our own `graphql` imports as ESM, while packages it
    // leaves to Node get graphql's CJS build: two copies, and graphql refuses schemas and
    // documents "from another realm". Inlining the packages that take them from us keeps one.
    server: { deps: { inline: [/@graphql-inspector/, /@graphql-codegen/, /@graphql-tools/, /graphql-yoga/, /@graphql-yoga/, /@envelop/] } },
  },
});
