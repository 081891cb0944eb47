/**
 * The Nexar stand-in's design data: two Altium 365 workspaces in two regions, each with a handful
 * of projects, paged by real cursors that end. A workspace's `location.apiServiceUrl` is the
 * stand-in itself under a region path (`/eu/graphql`), so a client that routes design calls per
 * region can be seen doing it.
 */

interface DesignWorkspace {
  workspaceId: string;
  name: string;
  url: string;
  authId: string;
  description: string;
  isDefault: boolean;
  region: { name: string; path: string };
  projects: string[];
}

const WORKSPACES: DesignWorkspace[] = [
  {
    workspaceId: "a3f1c2d4-0001-4b7e-9c55-6d1e2f3a4b01",
    name: "Acme Hardware",
    url: "https://acme-hardware.365.altium.com",
    authId: "acme",
    description: "Boards for the Acme sensor line",
    isDefault: true,
    region: { name: "US West", path: "" },
    projects: ["Sensor Node Rev C", "Gateway Mainboard", "Power Module 48V", "USB-C Debug Probe", "LED Driver"],
  },
  {
    workspaceId: "b7e2d3c4-0002-4a1f-8d66-7e2f3a4b5c02",
    name: "Acme Europe",
    url: "https://acme-europe.365.altium.com",
    authId: "acme-eu",
    description: "Designs kept in the EU region",
    isDefault: false,
    region: { name: "EU Central", path: "/eu" },
    projects: ["Motor Controller", "Battery Monitor", "CAN Interface"],
  },
];

const cursorOf = (index: number) => Buffer.from(`cursor:${index}`).toString("base64");
const indexOf = (cursor: string | null | undefined) => {
  if (!cursor) return -1;
  const match = /^cursor:(\d+)$/.exec(Buffer.from(cursor, "base64").toString());
  if (!match) throw new Error(`The cursor "${cursor}" is not valid.`);
  return Number(match[1]);
};

type Resolvers = Record<string, Record<string, (...args: any[]) => unknown>>;

/** Design resolvers; `origin` is the stand-in's own origin, known once it listens. */
export function designResolvers(origin: () => string): Resolvers {
  const location = (w: DesignWorkspace) => ({
    name: w.region.name,
    apiServiceUrl: `${origin()}${w.region.path}/graphql`,
    filesServiceUrl: `${origin()}${w.region.path}/files`,
  });
  return {
    Query: {
      desWorkspaceInfos: () =>
        WORKSPACES.map(({ region: _, projects: __, ...w }) => ({ ...w, location: location(WORKSPACES.find((x) => x.url === w.url)!) })),
      desWorkspaceLocations: () => WORKSPACES.map(location),
      desProjects: (
        _: unknown,
        { workspaceUrl, first, after }: { workspaceUrl?: string | null; first?: number | null; after?: string | null },
      ) => {
        const workspace = WORKSPACES.find((w) => w.url === workspaceUrl?.replace(/\/+$/, ""));
        const all = (workspace?.projects ?? []).map((name, i) => ({
          id: `${workspace!.authId}-project-${i + 1}`,
          projectId: `PRJ-${String(i + 1).padStart(4, "0")}`,
          name,
          description: `${name} (${workspace!.name})`,
          url: `${workspace!.url}/projects/${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
          workspaceUrl: workspace!.url,
          createdAt: `2026-0${1 + (i % 9)}-1${i % 10}T09:00:00Z`,
          updatedAt: `2026-11-0${1 + (i % 9)}T16:30:00Z`,
        }));
        const start = indexOf(after) + 1;
        const page = all.slice(start, start + (first ?? 50));
        const last = start + page.length - 1;
        return {
          totalCount: all.length,
          nodes: page,
          edges: page.map((node, i) => ({ node, cursor: cursorOf(start + i) })),
          pageInfo: {
            hasNextPage: last < all.length - 1,
            hasPreviousPage: start > 0,
            startCursor: page.length ? cursorOf(start) : null,
            endCursor: page.length ? cursorOf(last) : null,
          },
        };
      },
    },
  };
}
