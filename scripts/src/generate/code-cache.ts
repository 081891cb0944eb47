import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { constants as vmConstants, Script } from "node:vm";
import { threadId } from "node:worker_threads";
import { sha256 } from "../lib/hash.ts";

/** scripts/node_modules/.cache/code (from scripts/src/generate/ and from the bin's bundle alike). */
export const codeCacheDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../node_modules/.cache/code");

export interface CodeCache {
  /** How each CommonJS module loaded since `enableCodeCache` was compiled: from V8's cached code ("hit"), from source with none kept ("miss"), or from source because V8 refused what was kept ("rejected"). */
  readonly loaded: ReadonlyMap<string, "hit" | "miss" | "rejected">;
  /**
   * Keeps V8's code of every module that had none (or a refused one) for the next process; called
   * once the work is done, so that the functions compiled since loading are in it too (most of a
   * library's functions are compiled lazily, on their first call). Nothing to do after all hits.
   */
  save(): void;
}

type Compile = (this: Module, content: string, filename: string, format?: string) => unknown;
interface ModuleInternals {
  _compile: Compile;
}
interface ModuleStatics {
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: Module): string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

/** What Node hands the module's code as `require` (its internal makeRequireFunction, which is not exported). */
function requireFor(module: Module): NodeJS.Require {
  const statics = Module as unknown as ModuleStatics;
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) =>
    statics._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => statics._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = statics._extensions as NodeJS.Require["extensions"];
  require.cache = statics._cache as NodeJS.Require["cache"];
  return require;
}

/**
 * Compiles every CommonJS module required from now on (each file `include` accepts) with V8's
 * code from an earlier process, as Node 22's `module.enableCompileCache()` does; Node 20 has no
 * such thing. The generators are thousands of files of CommonJS (TypeScript alone 9 MB, which
 * openapi-typescript prints with; Redocly; GraphQL Codegen): parsing and compiling them was
 * most of a one-vendor run. One file of cached code per module in `cacheDir`, named by the
 * module's path, size and modification time and Node's version, so a module that changed (an
 * upgrade is another path in pnpm's store besides) is compiled from its source; V8 refuses code
 * that does not fit the source's length, its version or its flags, and damaged data (then the
 * module compiles from source and the cache is written again). Modules that are ES modules, or
 * that V8 cannot compile as a function body, are left to Node.
 */
export function enableCodeCache(cacheDir: string, include: (file: string) => boolean = () => true): CodeCache {
  const prototype = Module.prototype as unknown as ModuleInternals;
  const original = prototype._compile;
  const loaded = new Map<string, "hit" | "miss" | "rejected">();
  const toSave = new Map<string, Script>();
  // Entries read this run: their time is renewed at save, so that pruning keeps what is in use.
  const used: string[] = [];
  prototype._compile = function (this: Module, content: string, filename: string, format?: string) {
    if (format === "module" || !include(filename)) return original.call(this, content, filename, format);
    let cacheFile: string;
    try {
      const { size, mtimeMs } = statSync(filename);
      const key = sha256(`${filename}\0${size}\0${mtimeMs}\0${process.version}\0${process.arch}`);
      cacheFile = join(cacheDir, `${key.slice(0, 32)}.bin`);
    } catch {
      return original.call(this, content, filename, format);
    }
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {}
    let script: Script;
    try {
      // A "#!" line is only allowed at the very start of a script, not inside the wrapper.
      const body = content.startsWith("#!") ? `//${content.slice(2)}` : content;
      script = new Script(Module.wrap(body), {
        filename,
        ...(cachedData ? { cachedData } : {}),
        importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // Not a function body (ES module syntax in a .js file Node may still load as one): Node decides.
      return original.call(this, content, filename, format);
    }
    const cache = !cachedData ? "miss" : script.cachedDataRejected ? "rejected" : "hit";
    loaded.set(filename, cache);
    if (cache !== "hit") toSave.set(cacheFile, script);
    else used.push(cacheFile);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return Reflect.apply(wrapper, this.exports, [this.exports, requireFor(this), this, filename, dirname(filename)]);
  };
  return {
    loaded,
    save() {
      const now = new Date();
      for (const file of used.splice(0))
        try {
          utimesSync(file, now, now);
        } catch {}
      if (!toSave.size) return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        for (const [file, script] of toSave) {
          const temp = `${file}.${process.pid}-${threadId}.tmp`;
          writeFileSync(temp, script.createCachedData());
          renameSync(temp, file);
        }
        toSave.clear();
      } catch {
        // A cache that cannot be written (a read-only checkout) only costs the next run its speed.
        return;
      }
      prune(cacheDir, now.getTime());
    },
  };
}

/** How long an entry no run has read is kept: an upgraded or rebundled generator leaves its old modules' entries behind (megabytes each). */
const UNUSED_ENTRY_MS = 30 * 24 * 3600_000;

/**
 * Removes the entries no run has read for UNUSED_ENTRY_MS, and temporary files a crashed write
 * left. Run only after a run wrote entries (something changed), so a run that found everything
 * pays nothing; another process's entry in use has had its time renewed by that process.
 */
function prune(cacheDir: string, now: number): void {
  try {
    for (const name of readdirSync(cacheDir)) {
      if (!name.endsWith(".bin") && !name.endsWith(".tmp")) continue;
      const file = join(cacheDir, name);
      try {
        if (now - statSync(file).mtimeMs > (name.endsWith(".tmp") ? 3600_000 : UNUSED_ENTRY_MS)) unlinkSync(file);
      } catch {}
    }
  } catch {
    // Pruning is housekeeping: a folder that cannot be listed costs nothing but disk.
  }
}
