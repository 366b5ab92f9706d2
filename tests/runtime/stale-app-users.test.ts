import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { appUserName, ensureAppUser } from "@/server/runtime/sandbox/app-user";
import { parseMarker } from "@/server/runtime/sandbox/app-user-marker";
import { removeStaleAppUsers } from "@/server/runtime/sandbox/stale-app-users";
import { removeAbandonedTestRuns, SCRATCH_PREFIX } from "../support/abandoned-test-runs";
import { startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

type Harness = Awaited<ReturnType<typeof startDeployHarness>>;

function passwd(name: string): { uid: number; gid: number; comment: string } | null {
  try {
    const [, , uid, gid, comment] = execFileSync("getent", ["passwd", name], { encoding: "utf8" })
      .trim()
      .split(":");
    return { uid: Number(uid), gid: Number(gid), comment: comment ?? "" };
  } catch {
    return null;
  }
}

async function createApp(prefix: string): Promise<string> {
  const caller = await createTestAccount(prefix);
  const name = uniqueName("users");
  await trpcAs(caller).apps.create({
    name,
    repository: { location: makeGitRepository({ "app.py": "" }).dir },
  });
  return (await getDb().app.findFirstOrThrow({ where: { name, accountId: caller.accountId } })).id;
}

/** What an interrupted deletion leaves: the row and the files gone, the user still there. */
async function forgetApp(harness: Harness, appId: string) {
  rmSync(harness.runtime.paths(appId).appDir, { recursive: true, force: true });
  rmSync(harness.runtime.paths(appId).repositoryCache, { recursive: true, force: true });
  await getDb().app.deleteMany({ where: { id: appId } });
}

let a: Harness;
let b: Harness;
const unmarked = `t30-unmarked${Date.now().toString(36).slice(-4)}`;
beforeAll(async () => {
  [a, b] = await Promise.all([startDeployHarness(), startDeployHarness()]);
});
afterAll(async () => {
  execFileSync("userdel", [unmarked], { stdio: "ignore" });
  await Promise.all([a.stop(), b.stop()]);
});

describe.runIf(process.getuid?.() === 0)("[RUNTIME] stale app users", () => {
  it("removes only the users of apps gone from this runtime's database and data dir, never one in use (two accounts)", async () => {
    const [alice, bob] = await Promise.all([createApp("alice"), createApp("bob")]);
    await a.runtime.prepareApp(alice);
    await a.runtime.prepareApp(bob);
    // Bob's app is also used by a second runtime (another data dir on the same database).
    await b.runtime.prepareApp(bob);
    const aliceUser = passwd(appUserName(alice));
    expect(parseMarker(aliceUser?.comment ?? "")).toEqual({
      subject: { kind: "app", id: alice },
      owners: [a.runtime.owner],
    });
    expect(parseMarker(passwd(appUserName(bob))?.comment ?? "")?.owners).toEqual([
      a.runtime.owner,
      b.runtime.owner,
    ]);
    // A user made before markers existed: nobody can prove it unused, so it stays.
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", unmarked]);

    // Both apps still exist: nothing of theirs goes.
    await a.runtime.removeStaleUsers();
    expect(passwd(appUserName(alice))).not.toBeNull();
    expect(passwd(appUserName(bob))).not.toBeNull();

    // Alice's app is gone, but a process still runs as her user: it stays.
    await forgetApp(a, alice);
    const sleeper = spawn("setpriv", [
      `--reuid=${aliceUser!.uid}`,
      `--regid=${aliceUser!.gid}`,
      "--clear-groups",
      "sleep",
      "600",
    ]);
    await once(sleeper, "spawn");
    await a.runtime.removeStaleUsers();
    expect(passwd(appUserName(alice))).not.toBeNull();
    sleeper.kill("SIGKILL");
    await once(sleeper, "exit");
    const swept = await a.runtime.removeStaleUsers();
    expect(swept?.removed).toContain(appUserName(alice));
    expect(passwd(appUserName(alice))).toBeNull();

    // Bob's app is gone from A, but runtime B (alive, its data dir in place) still names it.
    await forgetApp(a, bob);
    await a.runtime.removeStaleUsers();
    expect(passwd(appUserName(bob))).not.toBeNull();
    // B's data dir goes (a finished test run, a removed platform): now no runtime needs it.
    rmSync(b.dataDir, { recursive: true, force: true });
    await a.runtime.removeStaleUsers();
    expect(passwd(appUserName(bob))).toBeNull();
    expect(passwd(unmarked)).not.toBeNull();
  });

  it("keeps a user whose app row is gone while its files remain in this data dir", async () => {
    const carol = await createApp("carol");
    await a.runtime.prepareApp(carol);
    await getDb().app.delete({ where: { id: carol } });
    await a.runtime.removeStaleUsers();
    // Files owned by a freed uid would pass to the next user given that uid.
    expect(existsSync(a.runtime.paths(carol).appDir)).toBe(true);
    expect(passwd(appUserName(carol))).not.toBeNull();
    await forgetApp(a, carol);
    await a.runtime.removeStaleUsers();
    expect(passwd(appUserName(carol))).toBeNull();
  });

  it("the test set-up removes an interrupted run's scratch dir and then the users only its runtimes used", async () => {
    // A run whose process is gone: its owner file names this pid with another start time.
    const scratch = mkdtempSync(path.join(os.tmpdir(), SCRATCH_PREFIX));
    writeFileSync(path.join(scratch, "owner"), `${process.pid} 0\n`);
    const dataDir = path.join(scratch, "runtimes", "deploy-x");
    mkdirSync(dataDir, { recursive: true });
    const owner = { runtimeId: randomUUID(), dataDir };
    writeFileSync(path.join(dataDir, "runtime-id"), `${owner.runtimeId}\n`);
    const dave = await createApp("dave");
    await ensureAppUser(dave, owner);
    // What this run's own runtime uses stays.
    await a.runtime.prepareApp(dave);
    await removeStaleAppUsers();
    expect(passwd(appUserName(dave))).not.toBeNull();

    expect(await removeAbandonedTestRuns()).toBeGreaterThanOrEqual(1);
    expect(existsSync(scratch)).toBe(false);
    await removeStaleAppUsers();
    expect(parseMarker(passwd(appUserName(dave))?.comment ?? "")?.owners).toHaveLength(2);
    await forgetApp(a, dave);
    await a.runtime.removeStaleUsers();
    expect(passwd(appUserName(dave))).toBeNull();
  });
});
