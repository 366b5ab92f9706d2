import { randomInt } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runAction } from "@/server/pipeline/run-action";
import { uploadsDir } from "@/server/pipeline/database/upload-store";
import { queueServiceAction } from "@/server/services/actions/queue-action";
import { cancelAction, getLogbook } from "@/server/services/actions/logbook";
import type { Caller } from "@/server/services/caller";
import { expireDatabaseUpload } from "@/server/services/databases/uploads/expire-upload";
import { uploadExpiryJobKey } from "@/server/services/databases/uploads/upload-settings";
import { send, startEdgeServer } from "../edge/http-server";
import { rest } from "../rest/rest-client";
import { logbookText, startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { NOTES_APP } from "../support/notes-app";
import { dumpOfNotes, superuserOnlyDump } from "../support/notes-dump";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

const ORIGIN = "http://localhost:3000";
const MB = 1024 * 1024;

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
let server: Awaited<ReturnType<typeof startEdgeServer>>;

beforeAll(async () => {
  harness = await startDeployHarness();
  server = await startEdgeServer();
});
afterAll(async () => {
  await server.close();
  await harness.stop();
});

type Person = Caller & { password: string };
type Answer = { status: number; body: Record<string, unknown>; sentBytes: number; connection?: string };

/** Signs in through better-auth's own route, as the dashboard does: the session cookie. */
async function sessionCookie(who: Person): Promise<string> {
  const answer = await send(server.port, {
    method: "POST",
    path: "/api/auth/sign-in/username",
    // Each sign-in from its own loopback address: better-auth limits sign-ins per address.
    from: `127.${randomInt(1, 250)}.${randomInt(0, 250)}.${randomInt(1, 250)}`,
    headers: { "Content-Type": "application/json", Origin: ORIGIN },
    body: JSON.stringify({ username: who.username, password: who.password }),
  });
  expect(answer.status, answer.body).toBe(200);
  const cookies = answer.headers["set-cookie"] ?? [];
  return cookies.map((cookie) => cookie.split(";")[0]).join("; ");
}

/**
 * An upload over a real socket that the test feeds piece by piece: it can stop half-way
 * (`abort`) or go on to the end. Writes stop once the server has answered.
 */
function openUpload(urlPath: string, headers: Record<string, string>) {
  let sentBytes = 0;
  let answered = false;
  const request = http.request({
    host: "127.0.0.1",
    port: server.port,
    method: "POST",
    path: urlPath,
    headers: { "Content-Type": "application/octet-stream", ...headers },
    agent: false,
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        resolve({
          status: response.statusCode ?? 0,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          sentBytes,
          connection: response.headers.connection,
        });
      });
    });
    // The server may close while we still send: that is its answer, not a failure.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
  });
  answer.catch(() => undefined);
  const stopped = new Promise<void>((resolve) => {
    request.once("close", resolve);
    answer.then(
      () => resolve(),
      () => resolve(),
    );
  });
  const write = async (data: Buffer) => {
    for (let offset = 0; offset < data.length && !answered; offset += 64 * 1024) {
      const piece = data.subarray(offset, offset + 64 * 1024);
      sentBytes += piece.length;
      // A server that stopped reading answers (or hangs up) instead of draining.
      if (!request.write(piece))
        await Promise.race([new Promise<void>((resolve) => request.once("drain", resolve)), stopped]);
    }
  };
  return {
    write,
    async finish(data: Buffer = Buffer.alloc(0)): Promise<Answer> {
      await write(data);
      request.end();
      return answer;
    },
    abort: () => request.destroy(),
    answer,
  };
}

function uploadTo(urlPath: string, headers: Record<string, string>, data: Buffer): Promise<Answer> {
  return openUpload(urlPath, { "Content-Length": String(data.length), ...headers }).finish(data);
}

