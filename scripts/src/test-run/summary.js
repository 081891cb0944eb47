// Turbo's own summary, read back: with --continue its "Failed:" line names only the tasks that
// failed, as "<package>#<task>"; the packages are what a reader needs.

/** The packages whose tasks failed, from Turbo's output (its "Failed:" summary line), in order and once each. */
export function failedTasks(output) {
  // Colours and the "\x1b[…m" codes Turbo writes around names are not part of them.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character starts each colour code
  const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
  const line = /^\s*Failed:\s+(.+)$/m.exec(plain)?.[1] ?? "";
  const packages = line
    .split(/,\s*/)
    .map((task) => task.trim().replace(/#.*$/, ""))
    .filter(Boolean);
  return [...new Set(packages)];
}
