import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseDocument } from "yaml";
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

/** Parses JSON or YAML; a syntax error names the file, line and column. */
export function parseStructured(text: string, label: string): unknown {
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
  const document = parseDocument(text, { prettyErrors: false });
  const first = document.errors[0];
  if (first) {
    const [line, col] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [0, 0];
    throw new CliError(`${label}:${line}:${col}: invalid YAML: ${first.message.split("\n")[0]}`);
  }
  return document.toJS({ maxAliasCount: -1 });
}
