import { getDb, type PrismaTypes } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { notFound } from "@/server/services/errors";
import { appViewInclude, toAppView, type AppView } from "./app-view";

type Tx = PrismaTypes.Prisma.TransactionClient;

/** The caller's app by name; another account's app is "not found", never "forbidden". */
export async function findAppRow(tx: Tx, caller: Caller, name: string) {
  const app = await tx.app.findUnique({ where: { accountId_name: { accountId: caller.accountId, name } } });
  // An app whose deletion was asked for is gone for its users while its delete action runs.
  if (!app || app.deletingAt) throw notFound("App");
  return app;
}

export async function getApp(caller: Caller, name: string): Promise<AppView> {
  const row = await getDb().app.findUnique({
    where: { accountId_name: { accountId: caller.accountId, name } },
    include: appViewInclude,
  });
  if (!row || row.deletingAt) throw notFound("App");
  return toAppView(row);
}

export async function listApps(caller: Caller): Promise<AppView[]> {
  const rows = await getDb().app.findMany({
    where: { accountId: caller.accountId, deletingAt: null },
    include: appViewInclude,
    orderBy: { name: "asc" },
  });
  return rows.map(toAppView);
}
