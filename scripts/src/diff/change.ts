/** One difference between two versions of a definition, as `pnpm specs diff` reports it. */
export interface Change {
  /** breaking: code written against the old version stops compiling or working; dangerous: may (GraphQL's own notion). */
  severity: "breaking" | "dangerous" | "safe";
  kind: "added" | "removed" | "changed";
  /** What changed: operation, parameter, request body, response, property, type, field… */
  subject: string;
  /** Where: "GET /resellers/v6/catalog › query pageSize" or a GraphQL coordinate such as "Query.supSearch". */
  location: string;
  message: string;
}

export interface DefinitionDiff {
  vendor: string;
  name: string;
  file: string;
  format: string;
  /** What the new version was compared with: a git revision or a file. */
  against: string;
  changes: Change[];
}

export const countBreaking = (diffs: DefinitionDiff[]) =>
  diffs.reduce((n, d) => n + d.changes.filter((c) => c.severity === "breaking").length, 0);
