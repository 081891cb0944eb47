// What the vendors' tests stand on: a real OAuth server, Prism, the Nexar GraphQL server, hostile servers, Redis, secret scans.
export { refusalOf, startOAuthServer, type OAuthClient, type OAuthTestServer, type RecordedTokenRequest } from "./oauth-server.ts";
export { startHttpServer, json, closedPort, type RecordedRequest } from "./http-server.ts";
export { startPrism, type PrismOptions, type PrismServer } from "./prism.ts";
export { SECRETS, captureError, captureThrow, expectNoSecrets, rememberToken } from "./secrets.ts";
export { readDefinition, specPath } from "./paths.ts";
export { recordingFetch } from "./recording-fetch.ts";
export { findParts, STAND_IN_MPNS } from "./nexar-parts.ts";
export {
  startNexarServer,
  type NexarAuthDecision,
  type NexarFault,
  type NexarUsage,
  type NexarServerOptions,
  type NexarTestServer,
  type RecordedGraphqlRequest,
} from "./nexar-server.ts";
export { startRateLimitedServer, type RateLimitedServerOptions } from "./rate-limited-server.ts";
export { startRedis } from "./redis-server.ts";
export { heapAfterGcMb, runTsx, tsxLoader, type ProcessResult } from "./processes.ts";
export {
  startHostileServer,
  stallMidBody,
  neverAnswer,
  redirectTo,
  echo,
  gzipBomb,
  sendGzipBomb,
  type HostileServer,
  type Misbehaviour,
  type SeenRequest,
} from "./hostile.ts";
export { propertySeed } from "./property-seed.ts";
export { useVendorServers } from "./vendor-servers.ts";
