import { spawn, type ChildProcess } from "node:child_process";

export interface Captured {
  code: number | null;
  output: string;
}

/**
 * Runs a command with its output kept aside (shown only when it fails), each line of its stdout
 * handed to `onLine` as soon as it arrives. `started` sees the child, e.g. to stop it.
 */
export function capture(
  command: string,
  args: string[],
  cwd: string,
  onLine: (line: string) => void = () => {},
  started: (child: ChildProcess) => void = () => {},
): Promise<Captured> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } });
    started(child);
    let output = "";
    let partial = "";
    child.stdout.on("data", (d) => {
      output += d;
      const lines = (partial + d).split("\n");
      partial = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    child.stderr.on("data", (d) => (output += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, output }));
  });
}

export interface BuildProgress {
  /** One line of Turbo's output (`--log-prefix=task`). */
  line(text: string): void;
  /** Clears the progress line (a terminal) or ends the list (a log), ready for the step's result. */
  finish(): void;
}

/**
 * What `pnpm start` shows while Turbo builds: Turbo names each task as it starts it
 * ("<package>:<task>: cache miss, executing …"), so minutes of building are not minutes of
 * silence. On a terminal, one line rewritten in place (the count and the current task); in a
 * log, a line per task that does work (a cached one takes no time worth a line).
 */
export function buildProgress(options: { tty: boolean; say: (text: string) => void; label: string }): BuildProgress {
  const { tty, say, label } = options;
  let begun = 0;
  let worked = 0;
  return {
    line(text) {
      const task = /^@vendor-clients\/([\w-]+):(\w+): cache (miss|hit|bypass)/.exec(text);
      if (!task) return;
      begun++;
      const what = `${task[1]} ${task[2]}${task[3] === "hit" ? " (cached)" : ""}`;
      if (tty) say(`\r\x1b[K${label} ${begun} task${begun === 1 ? "" : "s"}, now ${what}`);
      else if (task[3] !== "hit") say(`\n    ${what}`), worked++;
    },
    finish() {
      if (tty) say(`\r\x1b[K${label} `);
      else if (worked) say("\n    ");
    },
  };
}
