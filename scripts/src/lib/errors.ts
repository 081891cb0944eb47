/**
 * Errors the command-line tools report to the user. The message is the whole report: the CLI
 * prints it without a stack trace, so it must say what is wrong and where.
 */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    /** 1: the job failed (bad definition, sha256 mismatch, breaking changes); 2: the command was used wrongly. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  override name = "UsageError";
  constructor(message: string) {
    super(message, 2);
  }
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
