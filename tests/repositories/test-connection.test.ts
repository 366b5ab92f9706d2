import { execFileSync } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runConnectionTest } from "@/server/pipeline/test-connection";
import { appUserName } from "@/server/runtime/sandbox/app-user";
import { probeSandboxId } from "@/server/runtime/sandbox/app-user-marker";
import type { Caller } from "@/server/services/caller";
import { CONNECTION_TESTS_PER_MINUTE } from "@/server/services/repositories/test-connection";
import { startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository, makeMercurialRepository, TEST_REPOSITORIES } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

type Request = Parameters<ReturnType<typeof trpcAs>["repositories"]["testConnection"]>[0];

/** Starts a test as the form does, runs it as the worker would, and reads the answer back. */
async function testAs(caller: Caller, request: Request) {
  const api = trpcAs(caller).repositories;
  const { id } = await api.testConnection(request);
  await runConnectionTest(getDb(), harness.runtime, id);
  return api.connectionTest({ id });
}

const APP = { "app.py": "x = 1\n", "thirty.ini": "[wsgi]\nentrypoint = app:application\n" };

describe("[REPOSITORIES] Test connection", () => {
  it("finds the default branch, a named branch or tag, and says when a ref is missing (git)", async () => {
    const caller = await createTestAccount("conn");
    const repo = makeGitRepository(APP);
    repo.git("tag", "v1");
    const head = await testAs(caller, { location: repo.dir });
    expect(head).toMatchObject({
      status: "ok",
      headCommit: repo.first,
      detail: `Connected: default branch main is at ${repo.first.slice(0, 12)}.`,
    });
    expect(await testAs(caller, { location: repo.dir, ref: "main" })).toMatchObject({
      status: "ok",
      detail: `Connected: branch main is at ${repo.first.slice(0, 12)}.`,
    });
    expect((await testAs(caller, { location: `file://${repo.dir}`, ref: "v1" })).detail).toMatch(
      /^Connected: tag v1 /,
    );
    expect(await testAs(caller, { location: repo.dir, ref: "nope" })).toMatchObject({
      status: "failed",
      detail: 'Connected, but the repository has no branch or tag "nope". Check repo_commit.',
    });
    // The row keeps no location once the test ended.
    const rows = await getDb().connectionTest.findMany({ where: { accountId: caller.accountId } });
    expect(rows.every((r) => r.locationEncrypted === "" && r.sshKeyEncrypted === null)).toBe(true);
  });

  it("tests mercurial with hg identify, and an unreachable host with its error, credentials hidden", async () => {
    const caller = await createTestAccount("conn");
    const repo = makeMercurialRepository(APP);
    const hg = await testAs(caller, { location: repo.dir, variant: "mercurial" });
    expect(hg.status, hg.detail ?? "").toBe("ok");
    expect(hg.detail).toMatch(/^Connected: branch default is at [0-9a-f]{12}\.$/);
    const unreachable = await testAs(caller, {
      location: "http://bob:hunter2-secret@127.0.0.1:1/nothing.git",
    });
    expect(unreachable.status).toBe("failed");
    expect(unreachable.detail).toMatch(
      /git ls-remote failed[\s\S]*(Could not connect|Connection refused|Failed to connect|unable to access)/,
    );
    expect(unreachable.detail).not.toContain("hunter2-secret");
  });

  it("refuses what a deploy refuses before running anything: other local paths, remote helpers, bad refs", async () => {
    const caller = await createTestAccount("conn");
    const api = trpcAs(caller).repositories;
    for (const request of [
      { location: "/etc" },
      { location: `file://${path.join(harness.dataDir)}` },
      { location: "ext::sh -c id" },
      { location: "-uhello" },
    ])
      await expect(api.testConnection(request)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.testConnection({ location: "/tmp/x", ref: "--upload-pack=id" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await getDb().connectionTest.count({ where: { accountId: caller.accountId } })).toBe(0);
  });

  it("runs as the app's own user, never root: a repository only root can read is refused", async () => {
    const caller = await createTestAccount("conn");
    const repo = makeGitRepository(APP);
    const name = uniqueName("app");
    await trpcAs(caller).apps.create({ name, repository: { location: repo.dir } });
    // The app's stored location is used when the form sends it back masked or not at all.
    expect((await testAs(caller, { app: name })).status).toBe("ok");
    const secretRepo = makeGitRepository(APP);
    chmodSync(secretRepo.dir, 0o700);
    const refused = await testAs(caller, { app: name, location: secretRepo.dir });
    expect(harness.runtime.sandboxed, "these tests run as root, with the sandbox").toBe(true);
    expect(refused.status, refused.detail ?? "").toBe("failed");
  });

  it("[two accounts]: B cannot read A's test nor test A's app; and tests are rate-limited per account", async () => {
    const a = await createTestAccount("conn");
    const b = await createTestAccount("conn");
    const repo = makeGitRepository(APP);
    const name = uniqueName("app");
    await trpcAs(a).apps.create({ name, repository: { location: repo.dir } });
    const { id } = await trpcAs(a).repositories.testConnection({ app: name });
    await expect(trpcAs(b).repositories.connectionTest({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(trpcAs(b).repositories.testConnection({ app: name })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // One at a time per account.
    await expect(trpcAs(a).repositories.testConnection({ app: name })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await runConnectionTest(getDb(), harness.runtime, id);
    for (let i = 1; i < CONNECTION_TESTS_PER_MINUTE; i++)
      await testAs(a, { location: path.join(TEST_REPOSITORIES, "none") });
    await expect(trpcAs(a).repositories.testConnection({ app: name })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    // Another account is not held back by A's tests.
    expect((await testAs(b, { location: repo.dir })).status).toBe("ok");
  });

  it("[two accounts]: a test before the app exists runs as a user of its own, gone when the test ends", async () => {
    const [a, b] = await Promise.all([createTestAccount("conn"), createTestAccount("conn")]);
    const repo = makeGitRepository(APP);
    const started = await Promise.all(
      [a, b].map(async (caller) => ({
        caller,
        ...(await trpcAs(caller).repositories.testConnection({ location: repo.dir })),
      })),
    );
    // Each test's user is its own, so two accounts' tests never share one (nor its files).
    const users = started.map(({ id }) => appUserName(probeSandboxId(id)));
    expect(new Set(users).size).toBe(2);
    await Promise.all(started.map(({ id }) => runConnectionTest(getDb(), harness.runtime, id)));
    for (const { caller, id } of started) {
      expect((await trpcAs(caller).repositories.connectionTest({ id })).status).toBe("ok");
      expect(existsSync(harness.runtime.paths(probeSandboxId(id)).appDir)).toBe(false);
    }
    for (const user of users)
      expect(() => execFileSync("getent", ["passwd", user]), `${user} should be gone`).toThrow();
  });
});
