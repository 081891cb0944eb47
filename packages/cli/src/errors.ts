/** A failure the CLI reports as one line (no stack unless --debug), with its exit code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export const usage = (message: string) => new CliFailure(message, 2);
