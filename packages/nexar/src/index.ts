export { createNexarClient, fromEnv, nexar, type NexarClient, type NexarResult } from "./client.ts";
export {
  NEXAR_AUTHORIZE_URL,
  NEXAR_DESIGN_SCOPES,
  NEXAR_ENDPOINT,
  NEXAR_SUPPLY_SCOPES,
  NEXAR_TOKEN_URL,
  nexarData,
  type NexarOptions,
} from "./vendor.ts";
export { NEXAR_RATE_LIMIT, NEXAR_TOKEN_RATE_LIMIT } from "./rate-limits.ts";
export { NexarGraphQLError, NEXAR_PART_LIMIT, type NexarErrorDetail } from "./errors.ts";
export { GRAPHQL_AUTH_CODES, graphqlAuthErrorsAsUnauthorized } from "./auth-errors.ts";
export type { MarketOptions } from "./market.ts";
export {
  searchMpn,
  search,
  getParts,
  NEXAR_SEARCH_HIT_CAP,
  type PartWithOffers,
  type SearchLike,
  type SearchMpnResult,
  type SearchOptions,
  type SearchResultItem,
  type SearchVariables,
} from "./supply.ts";
export { paginate, type Connection } from "./paginate.ts";
export {
  multiMatch,
  matchBatches,
  lineKey,
  checkpointMarket,
  NEXAR_MULTI_MATCH_PART_CAP,
  type BomLine,
  type MatchLike,
  type MatchedBatch,
  type MatchedLine,
  type MultiMatchCheckpoint,
  type MultiMatchOptions,
  type MultiMatchResult,
  type MultiMatchVariables,
  type PartMatch,
} from "./multi-match.ts";
export { getWorkspaces, getProjects, clientFor, type Project, type Workspace } from "./design.ts";
// The package's own operations, all named Nexar…: graphql-codegen names yours SearchDocument,
// PartsDocument… and the two never clash. Input types (SupPartMatchQuery…) are under NexarSchema.
export {
  NexarMultiMatchDocument,
  NexarPartsDocument,
  NexarProjectsDocument,
  NexarSearchDocument,
  NexarSearchMpnDocument,
  NexarWorkspacesDocument,
  type NexarMultiMatchQuery,
  type NexarMultiMatchQueryVariables,
  type NexarPartsQuery,
  type NexarPartsQueryVariables,
  type NexarPartWithOffersFragment,
  type NexarProjectsQuery,
  type NexarProjectsQueryVariables,
  type NexarSearchMpnQuery,
  type NexarSearchMpnQueryVariables,
  type NexarSearchQuery,
  type NexarSearchQueryVariables,
  type NexarWorkspacesQuery,
  type NexarWorkspacesQueryVariables,
} from "./generated/schema.operations.ts";
export type * as NexarSchema from "./generated/schema.ts";
