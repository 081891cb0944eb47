import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = import.meta.dirname;

/** The package's modules (tests aside) and the modules each one loads at run time (type-only imports load nothing). */
function importGraph(): Map<string, string[]> {
  const files = (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(f))
    .map((f) => join(SRC, f));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const loads = [...text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?["'](\.[^"']+)["']/gms)].map((m) =>
      resolve(dirname(file), m[1]!),
    );
    graph.set(file, loads);
  }
  return graph;
}

/** Every cycle, each as the modules on it (relative to src), found by depth-first search. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") found.push(path.slice(path.indexOf(next)).map((f) => relative(SRC, f)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

/** The modules reached from `entry` through static imports (what a bundle of it carries before any import() runs). */
function staticClosure(graph: Map<string, string[]>, entry: string): Set<string> {
  const reached = new Set([entry]);
  for (const file of reached) for (const next of graph.get(file) ?? []) reached.add(next);
  return reached;
}

/** Rarely used paths, loaded with import() when used: the one-call bundle's budget (.size-limit.js) counts on it. */
const LOADED_WHEN_USED = [
  "http/redirect.ts",
  "http/streamed-response.ts",
  "token-error.ts",
  "stores/record-check.ts",
  "steps/log-line.ts",
  "sources/pkce.ts",
];

describe("module graph", () => {
  it("finds a cycle where there is one (the check itself works)", () => {
    const a = join(SRC, "a.ts");
    const b = join(SRC, "b.ts");
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([["a.ts", "b.ts"]]);
  });

  it("has no import cycle (redact.ts and secrets.ts had one)", () => {
    const involved = cycles(importGraph());
    expect(involved).toEqual([]);
  });

  it("loads the rarely used paths only through import(), never from the entry points' static imports", () => {
    const graph = importGraph();
    const lazy = LOADED_WHEN_USED.map((file) => join(SRC, file));
    // The check itself: a module imported statically is found.
    expect(staticClosure(graph, join(SRC, "index.ts"))).toContain(join(SRC, "http/core.ts"));
    for (const entry of ["index.ts", "rest.ts", "internal.ts"]) {
      const reached = staticClosure(graph, join(SRC, entry));
      expect(lazy.filter((file) => reached.has(file)).map((file) => relative(SRC, file))).toEqual([]);
    }
    // And each is still loaded somewhere (a stale name in the list would make the check above vacuous).
    const sources = [...graph.keys()].map((file) => [file, readFileSync(file, "utf8")] as const);
    for (const file of lazy) {
      const loaders = sources.filter(([from, text]) =>
        [...text.matchAll(/import\(\s*["'](\.[^"']+)["']\s*\)/g)].some((m) => resolve(dirname(from), m[1]!) === file),
      );
      expect(loaders.length, relative(SRC, file)).toBeGreaterThan(0);
    }
  });
});
