import "server-only";
import { getDb } from "@/server/db/client";
import { enqueueTask } from "@/server/queue/action-queue";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { AppError, notFound } from "@/server/services/errors";
import { spendAccountLimit, type AccountLimit } from "@/server/services/rate-limits/account-limits";
import { decodeSshKey, locationProblem } from "@/server/services/repositories/schemas";
import { decryptSecret, encryptSecret } from "@/server/services/secrets/cipher";
import { maskLocation } from "@/server/services/secrets/mask";
import {
  TEST_CONNECTION_TASK,
  ZTestConnectionRequest,
  type TTestConnectionRequest,
} from "./connection-test-schemas";

/**
 * Each test runs git or hg against a host the tenant names: as cheap to ask as a deploy's fetch
 * and no more revealing, but without a deploy's natural pace. So: a few a minute per account,
 * and one at a time.
 */
export const CONNECTION_TESTS_PER_MINUTE = 6;
const CONNECTION_TESTS: AccountLimit = {
  name: "connection-test",
  limit: CONNECTION_TESTS_PER_MINUTE,
  windowMs: 60_000,
  refusal: (seconds) =>
    `This account tested connections ${CONNECTION_TESTS_PER_MINUTE} times in the last minute: try again in ${seconds} s.`,
};

export type ConnectionTestView = {
  id: string;
  status: "queued" | "running" | "ok" | "failed";
  /** What was found (branch and head commit) or why it failed, for the form to show. */
  detail: string | null;
  headCommit: string | null;
};

type Source = { appId: string | null; location: string; sshKey: string | null; ref: string };

async function resolveSource(caller: Caller, request: ReturnType<typeof ZTestConnectionRequest.parse>) {
  const db = getDb();
  let source: Source;
  if (request.app) {
    const app = await findAppRow(db, caller, request.app);
    const stored = app.repositoryId
      ? await db.repository.findUnique({ where: { id: app.repositoryId } })
      : null;
    const storedLocation = stored ? decryptSecret(stored.locationEncrypted) : null;
    // The form shows the stored location masked: unchanged means "the one on file".
    const keep =
      storedLocation !== null && (!request.location || request.location === maskLocation(storedLocation));
    const location = keep ? storedLocation : (request.location ?? "");
    source = {
      appId: app.id,
      location,
      sshKey: request.ssh_key
        ? decodeSshKey(request.ssh_key)
        : keep && stored?.sshKeyEncrypted
          ? decryptSecret(stored.sshKeyEncrypted)
          : null,
      ref: request.ref ?? app.repoCommit,
    };
  } else {
    source = {
      appId: null,
      location: request.location ?? "",
      sshKey: request.ssh_key ? decodeSshKey(request.ssh_key) : null,
      ref: request.ref ?? "HEAD",
    };
  }
  if (!source.location)
    throw new AppError("BAD_INPUT", "Enter the repository's location.", [
      { path: "location", message: "Enter the repository's location." },
    ]);
  // The deploy's own rules: schemes, THIRTY_LOCAL_REPOSITORIES (the fetch step checks again).
  const problem = locationProblem(source.location);
  if (problem) throw new AppError("BAD_INPUT", problem, [{ path: "location", message: problem }]);
  return source;
}

/** Queues a connection test for the worker; the form polls getConnectionTest for the answer. */
export async function startConnectionTest(
  caller: Caller,
  input: TTestConnectionRequest,
): Promise<{ id: string }> {
  const request = ZTestConnectionRequest.parse(input);
  const source = await resolveSource(caller, request);
  const db = getDb();
  const pending = await db.connectionTest.count({
    where: {
      accountId: caller.accountId,
      status: { in: ["queued", "running"] },
      // A test the worker never took (a stopped platform) stops blocking after a while.
      createdAt: { gt: new Date(Date.now() - 2 * CONNECTION_TESTS.windowMs) },
    },
  });
  if (pending > 0)
    throw new AppError(
      "CONFLICT",
      "A connection test is still running: wait for its answer, then try again.",
    );
  await spendAccountLimit(caller, CONNECTION_TESTS);
  // Ended tests keep no secrets, but there is no reason to keep them long either.
  await db.connectionTest.deleteMany({
    where: {
      accountId: caller.accountId,
      createdAt: { lt: new Date(Date.now() - 60 * CONNECTION_TESTS.windowMs) },
    },
  });
  const row = await db.connectionTest.create({
    data: {
      accountId: caller.accountId,
      appId: source.appId,
      variant: request.variant,
      locationEncrypted: encryptSecret(source.location),
      sshKeyEncrypted: source.sshKey ? encryptSecret(source.sshKey) : null,
      ref: source.ref,
    },
  });
  try {
    await enqueueTask(TEST_CONNECTION_TASK, { testId: row.id });
  } catch (error) {
    await db.connectionTest.delete({ where: { id: row.id } });
    throw error;
  }
  return { id: row.id };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A connection test of the caller's account (another account's is "not found"). */
export async function getConnectionTest(caller: Caller, id: string): Promise<ConnectionTestView> {
  const row = UUID.test(id)
    ? await getDb().connectionTest.findFirst({ where: { id, accountId: caller.accountId } })
    : null;
  if (!row) throw notFound("Connection test");
  return { id: row.id, status: row.status, detail: row.detail, headCommit: row.headCommit };
}
