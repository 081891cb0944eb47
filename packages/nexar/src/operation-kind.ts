import { LightRequest } from "@vendor-clients/auth/internal";
import { Kind, parse, type OperationDefinitionNode } from "graphql";

/**
 * Whether a GraphQL request (graphql-request's JSON body) runs a query rather than a mutation or
 * a subscription: the operation named by `operationName`, or the document's only one. Anything
 * that cannot be read counts as not a query, so it is never repeated.
 */
export function isGraphqlQuery(request: Request): boolean {
  const body = request instanceof LightRequest ? (request as unknown as LightRequest).bodyInit : null;
  if (typeof body !== "string") return false;
  try {
    const { query, operationName } = JSON.parse(body) as { query?: unknown; operationName?: unknown };
    if (typeof query !== "string") return false;
    const operations = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation =
      typeof operationName === "string"
        ? operations.find((o) => o.name?.value === operationName)
        : operations.length === 1
          ? operations[0]
          : undefined;
    return operation?.operation === "query";
  } catch {
    return false;
  }
}
