import { getDb } from "@/server/db/client";
import { insertDatabaseService } from "@/server/services/app-services/database-credentials";
import type { Caller } from "@/server/services/caller";
import { provisionSoon } from "@/server/services/databases/provision-databases";
import { AppError, isUniqueViolation } from "@/server/services/errors";
import { assertFreeTierAllows } from "@/server/services/free-tier";
import { claimCnames, claimDnsRecord } from "@/server/services/hostnames";
import { resolveRegion } from "@/server/services/regions";
import { resolveRepository } from "@/server/services/repositories/repository-store";
import { applyEnvChange } from "./apply-env-change";
import { replaceEnvVars } from "./env-vars";
import { getApp } from "./find-app";
import type { AppView } from "./app-view";
import type { TCreateAppParsed } from "./schemas";

function nameTaken(name: string): AppError {
  const message = `An app named ${name} already exists in this account.`;
  return new AppError("CONFLICT", message, [{ path: "name", message }]);
}

/** Creates an app with its repository (linked or created inline) and, if asked, a database. */
export async function createApp(caller: Caller, input: TCreateAppParsed): Promise<AppView> {
  const instances = input.instances ?? 1;
  const region = resolveRegion(input.region);
  let created: Parameters<typeof applyEnvChange>[1]["app"];
  try {
    created = await getDb().$transaction(async (tx) => {
      const clash = await tx.app.findUnique({
        where: { accountId_name: { accountId: caller.accountId, name: input.name } },
        select: { id: true },
      });
      if (clash) throw nameTaken(input.name);
      await assertFreeTierAllows(tx, {
        app: { accountId: caller.accountId, published: false },
        what: "app",
        instances,
        cnames: input.cname_records,
      });
      const repositoryId = input.repository
        ? await resolveRepository(tx, {
            accountId: caller.accountId,
            input: input.repository,
            defaultName: input.name,
          })
        : null;
      const app = await tx.app.create({
        data: {
          accountId: caller.accountId,
          name: input.name,
          variant: input.variant ?? "python",
          region,
          instances,
          repoCommit: input.repo_commit ?? "HEAD",
          cnames: input.cname_records ?? [],
          repositoryId,
        },
      });
      await claimDnsRecord(tx, { id: app.id, name: app.name, accountName: caller.accountName });
      await claimCnames(tx, app.id, app.cnames);
      if (input.envvars) await replaceEnvVars(tx, app.id, "app", input.envvars);
      if (input.database) {
        await insertDatabaseService(tx, {
          appId: app.id,
          appName: app.name,
          accountName: caller.accountName,
          label: "postgres",
        });
      }
      return app;
    });
  } catch (error) {
    // Lost a race: the same name in this account, or a host another request just claimed.
    if (isUniqueViolation(error)) {
      throw new AppError(
        "CONFLICT",
        `The app name ${input.name} or one of its host names was just taken; choose another.`,
      );
    }
    throw error;
  }
  if (input.database) await provisionSoon(created.id, "postgres");
  // Variables given at creation are the app's first change of them: its activity says so.
  const names = (input.envvars ?? []).map((v) => v.name).sort();
  if (names.length > 0)
    await applyEnvChange(caller, {
      app: created,
      target: "app",
      change: { source: "variables", set: names, removed: [] },
    });
  return getApp(caller, input.name);
}
