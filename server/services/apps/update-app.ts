import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { assertFreeTierAllows } from "@/server/services/free-tier";
import { claimCnames } from "@/server/services/hostnames";
import { resolveRegion } from "@/server/services/regions";
import { resolveRepository } from "@/server/services/repositories/repository-store";
import { replaceEnvVars } from "./env-vars";
import { findAppRow, getApp } from "./find-app";
import { applyEnvChange, type EnvChangeOutcome } from "./apply-env-change";
import { diffEnvValues, readEnvValues } from "./env-changes";
import type { AppView } from "./app-view";
import type { TUpdateAppParsed } from "./schemas";

/**
 * Changes the given fields only. Configuration changes nothing that runs (a deploy or a
 * scale applies it), except the app's variables: changing them queues a rolling restart (and
 * is recorded in the app's activity either way). Relinking a repository never deletes the
 * previous one.
 */
export async function updateApp(
  caller: Caller,
  name: string,
  input: TUpdateAppParsed,
): Promise<AppView & { restartQueued: { id: string } | null; envChange: EnvChangeOutcome | null }> {
  const changed = await getDb().$transaction(async (tx) => {
    const app = await findAppRow(tx, caller, name);
    await assertFreeTierAllows(tx, {
      app,
      what: "app",
      instances: input.instances,
      // Only new host names count: removing a CNAME is always allowed.
      cnames: input.cname_records?.filter((record) => !app.cnames.includes(record)),
    });
    const region = input.region === undefined ? undefined : resolveRegion(input.region);
    const repositoryId =
      input.repository === undefined
        ? undefined
        : await resolveRepository(tx, {
            accountId: caller.accountId,
            input: input.repository,
            defaultName: app.name,
          });
    await tx.app.update({
      where: { id: app.id },
      data: {
        variant: input.variant,
        region,
        instances: input.instances,
        repoCommit: input.repo_commit,
        cnames: input.cname_records,
        repositoryId,
      },
    });
    if (input.cname_records !== undefined) await claimCnames(tx, app.id, input.cname_records);
    if (!input.envvars) return null;
    const before = await readEnvValues(tx, app.id, "app");
    await replaceEnvVars(tx, app.id, "app", input.envvars);
    const change = diffEnvValues(before, await readEnvValues(tx, app.id, "app"));
    return change ? { app, change } : null;
  });
  // After the commit: the restart's instances must read the new variables.
  const envChange = changed ? await applyEnvChange(caller, { ...changed, target: "app" }) : null;
  return { ...(await getApp(caller, name)), restartQueued: envChange?.restartQueued ?? null, envChange };
}
