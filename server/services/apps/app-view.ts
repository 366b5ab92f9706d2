import { getConfig } from "@/server/config";
import type { PrismaTypes } from "@/server/db/client";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { MASK, maskLocation } from "@/server/services/secrets/mask";
import { toEnvVarView, type EnvVarView } from "./env-vars";

/** Everything an app page shows, loaded in one query. Secret columns are read only to mask them. */
export const appViewInclude = {
  account: { select: { name: true } },
  repository: { include: { _count: { select: { apps: true } } } },
  envVars: { orderBy: { name: "asc" } },
  databases: true,
  worker: true,
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
  /** What is running; "not deployed" until deploys exist. */
  status: string;
  envvars: EnvVarView[];
  repository: RepositoryView | null;
  postgres: DatabaseView | null;
  mongodb: DatabaseView | null;
  worker: WorkerView | null;
  createdAt: Date;
  updatedAt: Date;
};

export function dnsRecord(appName: string, accountName: string): string {
  return `${appName}-${accountName}.${getConfig().platformDomain}`;
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
    status: NOT_DEPLOYED,
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
  };
}
