import { getConfig } from "@/server/config";
import { getDb, type PrismaTypes } from "@/server/db/client";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { dnsRecord } from "@/server/services/hostnames";
import { MASK, maskLocation } from "@/server/services/secrets/mask";
import { toEnvVarView, type EnvVarView } from "./env-vars";

/** Everything an app page shows, loaded in one query. Secret columns are read only to mask them. */
export const appViewInclude = {
  account: { select: { name: true } },
  repository: { include: { _count: { select: { apps: true } } } },
  envVars: { orderBy: { name: "asc" } },
  databases: true,
  worker: true,
  instanceRows: { orderBy: [{ kind: "asc" }, { number: "asc" }] },
  releases: { orderBy: { number: "desc" }, take: 6 },
} satisfies PrismaTypes.Prisma.AppInclude;

type AppRow = PrismaTypes.Prisma.AppGetPayload<{ include: typeof appViewInclude }>;

export type RepositoryView = {
  name: string;
  variant: "git" | "mercurial";
  location: string;
  hasSshKey: boolean;
  sharedWithApps: number;
};

export type DatabaseView = {
  label: "postgres" | "mongodb";
  variant: string;
  name: string;
  username: string;
  password: string;
  host: string;
  port: string;
  /** The database exists on its server (host and port are "not deployed" until then). */
  provisioned: boolean;
};

export type WorkerView = { variant: string; instances: number; envvars: EnvVarView[] };

export type AppView = {
  id: string;
  name: string;
  variant: "python" | "static";
  region: string;
  instances: number;
  repoCommit: string;
  dnsRecord: string;
  cnames: string[];
  published: boolean;
  /** Free tier: when the automatic stop is due, or when it happened and why. */
  freeStopAt: Date | null;
  stoppedAt: Date | null;
  stoppedReason: string | null;
  /** What is running; "not deployed" until deploys exist. */
  status: string;
  envvars: EnvVarView[];
  repository: RepositoryView | null;
  postgres: DatabaseView | null;
  mongodb: DatabaseView | null;
  worker: WorkerView | null;
  createdAt: Date;
  updatedAt: Date;
  /** The instances the runtime reports, app and worker. */
  liveInstances: InstanceView[];
  /** Where a browser reaches the app through the router. */
  url: string;
  release: ReleaseView | null;
};

export type InstanceView = {
  id: string;
  kind: "app" | "worker";
  number: number;
  state: string;
  port: number | null;
  detail: string | null;
};
export function toInstanceView(row: InstanceView & Record<string, unknown>): InstanceView {
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    state: row.state,
    port: row.port,
    detail: row.detail,
  };
}

/** What the runtime reports for an app's instances (the dashboard's live view of them). */
export async function listAppInstances(appId: string): Promise<InstanceView[]> {
  const rows = await getDb().instance.findMany({
    where: { appId },
    orderBy: [{ kind: "asc" }, { number: "asc" }],
  });
  return rows.map(toInstanceView);
}

export type ReleaseView = {
  number: number;
  commitSha: string;
  commitMessage: string;
  createdAt: Date;
  /** The names in the release's thirty.ini [worker:processes]: what a worker would run. */
  workerProcesses: string[];
};

/** The process names of a stored RuntimeConfig's workerProcesses (a JSON column: read defensively). */
function workerProcessNames(config: unknown): string[] {
  const list = (config as { workerProcesses?: unknown } | null)?.workerProcesses;
  if (!Array.isArray(list)) return [];
  return list.flatMap((p) =>
    typeof (p as { name?: unknown })?.name === "string" ? [(p as { name: string }).name] : [],
  );
}

/** One word for the app list: not deployed, paused, starting, running or failed. */
function appStatus(row: AppRow): string {
  if (!row.currentReleaseId) return NOT_DEPLOYED;
  if (row.stoppedAt) return "stopped";
  if (row.variant === "static") return "running";
  if (row.instances === 0) return "paused";
  const app = row.instanceRows.filter((i) => i.kind === "app");
  if (app.some((i) => i.state === "failed")) return "failed";
  if (app.length > 0 && app.every((i) => i.state === "running")) return "running";
  return "starting";
}

export function appUrl(host: string): string {
  const port = getConfig().routerPort;
  return `http://${host}${port === 80 ? "" : `:${port}`}/`;
}

const NOT_DEPLOYED = "not deployed";

function toDatabaseView(row: AppRow["databases"][number]): DatabaseView {
  return {
    label: row.label,
    variant: row.variant,
    name: row.name,
    username: row.username,
    password: MASK,
    host: row.host ?? NOT_DEPLOYED,
    port: row.port === null ? NOT_DEPLOYED : String(row.port),
    provisioned: row.host !== null && row.port !== null,
  };
}

export function toAppView(row: AppRow): AppView {
  const database = (label: "postgres" | "mongodb") => {
    const found = row.databases.find((d) => d.label === label);
    return found ? toDatabaseView(found) : null;
  };
  return {
    id: row.id,
    name: row.name,
    variant: row.variant,
    region: row.region,
    instances: row.instances,
    repoCommit: row.repoCommit,
    dnsRecord: dnsRecord(row.name, row.account.name),
    cnames: row.cnames,
    published: row.published,
    freeStopAt: row.freeStopAt,
    stoppedAt: row.stoppedAt,
    stoppedReason: row.stoppedReason,
    status: appStatus(row),
    envvars: row.envVars.filter((v) => v.target === "app").map(toEnvVarView),
    repository: row.repository
      ? {
          name: row.repository.name,
          variant: row.repository.variant,
          location: maskLocation(decryptSecret(row.repository.locationEncrypted)),
          hasSshKey: row.repository.sshKeyEncrypted !== null,
          sharedWithApps: row.repository._count.apps,
        }
      : null,
    postgres: database("postgres"),
    mongodb: database("mongodb"),
    worker: row.worker
      ? {
          variant: row.worker.variant,
          instances: row.worker.instances,
          envvars: row.envVars.filter((v) => v.target === "worker").map(toEnvVarView),
        }
      : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    liveInstances: row.instanceRows.map(toInstanceView),
    release: currentRelease(row),
    url: appUrl(dnsRecord(row.name, row.account.name)),
  };
}

function currentRelease(row: AppRow): ReleaseView | null {
  const latest = row.releases.find((r) => r.id === row.currentReleaseId);
  if (!latest) return null;
  return {
    number: latest.number,
    commitSha: latest.commitSha,
    commitMessage: latest.commitMessage,
    createdAt: latest.createdAt,
    workerProcesses: workerProcessNames(latest.config),
  };
}
