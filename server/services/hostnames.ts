import "server-only";
import { getConfig } from "@/server/config";
import type { PrismaTypes } from "@/server/db/client";
import { AppError } from "@/server/services/errors";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * The host names the platform routes to apps, and who owns each one.
 *
 * An app's host is `{app}-{account}.{PLATFORM_DOMAIN}`. Names may contain hyphens, so two
 * pairs can spell the same host: account `blog-acme` + app `my` and account `acme` + app
 * `my-blog` both give `my-blog-acme`. Two rules close that:
 *
 * 1. Hosts are claimed in one table (HostClaim, primary key = the host): an app's dns label
 *    `{app}-{account}` when it is created, and each of its CNAMEs. Whoever claims first owns
 *    the host; the database refuses a second claim even when two requests race, and the
 *    claim outlives restarts. A CNAME is a full host name outside the platform's domain, so
 *    it can never equal an app's dns record.
 * 2. An account name may not end with `-{another account's name}`, nor may another account's
 *    name end with `-{it}`. If no account name is a hyphen-suffix of another, a host splits
 *    into (app, account) in only one way (the account is the one suffix after a hyphen that
 *    names an account), so a newcomer cannot even pick a name that shadows the hosts an
 *    existing account's future apps will want. Rule 1 still holds where rule 2 was not in
 *    force (accounts created before it).
 */

export function dnsLabel(appName: string, accountName: string): string {
  return `${appName}-${accountName}`;
}

export function dnsRecord(appName: string, accountName: string): string {
  return `${dnsLabel(appName, accountName)}.${getConfig().platformDomain}`;
}

/** Why a CNAME cannot be used, or null: it may not be a name under the platform's domain. */
export function cnameProblem(record: string, platformDomain = getConfig().platformDomain): string | null {
  const host = record.toLowerCase();
  const domain = platformDomain.toLowerCase();
  if (host === domain || host.endsWith(`.${domain}`)) {
    return `${record} is under the platform's domain ${platformDomain}; a CNAME must be a domain of your own.`;
  }
  return null;
}

function hostTaken(host: string, path: string): AppError {
  const message =
    path === "name"
      ? `The host name ${host} is already used by another app; choose another app name.`
      : `${host} is already used by another app.`;
  return new AppError("CONFLICT", message, [{ path, message }]);
}

/** Claims the dns label of a new app; CONFLICT when any app (of any account) has that host. */
export async function claimDnsRecord(
  tx: Tx,
  app: { id: string; name: string; accountName: string },
): Promise<void> {
  const label = dnsLabel(app.name, app.accountName);
  const fqdn = dnsRecord(app.name, app.accountName);
  const taken = await tx.hostClaim.findFirst({
    where: { host: { in: [label, fqdn] } },
    select: { appId: true },
  });
  if (taken) throw hostTaken(fqdn, "name");
  await tx.hostClaim.create({ data: { host: label, appId: app.id, kind: "dns" } });
}

/** Makes `records` the app's CNAMEs: each must be free or already this app's. */
export async function claimCnames(tx: Tx, appId: string, records: readonly string[]): Promise<void> {
  for (const record of records) {
    const problem = cnameProblem(record);
    if (problem) throw new AppError("BAD_INPUT", problem, [{ path: "cname_records", message: problem }]);
  }
  if (records.length > 0) {
    const taken = await tx.hostClaim.findFirst({
      where: { host: { in: [...records] }, NOT: { appId, kind: "cname" } },
      select: { host: true },
    });
    if (taken) throw hostTaken(taken.host, "cname_records");
  }
  await tx.hostClaim.deleteMany({ where: { appId, kind: "cname", host: { notIn: [...records] } } });
  await tx.hostClaim.createMany({
    data: records.map((host) => ({ host, appId, kind: "cname" as const })),
    skipDuplicates: true,
  });
}

/** Why a new account may not take `name` (rule 2 above), or null. */
export async function accountNameProblem(tx: Tx, name: string): Promise<string | null> {
  const suffixes: string[] = [];
  for (let i = name.indexOf("-"); i >= 0; i = name.indexOf("-", i + 1)) suffixes.push(name.slice(i + 1));
  const shorter = suffixes.length
    ? await tx.account.findFirst({ where: { name: { in: suffixes } }, select: { name: true } })
    : null;
  if (shorter) {
    return `The account name ${name} ends with -${shorter.name}, the name of another account, so its apps' host names could be taken for that account's; choose another.`;
  }
  const longer = await tx.account.findFirst({
    where: { name: { endsWith: `-${name}` } },
    select: { name: true },
  });
  if (longer) {
    return `The account name ${name} is the end of another account's name (${longer.name}), so their apps' host names could collide; choose another.`;
  }
  return null;
}
