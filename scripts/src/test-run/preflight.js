// What `pnpm test` needs from the machine beyond Node and pnpm, checked once before the run so a
// missing program is one line with its install command, not a failure in every package that uses it.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The programs the tests start, where they look for them, and how to install each on Debian or Ubuntu. */
export const REQUIREMENTS = [
  {
    name: "redis-server",
    usedBy: "the Redis token store, the Redis rate limiter and the testkit",
    find: (env) => onPath("redis-server", env),
    install: "sudo apt-get install redis-server",
  },
  {
    name: "Chromium",
    usedBy: "the browser runtime test (packages/runtimes)",
    find: (env) => executable(env.CHROMIUM_PATH ?? "/usr/bin/chromium"),
    install: "sudo apt-get install chromium (or set CHROMIUM_PATH to a Chromium or Chrome binary)",
  },
];

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
};

/** The first `name` on the PATH of `env`, or undefined. */
export function onPath(name, env) {
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const found = executable(join(dir, name));
    if (found) return found;
  }
  return undefined;
}

/** One message per missing program, naming what needs it and the command that installs it. */
export function missingRequirements(env = process.env, requirements = REQUIREMENTS) {
  return requirements
    .filter((requirement) => !requirement.find(env))
    .map((r) => `${r.name} not found (needed by ${r.usedBy}); install it: ${r.install}`);
}
