import type { Environment } from "@vendor-clients/auth";
import { calls, type VendorCall } from "./calls.ts";

export interface CallOutcome {
  vendor: string;
  call: string;
  status: "ok" | "failed" | "skipped";
  ms: number;
  detail: string;
}

/** Runs every call, one after another; a failure is recorded, never thrown. */
export async function runCalls(env: Environment, options: { skipUnconfigured: boolean; selected?: VendorCall[] }): Promise<CallOutcome[]> {
  const outcomes: CallOutcome[] = [];
  for (const call of options.selected ?? calls) {
    const missing = call.needs.filter((name) => !env[name]);
    if (missing.length && options.skipUnconfigured) {
      outcomes.push({ vendor: call.vendor, call: call.call, status: "skipped", ms: 0, detail: `no credentials (${missing.join(", ")})` });
      continue;
    }
    const started = performance.now();
    try {
      const detail = await call.run(env);
      outcomes.push({ vendor: call.vendor, call: call.call, status: "ok", ms: Math.round(performance.now() - started), detail });
    } catch (error) {
      outcomes.push({
        vendor: call.vendor,
        call: call.call,
        status: "failed",
        ms: Math.round(performance.now() - started),
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return outcomes;
}

/** A plain-text table that reads well in a terminal and in a CI log. */
export function formatTable(outcomes: CallOutcome[]): string {
  const rows = outcomes.map((o) => [o.vendor, o.call, o.status.toUpperCase(), o.status === "skipped" ? "-" : `${o.ms} ms`, o.detail]);
  const header = ["VENDOR", "CALL", "STATUS", "TIME", "RESULT"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
