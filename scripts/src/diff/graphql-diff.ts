import { CriticalityLevel, diff } from "@graphql-inspector/core";
import type { GraphQLSchema } from "graphql";
import type { Change } from "./change.ts";

const severityOf = {
  [CriticalityLevel.Breaking]: "breaking",
  [CriticalityLevel.Dangerous]: "dangerous",
  [CriticalityLevel.NonBreaking]: "safe",
} as const;

/** Types, fields, arguments and enum values that differ, with GraphQL Inspector's criticality. */
export async function diffGraphql(before: GraphQLSchema, after: GraphQLSchema): Promise<Change[]> {
  const changes = await diff(before, after);
  return changes.map((change) => ({
    severity: severityOf[change.criticality.level],
    kind: /_ADDED$/.test(change.type) ? "added" : /_REMOVED$/.test(change.type) ? "removed" : "changed",
    subject: change.type
      .toLowerCase()
      .replace(/_(added|removed|changed)$/, "")
      .replace(/_/g, " "),
    location: change.path ?? "schema",
    message: change.message,
  }));
}
