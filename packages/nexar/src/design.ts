import type { NexarClient } from "./client.ts";
import { paginate } from "./paginate.ts";
import {
  NexarProjectsDocument,
  NexarWorkspacesDocument,
  type NexarProjectsQuery,
  type NexarWorkspacesQuery,
} from "./generated/schema.operations.ts";

export type Workspace = NexarWorkspacesQuery["desWorkspaceInfos"][number];
export type Project = NonNullable<NonNullable<NexarProjectsQuery["desProjects"]>["nodes"]>[number];

/** The Altium 365 workspaces the logged-in user can see. */
export async function getWorkspaces(client: NexarClient): Promise<Workspace[]> {
  return (await client.request(NexarWorkspacesDocument)).desWorkspaceInfos;
}

/**
 * The client for a workspace's region: its `location.apiServiceUrl`, with the same login (see
 * `client.at`). A workspace given by URL alone stays on the client's own endpoint.
 */
export const clientFor = (client: NexarClient, workspace: Workspace | string): NexarClient =>
  typeof workspace === "string" || !workspace.location?.apiServiceUrl ? client : client.at(workspace.location.apiServiceUrl);

/**
 * Every project of a workspace, following the connection's cursor page by page. Given the
 * workspace itself (from getWorkspaces), the calls go to its region's endpoint.
 */
export function getProjects(
  client: NexarClient,
  workspace: Workspace | string,
  options: { pageSize?: number } = {},
): AsyncGenerator<Project, void, undefined> {
  const workspaceUrl = typeof workspace === "string" ? workspace : workspace.url;
  return paginate(
    clientFor(client, workspace),
    NexarProjectsDocument,
    { workspaceUrl, first: options.pageSize ?? 50 },
    (data) => data.desProjects,
  );
}
