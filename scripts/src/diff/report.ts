import type { DefinitionDiff } from "./change.ts";

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length));

/** A table a person reads in a terminal: one row a change, breaking ones first, then a summary line. */
export function formatDiffTable(diffs: DefinitionDiff[]): string {
  const out: string[] = [];
  for (const diff of diffs) {
    out.push(`${diff.vendor}/${diff.name} (specs/${diff.file}) against ${diff.against}`);
    if (!diff.changes.length) {
      out.push("  no changes", "");
      continue;
    }
    const order = { breaking: 0, dangerous: 1, safe: 2 };
    const rows = [...diff.changes]
      .sort((a, b) => order[a.severity] - order[b.severity] || a.location.localeCompare(b.location))
      .map((c) => [c.severity.toUpperCase(), `${c.subject} ${c.kind}`, c.location, c.message]);
    const header = ["SEVERITY", "CHANGE", "WHERE", "DETAIL"];
    const widths = header.map((h, i) => Math.min(80, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
    out.push(`  ${header.map((h, i) => pad(h, widths[i]!)).join("  ")}`);
    for (const row of rows) out.push(`  ${row.map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i]!))).join("  ")}`);
    out.push("");
  }
  const all = diffs.flatMap((d) => d.changes);
  const breaking = all.filter((c) => c.severity === "breaking").length;
  const dangerous = all.filter((c) => c.severity === "dangerous").length;
  out.push(
    `${all.length} change${all.length === 1 ? "" : "s"}: ${breaking} breaking, ${dangerous ? `${dangerous} dangerous, ` : ""}${all.length - breaking - dangerous} safe`,
  );
  return out.join("\n");
}
