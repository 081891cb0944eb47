import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { CliError, errorMessage } from "./errors.ts";
import { jsonErrorOffset } from "./json-error-offset.ts";

export interface SourceInput {
  /** What lint/bundle resolve: an absolute path or the URL. */
  ref: string;
  text: string;
  /** The input's own name, for messages and the default file extension. */
  label: string;
  serialization: "json" | "yaml";
}

export const isUrl = (value: string) => /^https?:\/\//i.test(value);

/** Reads a definition given as a file path (relative to `cwd`) or an http(s) URL. */
export async function readSourceInput(input: string, cwd: string, timeoutMs = 60_000): Promise<SourceInput> {
  let text: string;
  let ref: string;
  if (isUrl(input)) {
    ref = input;
    let response: Response;
    try {
      response = await fetch(input, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new CliError(`cannot download ${input}: ${errorMessage((error as Error).cause ?? error)}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new CliError(`cannot download ${input}: HTTP ${response.status} ${response.statusText}`);
    }
    text = await response.text();
  } else {
    ref = resolve(cwd, input);
    try {
      text = await readFile(ref, "utf8");
    } catch (error) {
      throw new CliError(
        `cannot read ${input}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : errorMessage(error)}`,
      );
    }
  }
  const serialization = /^\s*[{[]/.test(text) ? "json" : "yaml";
  return { ref, text, label: input, serialization };
}

/**
 * Parses JSON or YAML; a syntax error names the file, line and column. Input that is neither (binary
 * data, a plain text that YAML would read as one string) is refused as "not JSON or YAML".
 */
export function parseStructured(text: string, label: string): unknown {
  // A NUL or bytes that are not UTF-8 (decoded as U+FFFD) near the start: an archive, an image, a
  // PDF (a text definition with one stray bad byte further on still parses and says where).
  const head = text.slice(0, 8192);
  const binary = [head.indexOf("\0"), head.indexOf("\uFFFD")].filter((at) => at >= 0).sort((a, b) => a - b)[0];
  if (binary !== undefined) {
    const before = text.slice(0, binary);
    throw new CliError(
      `${label}:${before.split("\n").length}:${binary - before.lastIndexOf("\n")}: not JSON or YAML (binary data, not UTF-8 text)`,
    );
  }
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const offset = jsonErrorOffset(text);
      const before = offset === undefined ? undefined : text.slice(0, offset);
      const where = before === undefined ? "" : `:${before.split("\n").length}:${before.length - before.lastIndexOf("\n")}`;
      throw new CliError(`${label}${where}: invalid JSON: ${errorMessage(error)}`);
    }
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter });
  const first = document.errors[0];
  if (first) {
    // The error's offset in the text, as line and column (1-based) from the parser's line count.
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new CliError(`${label}:${line}:${col}: invalid YAML: ${first.message.split("\n")[0]}`);
  }
  const value = document.toJS({ maxAliasCount: -1 });
  if (value === null || typeof value !== "object")
    throw new CliError(
      `${label}: not JSON or YAML (it reads as ${value === null ? "an empty document" : "a single plain value"}, not a mapping)`,
    );
  return value;
}
