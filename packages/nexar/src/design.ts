import type { NexarClient } from "./client.ts";
import { ProjectsDocument, WorkspacesDocument, type ProjectsQuery, type WorkspacesQuery } from "./generated/schema.operations.ts";

export type Workspace = WorkspacesQuery["desWorkspaceInfos"][number];
export type Project = NonNullable<NonNullable<ProjectsQuery["desProjects"]>["nodes"]>[number];

/** The Altium 365 workspaces the logged-in user can see. */
export async function getWorkspaces(client: NexarClient): Promise<Workspace[]> {
  return (await client.request(WorkspacesDocument)).desWorkspaceInfos;
}

/** Every project of a workspace, following the connection's cursor page by page. */
export async function* getProjects(
  client: NexarClient,
  workspaceUrl: string,
  options: { pageSize?: number } = {},
): AsyncGenerator<Project, void, undefined> {
  let after: string | undefined;
  for (;;) {
    const { desProjects } = await client.request(ProjectsDocument, {
      workspaceUrl,
      first: options.pageSize ?? 50,
      ...(after ? { after } : {}),
    });
    yield* desProjects?.nodes ?? [];
    if (!desProjects?.pageInfo.hasNextPage || !desProjects.pageInfo.endCursor) return;
    after = desProjects.pageInfo.endCursor;
  }
}
