import type { Plugin } from "esbuild";

/** An esbuild plugin that leaves each import() out of the bundle (see lazy-chunks.js). */
export declare const lazyChunksLeftOut: Plugin;
