import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError, UsageError, errorMessage } from "./errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses argv strictly; unknown flags and missing values become a UsageError that names the flag. */
export function parseCommandLine<O extends Options>(args: string[], options: O, help: string) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${errorMessage(error)}\n\n${help}`);
  }
}

/**
 * Runs a command's main function and turns its outcome into an exit code. Expected failures
 * (CliError) print their message only; anything else is a bug and prints its stack.
 */
export async function runMain(main: () => Promise<number | undefined>): Promise<void> {
  // `… | head` closes the pipe early; that is the reader's choice, not an error of ours.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(
        `unexpected error (a bug in vendor-clients scripts):\n${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 70;
    }
  }
}

/** The directory the user ran the command from: pnpm runs root scripts in the root and records the caller's cwd in INIT_CWD. */
export const userCwd = (): string => process.env.INIT_CWD ?? process.cwd();
