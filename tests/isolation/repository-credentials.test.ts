import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { encryptSecret } from "@/server/services/secrets/cipher";
import { logbookText, startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository, makeMercurialRepository, TEST_REPOSITORIES } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

const USER = "deployer";
const PASSWORD = "pa55-word-f00d-beef";
const APP = `def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"fetched over http"]
`;

/**
 * git's "dumb" HTTP protocol over a bare repository, behind basic auth: enough for a real
 * clone and fetch. `stall` holds authorised requests open (a slow server) until released.
 */
function startGitHttpServer(bare: string) {
  const seen: string[] = [];
  const held: http.ServerResponse[] = [];
  let stall = false;
  const server = http.createServer((request, response) => {
    const auth = request.headers.authorization ?? "";
    if (!auth) {
      response.writeHead(401, { "WWW-Authenticate": 'Basic realm="repo"' }).end();
      return;
    }
    seen.push(Buffer.from(auth.replace(/^Basic /, ""), "base64").toString("utf8"));
    if (stall) {
      held.push(response);
      return;
    }
    const relative = decodeURIComponent((request.url ?? "/").split("?")[0] ?? "/").replace(
      /^\/repo\.git\//,
      "",
    );
    const file = path.join(bare, relative);
    if (!file.startsWith(bare) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200).end(readFileSync(file));
  });
  return {
    seen,
    setStall(value: boolean) {
      stall = value;
      if (!value) for (const response of held.splice(0)) response.destroy();
    },
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
let gitServer: ReturnType<typeof startGitHttpServer>;
let port = 0;

beforeAll(async () => {
  harness = await startDeployHarness();
  const repo = makeGitRepository({ "app.py": APP, "thirty.ini": "[wsgi]\nentrypoint = app:application\n" });
  const bare = mkdtempSync(path.join(os.tmpdir(), "thirty-bare-"));
  execFileSync("git", ["clone", "--bare", "--quiet", repo.dir, bare]);
  execFileSync("git", ["update-server-info"], { cwd: bare });
  gitServer = startGitHttpServer(bare);
  port = await gitServer.listen();
});
afterAll(async () => {
  gitServer.setStall(false);
  await gitServer.close();
  await harness.stop();
});

async function appWith(location: string, variant: "git" | "mercurial" = "git") {
  const caller = await createTestAccount("cred");
  const name = uniqueName("app");
  await trpcAs(caller).apps.create({ name, repository: { location, variant } });
  const appId = (await getDb().app.findFirstOrThrow({ where: { name } })).id;
  return { caller, name, appId };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

describe("[ISOLATION] repository credentials", () => {
  it("clones with the password given through askpass: never in the cache's files", async () => {
    const { caller, name, appId } = await appWith(`http://${USER}:${PASSWORD}@127.0.0.1:${port}/repo.git`);
    const logbook = await harness.act(caller, name, { action: "deploy" });
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(gitServer.seen).toContain(`${USER}:${PASSWORD}`);
    const cache = harness.runtime.paths(appId).repositoryCache;
    expect(readFileSync(path.join(cache, "config"), "utf8")).toContain(`http://127.0.0.1:${port}/repo.git`);
    for (const file of filesUnder(cache)) expect(readFileSync(file).includes(PASSWORD), file).toBe(false);
    expect(logbookText(logbook)).not.toContain(PASSWORD);
  });

  it("shows the password in no process's argv while a fetch waits on a slow server", async () => {
    const { caller, name } = await appWith(`http://${USER}:${PASSWORD}@127.0.0.1:${port}/repo.git`);
    gitServer.seen.length = 0;
    gitServer.setStall(true);
    const deploy = harness.act(caller, name, { action: "deploy" });
    const deadline = Date.now() + 20_000;
    while (!gitServer.seen.includes(`${USER}:${PASSWORD}`) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    // git is now waiting for the answer, credentials in hand.
    expect(gitServer.seen).toContain(`${USER}:${PASSWORD}`);
    const ps = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(ps).toContain(`127.0.0.1:${port}/repo.git`);
    expect(ps).not.toContain(PASSWORD);
    // Released, git either retries and finishes or fails: what counts is what ps showed.
    gitServer.setStall(false);
    await deploy;
  });

  it("does not run a mercurial repository's own hgrc hooks (as the app's user its root-owned hgrc is untrusted)", async () => {
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), "thirty-hook-")), "ran");
    const repo = makeMercurialRepository({
      "app.py": APP,
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
    });
    writeFileSync(
      path.join(repo.dir, ".hg", "hgrc"),
      `[hooks]\npreoutgoing = touch ${marker}\noutgoing = touch ${marker}\n`,
    );
    expect(repo.dir.startsWith(TEST_REPOSITORIES)).toBe(true);
    const { caller, name } = await appWith(repo.dir, "mercurial");
    const logbook = await harness.act(caller, name, { action: "deploy" });
    // hg refuses to clone past a pre-hook it may not run; as root it would have run it.
    expect(logbook.status, logbookText(logbook)).toBe("error");
    expect(logbookText(logbook)).toContain("untrusted hook preoutgoing not executed");
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses a local repository outside the allowed roots: the API says so, and the fetch sandbox cannot see it", async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), "thirty-outside-"));
    execFileSync("git", ["init", "--quiet", outside]);
    await expect(appWith(outside)).rejects.toThrow(/THIRTY_LOCAL_REPOSITORIES/);
    // A row written before the rule (or under a wider THIRTY_LOCAL_REPOSITORIES): the deploy's
    // fetch refuses it too, and its sandbox binds nothing outside the allowed roots.
    const repository = makeGitRepository({ "thirty.ini": "[wsgi]\nentrypoint = app:application\n" });
    const { caller, name, appId } = await appWith(repository.dir);
    const app = await getDb().app.findUniqueOrThrow({ where: { id: appId } });
    await getDb().repository.update({
      where: { id: app.repositoryId ?? "" },
      data: { locationEncrypted: encryptSecret(outside) },
    });
    const logbook = await harness.act(caller, name, { action: "deploy" });
    expect(logbook.status).toBe("error");
    expect(logbookText(logbook)).toMatch(/THIRTY_LOCAL_REPOSITORIES/);
  });
});
