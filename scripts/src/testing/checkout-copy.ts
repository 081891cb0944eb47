import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The pnpm that runs this process (pnpm sets npm_execpath to its own script), else the one on the
 * PATH: another version installs differently.
 */
export function ownPnpm(): [string, string[]] {
  const execpath = process.env.npm_execpath;
  if (execpath && /pnpm(\.c?js)?$/.test(execpath)) return /\.c?js$/.test(execpath) ? [process.execPath, [execpath]] : [execpath, []];
  return ["pnpm", []];
}

/** Runs a command in `cwd`; resolves with its exit code and output (stdout and stderr together), never rejects. */
export function exec(command: string, args: string[], cwd: string, env: Record<string, string> = {}, timeout = 600_000) {
  return run(command, args, { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env }, timeout, maxBuffer: 64 << 20 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
    (error: { code?: number; stdout?: string; stderr?: string; message: string }) => ({
      code: typeof error.code === "number" ? error.code : -1,
      output: `${error.stdout ?? ""}${error.stderr ?? ""}${error.message}`,
    }),
  );
}

/**
 * A copy of the checkout at `repo` in a temporary folder, as a fresh clone would be after
 * `pnpm install`, `pnpm specs pull` and `pnpm build`: its files (tracked and new, what .gitignore
 * leaves out aside), the pulled definitions and the build outputs (dist/, src/generated/) copied,
 * node_modules installed from pnpm's store (seconds: nothing is downloaded that the checkout has).
 */
export async function copyCheckout(repo: string): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "vendor-clients-copy-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo, encoding: "utf8" })
    .split("\0")
    .filter((file) => file && existsSync(join(repo, file)));
  // What `pnpm specs pull` and `pnpm build` left: ignored, but a fresh clone makes them before anything else.
  const made: string[] = [];
  for (const dir of await readdir(join(repo, "specs"))) {
    if (!existsSync(join(repo, "specs", dir, "sources.json"))) continue;
    for (const file of await readdir(join(repo, "specs", dir))) made.push(`specs/${dir}/${file}`);
  }
  for (const dir of await readdir(join(repo, "packages")))
    for (const output of ["dist", "src/generated"])
      if (existsSync(join(repo, "packages", dir, output))) made.push(`packages/${dir}/${output}`);
  for (const file of new Set([...files, ...made])) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await cp(join(repo, file), join(root, file), { recursive: true });
  }
  // A repository of its own, as a clone is: tests and Biome read .gitignore through git.
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: root,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "test",
        GIT_AUTHOR_EMAIL: "test@example.com",
        GIT_COMMITTER_NAME: "test",
        GIT_COMMITTER_EMAIL: "test@example.com",
      },
    });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "--no-verify", "-m", "copy");
  const [pnpm, pnpmArgs] = ownPnpm();
  const install = await exec(pnpm, [...pnpmArgs, "install", "--prefer-offline", "--frozen-lockfile"], root);
  if (install.code !== 0) throw new Error(`pnpm install in the copy failed:\n${install.output}`);
  return { root, cleanup: () => rm(root, { recursive: true, force: true, maxRetries: 5 }) };
}
