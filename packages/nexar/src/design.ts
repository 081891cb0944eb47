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

/** Every project of a workspace, following the connection's cursor page by page. */
export function getProjects(
  client: NexarClient,
  workspaceUrl: string,
  options: { pageSize?: number } = {},
): AsyncGenerator<Project, void, undefined> {
  return paginate(client, NexarProjectsDocument, { workspaceUrl, first: options.pageSize ?? 50 }, (data) => data.desProjects);
}
