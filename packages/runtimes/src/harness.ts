import { oneCall, type OneCallConfig, type OneCallResult } from "./one-call.ts";

/** One run on a runtime: the call that must work, and one whose token server refuses it. */
export interface Job {
  call: OneCallConfig;
  refused: OneCallConfig;
}

export interface Outcome {
  result: OneCallResult;
  /** Everything the refused call's error shows through web-standard means: String, JSON, every property down the cause chain. */
  refused: string;
}

/**
 * What a user's log would show of an error on a runtime without util.inspect: the message, JSON,
 * and each own property (private fields stay private everywhere) of the error and its causes.
 */
function describeError(error: unknown): string {
  const views: string[] = [];
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    views.push(String(e), safeJson(e));
    if (typeof e === "object")
      for (const key of Object.getOwnPropertyNames(e)) views.push(`${key}: ${safeJson((e as Record<string, unknown>)[key])}`);
  }
  return views.join("\n");
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export async function exercise(job: Job, onRefused?: (error: unknown) => void): Promise<Outcome> {
  const result = await oneCall(job.call);
  try {
    await oneCall(job.refused);
  } catch (error) {
    onRefused?.(error);
    return { result, refused: describeError(error) };
  }
  throw new Error("the refused call succeeded");
}
