// Plain JavaScript (with lazy-chunks.d.ts beside it): .size-limit.js loads it without a TypeScript loader, the bench through tsx.

/**
 * An esbuild plugin that leaves each import() out of the bundle, unresolved, as Rollup and webpack
 * put it in a chunk of its own: what remains is what loads before a first call that takes no
 * rarely used path. `pnpm size` and `pnpm bench --only bundle` measure with it.
 */
export const lazyChunksLeftOut = {
  name: "lazy-chunks-left-out",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => (args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined));
  },
};
