import { createRequire } from "node:module";
import type { GraphQLSchema } from "graphql";
import type { Change } from "./change.ts";

// Through require, as the schemas are built (lib/definition.ts): GraphQL Inspector then uses the
// same instance of `graphql` whatever resolves ES imports, and a schema from another is refused.
const { CriticalityLevel, diff } = createRequire(import.meta.url)("@graphql-inspector/core") as typeof import("@graphql-inspector/core");

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
