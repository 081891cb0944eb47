import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { buildProgress, capture } from "./progress.ts";

// Turbo 2's own lines with --log-prefix=task (recorded from `turbo run build` in this checkout).
const TURBO = [
  "   • turbo 2.11.11",
  "   • Running build in 17 packages",
  "@vendor-clients/auth:build: cache hit, suppressing logs fcb8984f5c936235",
  "@vendor-clients/avnet:generate: cache miss, executing 3bd7551a7a9f2086",
  "@vendor-clients/avnet:generate: > vendor-clients-generate avnet",
  "@vendor-clients/avnet:generate: ok    avnet: packages/avnet/src/generated/apim.ts (1132 ms)",
  "@vendor-clients/avnet:build: cache miss, executing 590657b6d215f65b",
  "@vendor-clients/avnet:build: > node ../../node_modules/typescript/bin/tsc -p tsconfig.build.json",
  " Tasks:    3 successful, 3 total",
];

describe("pnpm start's progress while it builds", () => {
  it("names each task as Turbo starts it, on a terminal in one line rewritten in place", () => {
    const said: string[] = [];
    const progress = buildProgress({ tty: true, say: (t) => said.push(t), label: "2/3 generate and build…" });
    const after: number[] = [];
    for (const line of TURBO) progress.line(line), after.push(said.length);
    // Printed as each task starts, not when the build ends.
    expect(after).toEqual([0, 0, 1, 2, 2, 2, 3, 3, 3]);
    expect(said).toEqual([
      "\r\x1b[K2/3 generate and build… 1 task, now auth build (cached)",
      "\r\x1b[K2/3 generate and build… 2 tasks, now avnet generate",
      "\r\x1b[K2/3 generate and build… 3 tasks, now avnet build",
    ]);
    progress.finish();
    expect(said.at(-1)).toBe("\r\x1b[K2/3 generate and build… ");
  });

  it("in a log, a line per task that does work, cached ones left out", () => {
    const said: string[] = [];
    const progress = buildProgress({ tty: false, say: (t) => said.push(t), label: "2/3 generate and build…" });
    for (const line of TURBO) progress.line(line);
    progress.finish();
    expect(said.join("")).toBe("\n    avnet generate\n    avnet build\n    ");
    // Nothing worked (all cached): the step's result follows on the same line.
    const quiet: string[] = [];
    const cached = buildProgress({ tty: false, say: (t) => quiet.push(t), label: "2/3" });
    cached.line(TURBO[2]!);
    cached.finish();
    expect(quiet).toEqual([]);
  });

  it("hands each line over while the command still runs, not when it ends", async () => {
    let child: ChildProcess | undefined;
    let first: (line: string) => void = () => {};
    const seen = new Promise<string>((resolve) => (first = resolve));
    // A build that has started one task and is still busy: it runs until stopped.
    const script = `process.stdout.write(${JSON.stringify(`${TURBO[3]}\n`)}); setInterval(() => {}, 1000);`;
    const done = capture(
      process.execPath,
      ["-e", script],
      process.cwd(),
      (line) => first(line),
      (c) => (child = c),
    );
    expect(await seen).toBe(TURBO[3]);
    expect(child!.exitCode).toBeNull();
    child!.kill();
    const result = await done;
    expect(result.output).toBe(`${TURBO[3]}\n`);
  });
});
