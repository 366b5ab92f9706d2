import { instanceMemoryMb } from "@/server/services/billing/plans";
import type { PrismaClient } from "@/server/db/client";
import { revealEnvVar } from "@/server/services/apps/env-vars";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { databaseCredentialsOf, type DatabaseCredentials } from "./database-credentials";
import type { RuntimeConfig } from "./thirty-ini";

/** What the pipeline needs to know about an app, with secrets decrypted for the runtime only. */
export type AppContext = {
  id: string;
  name: string;
  accountName: string;
  /** The account plan's instance size: every instance's memory limit. */
  instanceMemoryMb: number;
  variant: "python" | "static";
  instances: number;
  repoCommit: string;
  published: boolean;
  cnames: string[];
  currentReleaseId: string | null;
  workerInstances: number | null;
  repository: { variant: "git" | "mercurial"; location: string; sshKey: string | null } | null;
  variables: { app: Record<string, string>; worker: Record<string, string> };
  /** The postgres service once provisioned: its instances get it as DATABASE_*. */
  database: DatabaseCredentials | null;
  /** The mongodb service once provisioned: MONGODB_*. */
  mongodb: DatabaseCredentials | null;
  secrets: string[];
};

export type ReleaseRecord = {
  id: string;
  number: number;
  directory: string;
  commitSha: string;
  config: RuntimeConfig;
  virtualenv: string | null;
  requirementsHash: string | null;
};

export async function loadAppContext(db: PrismaClient, appId: string): Promise<AppContext> {
  const app = await db.app.findUniqueOrThrow({
    where: { id: appId },
    include: { account: true, repository: true, envVars: true, worker: true, databases: true },
  });
  const variables = { app: {} as Record<string, string>, worker: {} as Record<string, string> };
  const secrets: string[] = [];
  for (const row of app.envVars) {
    const value = revealEnvVar(row);
    variables[row.target][row.name] = value;
    if (row.isSecret) secrets.push(value);
  }
  const database = databaseCredentialsOf(app.databases);
  if (database) secrets.push(database.password);
  const mongodb = databaseCredentialsOf(app.databases, "mongodb");
  if (mongodb) secrets.push(mongodb.password);
  return {
    id: app.id,
    name: app.name,
    accountName: app.account.name,
    instanceMemoryMb: instanceMemoryMb(app.account.plan),
    variant: app.variant,
    instances: app.instances,
    repoCommit: app.repoCommit,
    published: app.published,
    cnames: app.cnames,
    currentReleaseId: app.currentReleaseId,
    workerInstances: app.worker?.instances ?? null,
    repository: app.repository
      ? {
          variant: app.repository.variant,
          location: decryptSecret(app.repository.locationEncrypted),
          sshKey: app.repository.sshKeyEncrypted ? decryptSecret(app.repository.sshKeyEncrypted) : null,
        }
      : null,
    variables,
    database,
    mongodb,
    secrets,
  };
}

export async function loadRelease(db: PrismaClient, releaseId: string): Promise<ReleaseRecord> {
  const row = await db.release.findUniqueOrThrow({ where: { id: releaseId } });
  return {
    id: row.id,
    number: row.number,
    directory: row.directory,
    commitSha: row.commitSha,
    config: row.config as unknown as RuntimeConfig,
    virtualenv: row.virtualenv,
    requirementsHash: row.requirementsHash,
  };
}