function dashboardUpload(cookie: string, app: string, data: Buffer): Promise<Answer> {
  return uploadTo(`/api/uploads/${app}`, { Cookie: cookie, Origin: ORIGIN }, data);
}

function basic(who: Person): string {
  return `Basic ${Buffer.from(`${who.username}:${who.password}`).toString("base64")}`;
}

async function appWithDatabase(who: Person, deploy = false) {
  const name = uniqueName("up");
  const repo = makeGitRepository(NOTES_APP);
  await trpcAs(who).apps.create({ name, repository: { location: repo.dir }, database: true });
  if (deploy) {
    const deployed = await harness.act(who, name, { action: "deploy" });
    expect(deployed.status, logbookText(deployed)).toBe("finished");
  }
  const appId = (await getDb().app.findFirstOrThrow({ where: { name, accountId: who.accountId } })).id;
  return { name, appId, host: `${name}-${who.accountName}.localhost` };
}

function filesOf(appId: string): string[] {
  const dir = uploadsDir(process.env.THIRTY_DATA_DIR ?? "", appId);
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function restoreFrom(who: Person, app: string, upload: string) {
  const queued = await queueServiceAction(who, {
    appName: app,
    label: "postgres",
    request: { action: "restore", options: { upload } },
  });
  await runAction(getDb(), harness.runtime, queued.id);
  return getLogbook(who, queued.id);
}

/** Waits, a bounded number of times, for the server to have finished with an upload it refused. */
async function settled(appId: string): Promise<{ rows: number; files: string[] }> {
  for (let attempt = 0; ; attempt++) {
    const rows = await getDb().databaseUpload.count({ where: { appId } });
    const files = filesOf(appId);
    if ((rows === 0 && files.length === 0) || attempt >= 100) return { rows, files };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("[DATABASES] restore from an uploaded file", () => {
  it("uploads a real dump in the dashboard's route, restores it as the app's role, then removes it", async () => {
    const alice = await createTestAccount("upa");
    const { name, appId, host } = await appWithDatabase(alice, true);
    expect((await harness.get(host, "/?before")).body).toBe("before");
    const dump = await dumpOfNotes(["from", "upload"]);

    const answer = await dashboardUpload(await sessionCookie(alice), name, dump);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.size).toBe(dump.length);
    const id = String(answer.body.upload);
    const file = path.join(uploadsDir(process.env.THIRTY_DATA_DIR ?? "", appId), `${id}.dump`);
    const info = statSync(file);
    expect(info.size).toBe(dump.length);
    expect(info.mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    if (process.getuid?.() === 0) expect(info.uid).toBe(0);
    const row = await getDb().databaseUpload.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("ready");
    const job = await getDb().$queryRawUnsafe<{ n: number }[]>(
      `select count(*)::int as n from "${process.env.THIRTY_QUEUE_SCHEMA ?? "graphile_worker"}"._private_jobs where key = $1`,
      uploadExpiryJobKey(id),
    );
    expect(job[0]?.n).toBe(1);

    const restored = await restoreFrom(alice, name, id);
    expect(restored.status, logbookText(restored)).toBe("finished");
    expect(logbookText(restored)).toContain(`Using the uploaded file (${dump.length} bytes).`);
    expect(logbookText(restored)).toMatch(/==> Upload[\s\S]*==> Restore/);
    expect((await harness.get(host)).body).toBe("from,upload");
    // Used once: gone from disk and from the records, and not usable again.
    expect(filesOf(appId)).toEqual([]);
    expect(await getDb().databaseUpload.count({ where: { id } })).toBe(0);
    await expect(
      queueServiceAction(alice, {
        appName: name,
        label: "postgres",
        request: { action: "restore", options: { upload: id } },
      }),
    ).rejects.toThrow(/No uploaded dump with this id/);
  });

  it("takes the same upload over REST (Basic auth) and restores it with the REST action; a failed restore removes it too", async () => {
    const bob = await createTestAccount("upb");
    const { name, appId, host } = await appWithDatabase(bob, true);
    const dump = await dumpOfNotes(["over", "rest"]);
    const uploadPath = `/0.9/${bob.accountName}/apps/${name}/services/postgres/uploads`;
    const answer = await uploadTo(uploadPath, { Authorization: basic(bob) }, dump);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const queued = await rest("POST", `${bob.accountName}/apps/${name}/services/postgres`, {
      auth: bob,
      body: { action: "restore", options: { upload: answer.body.upload } },
    });
    expect(queued.status, queued.text).toBe(202);
    const id = String(queued.headers.get("location")).split("/").pop() ?? "";
    await runAction(getDb(), harness.runtime, id);
    const logbook = await getLogbook(bob, id);
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect((await harness.get(host)).body).toBe("over,rest");

    // A dump pg_restore refuses (made of something only a superuser may create): the restore
    // fails with pg_restore's words, and the upload goes all the same.
    const evil = await superuserOnlyDump();
    const second = await uploadTo(uploadPath, { Authorization: basic(bob) }, evil);
    expect(second.status).toBe(201);
    const failed = await restoreFrom(bob, name, String(second.body.upload));
    expect(failed.status).toBe("error");
    expect(logbookText(failed)).toContain("Restore failed: pg_restore failed (exit 1); nothing was changed.");
    expect(filesOf(appId)).toEqual([]);
    expect(await getDb().databaseUpload.count({ where: { appId } })).toBe(0);
    expect((await harness.get(host)).body).toBe("over,rest");
  });

  it("refuses a file that is not a pg_dump custom-format archive and keeps nothing", async () => {
    const carol = await createTestAccount("upc");
    const { name, appId } = await appWithDatabase(carol);
    const answer = await dashboardUpload(
      await sessionCookie(carol),
      name,
      Buffer.from("-- plain SQL\nDROP TABLE notes;\n".repeat(1000)),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/not a pg_dump custom-format archive.*pg_dump -Fc/);
    expect(await settled(appId)).toEqual({ rows: 0, files: [] });
    const empty = await dashboardUpload(await sessionCookie(carol), name, Buffer.alloc(0));
    expect(empty.status).toBe(400);
  });

  it("refuses a body over THIRTY_MAX_UPLOAD_MB with 413, declared or streamed, without writing it to disk", async () => {
    const dave = await createTestAccount("upd");
    const { name, appId } = await appWithDatabase(dave);
    const cookie = await sessionCookie(dave);
    process.env.THIRTY_MAX_UPLOAD_MB = "1";
    try {
      // Declared: the edge refuses before a byte is read.
      const declared = openUpload(`/api/uploads/${name}`, {
        Cookie: cookie,
        Origin: ORIGIN,
        "Content-Length": String(300 * MB),
      });
      await declared.write(Buffer.from("PGDMP"));
      const refused = await declared.answer;
      expect(refused.status).toBe(413);
      expect(refused.body.error).toBe("The file is too large: uploads can be at most 1 MB.");
      expect(refused.connection).toBe("close");
      declared.abort();

      // Streamed (chunked, no length): counted while it arrives, abandoned past the cap.
      const streamed = openUpload(`/api/uploads/${name}`, { Cookie: cookie, Origin: ORIGIN });
      const writing = streamed.finish(Buffer.concat([Buffer.from("PGDMP"), Buffer.alloc(16 * MB, 1)]));
      const answer = await writing;
      expect(answer.status).toBe(413);
      expect(answer.sentBytes).toBeLessThan(16 * MB);
      expect(await settled(appId)).toEqual({ rows: 0, files: [] });
    } finally {
      delete process.env.THIRTY_MAX_UPLOAD_MB;
    }
    // The 1 MB limit of other bodies does not apply to uploads: 3 MB of dump passes.
    const big = Buffer.concat([Buffer.from("PGDMP"), Buffer.alloc(3 * MB, 2)]);
    const accepted = await dashboardUpload(cookie, name, big);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.size).toBe(big.length);
  });

  it("leaves no file and no record behind when the client goes away mid-upload", async () => {
    const erin = await createTestAccount("upe");
    const { name, appId } = await appWithDatabase(erin);
    const upload = openUpload(`/api/uploads/${name}`, {
      Cookie: await sessionCookie(erin),
      Origin: ORIGIN,
      "Content-Length": String(8 * MB),
    });
    await upload.write(Buffer.concat([Buffer.from("PGDMP"), Buffer.alloc(2 * MB, 3)]));
    // The upload is under way on the server before the client disappears.
    for (let attempt = 0; attempt < 100 && filesOf(appId).length === 0; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(filesOf(appId)).toHaveLength(1);
    expect(filesOf(appId)[0]).toMatch(/\.part$/);
    upload.abort();
    expect(await settled(appId)).toEqual({ rows: 0, files: [] });
  });

  it("limits the uploads one account sends at once", async () => {
    const frank = await createTestAccount("upf");
    const { name, appId } = await appWithDatabase(frank);
    const cookie = await sessionCookie(frank);
    process.env.THIRTY_UPLOADS_PER_ACCOUNT = "1";
    try {
      const first = openUpload(`/api/uploads/${name}`, { Cookie: cookie, Origin: ORIGIN });
      await first.write(Buffer.from("PGDMP-first-part"));
      for (let attempt = 0; attempt < 100; attempt++) {
        if ((await getDb().databaseUpload.count({ where: { appId, status: "receiving" } })) === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const second = await dashboardUpload(cookie, name, Buffer.from("PGDMP-second"));
      expect(second.status).toBe(429);
      expect(second.body.error).toMatch(/already has 1 upload in progress \(at most 1 at once\)/);
      const done = await first.finish(Buffer.from("-rest"));
      expect(done.status).toBe(201);
      const third = await dashboardUpload(cookie, name, Buffer.from("PGDMP-third"));
      expect(third.status).toBe(201);
    } finally {
      delete process.env.THIRTY_UPLOADS_PER_ACCOUNT;
    }
  });

  it("limits the finished dumps one account keeps waiting for a restore, so it cannot fill the disk", async () => {
    const gail = await createTestAccount("upg");
    const other = await createTestAccount("upk");
    const mine = await appWithDatabase(gail);
    const theirs = await appWithDatabase(other);
    process.env.THIRTY_UPLOADS_KEPT_PER_ACCOUNT = "2";
    try {
      const cookie = await sessionCookie(gail);
      for (const part of ["one", "two"])
        expect((await dashboardUpload(cookie, mine.name, Buffer.from(`PGDMP-${part}`))).status).toBe(201);
      const third = await dashboardUpload(cookie, mine.name, Buffer.from("PGDMP-three"));
      expect(third.status).toBe(429);
      expect(third.body.error).toMatch(/already keeps 2 uploaded dumps waiting for a restore \(at most 2\)/);
      expect(filesOf(mine.appId)).toHaveLength(2);
      // Another account's allowance is its own.
      const elsewhere = await dashboardUpload(
        await sessionCookie(other),
        theirs.name,
        Buffer.from("PGDMP-x"),
      );
      expect(elsewhere.status).toBe(201);
    } finally {
      delete process.env.THIRTY_UPLOADS_KEPT_PER_ACCOUNT;
    }
  });

  it("keeps one account's uploads from another: no upload to its app, no restore from its upload id", async () => {
    const owner = await createTestAccount("upo");
    const stranger = await createTestAccount("ups");
    const mine = await appWithDatabase(owner);
    const theirs = await appWithDatabase(stranger);
    const dump = await dumpOfNotes(["private"]);
    const uploaded = await dashboardUpload(await sessionCookie(owner), mine.name, dump);
    expect(uploaded.status).toBe(201);
    const id = String(uploaded.body.upload);

    // Uploading to the owner's app: not found for the stranger's session, refused over REST.
    const strangerCookie = await sessionCookie(stranger);
    const intoMine = await dashboardUpload(strangerCookie, mine.name, dump);
    expect(intoMine.status).toBe(404);
    const overRest = await uploadTo(
      `/0.9/${owner.accountName}/apps/${mine.name}/services/postgres/uploads`,
      { Authorization: basic(stranger) },
      dump,
    );
    expect([401, 403]).toContain(overRest.status);
    const noSession = await uploadTo(`/api/uploads/${mine.name}`, { Origin: ORIGIN }, dump);
    expect(noSession.status).toBe(401);
    const crossSite = await uploadTo(
      `/api/uploads/${mine.name}`,
      { Cookie: await sessionCookie(owner), Origin: "https://evil.example" },
      dump,
    );
    expect(crossSite.status).toBe(403);

    // Restoring from the owner's upload id into the stranger's own database: no such upload.
    await expect(
      queueServiceAction(stranger, {
        appName: theirs.name,
        label: "postgres",
        request: { action: "restore", options: { upload: id } },
      }),
    ).rejects.toThrow(/No uploaded dump with this id is waiting to be restored into this app's database/);
    expect(filesOf(mine.appId)).toEqual([`${id}.dump`]);
    expect(filesOf(theirs.appId)).toEqual([]);
    expect((await getDb().databaseUpload.findUniqueOrThrow({ where: { id } })).status).toBe("ready");
  });

  it("removes an upload nobody restored once it expires, and one whose restore was cancelled", async () => {
    const gina = await createTestAccount("upg");
    const { name, appId } = await appWithDatabase(gina);
    const cookie = await sessionCookie(gina);
    const unused = await dashboardUpload(cookie, name, Buffer.from("PGDMP-never-restored"));
    const unusedId = String(unused.body.upload);
    expect(await expireDatabaseUpload({ uploadId: unusedId, appId })).toBe("kept");
    const later = new Date(Date.now() + 2 * 60 * 60_000);
    expect(await expireDatabaseUpload({ uploadId: unusedId, appId, now: later })).toBe("removed");
    expect(filesOf(appId)).toEqual([]);

    // Claimed by a queued restore: kept while it waits, removed once it was cancelled.
    const claimed = await dashboardUpload(cookie, name, Buffer.from("PGDMP-claimed"));
    const claimedId = String(claimed.body.upload);
    const queued = await queueServiceAction(gina, {
      appName: name,
      label: "postgres",
      request: { action: "restore", options: { upload: claimedId } },
    });
    expect(await expireDatabaseUpload({ uploadId: claimedId, appId, now: later })).toBe("kept");
    expect(filesOf(appId)).toEqual([`${claimedId}.dump`]);
    await cancelAction(gina, queued.id);
    expect(await expireDatabaseUpload({ uploadId: claimedId, appId, now: later })).toBe("removed");
    expect(await settled(appId)).toEqual({ rows: 0, files: [] });
  });
});

describe("[DATABASES] uploads and the app's deletion", () => {
  it("removes the app's waiting uploads with the app", async () => {
    const hank = await createTestAccount("uph");
    const { name, appId } = await appWithDatabase(hank);
    const uploaded = await dashboardUpload(await sessionCookie(hank), name, Buffer.from("PGDMP-left-behind"));
    expect(uploaded.status).toBe(201);
    expect(filesOf(appId)).toHaveLength(1);
    const { logbookId } = await trpcAs(hank).apps.delete({ name });
    await runAction(getDb(), harness.runtime, logbookId);
    expect(existsSync(uploadsDir(process.env.THIRTY_DATA_DIR ?? "", appId))).toBe(false);
    expect(await getDb().databaseUpload.count({ where: { appId } })).toBe(0);
  });
});
