import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpGet } from "../support/deploy-harness";
import { notesIn, dumpOfNotes } from "../support/notes-dump";
import { onPaidPlan } from "../support/paid-plan";
import { uniqueName } from "../support/test-accounts";
import { rest, signUpRest, type Credentials } from "../rest/rest-client";
import { buildClient, deployableRepository, startPlatform } from "./platform";
import { startThirty, thirty, type Run } from "./run-thirty";

let platform: Awaited<ReturnType<typeof startPlatform>>;
let account: string;
let auth: Credentials;
const home = mkdtempSync(path.join(os.tmpdir(), "thirty-cli-home-"));
const app = uniqueName("cli");
const other = uniqueName("oth");
let repository: string;
let deployLogbook = "";

/** `thirty` with the config file that setup wrote (HOME points at it). */
const run = (...args: string[]) => thirty(args, { home });

function expectOk(result: Run): Run {
  expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
  return result;
}

beforeAll(async () => {
  buildClient();
  platform = await startPlatform();
  ({ account, auth } = await signUpRest());
  // The CLI's --cname options need what a paid plan allows (the free tier refuses CNAMEs).
  await onPaidPlan(account);
  repository = deployableRepository({
    "app.py": 'def application(e, s):\n    s("200 OK", [])\n    return [b"hello from cli"]\n',
    "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
  });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe("[CLI] thirty against a running platform", () => {
  it("setup asks on stdin, checks the credentials, stores a token (mode 0600) and never overwrites", async () => {
    const answers = [platform.uri, account, auth.username, auth.password, "y", "cli-test", ""].join("\n");
    const setup = expectOk(await thirty(["setup"], { home, input: answers }));
    expect(setup.stderr).toContain("Created API token cli-test");
    const file = path.join(home, ".thirty.cfg");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("[thirtyloops]");
    expect(text).toContain(`account=${account}`);
    expect(text).toMatch(/password=thirty_[A-Za-z0-9_-]{40,}/);
    expect(text).not.toContain(auth.password);

    const again = await thirty(["setup"], { home, input: answers });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("exists already; not overwriting");
    expect(readFileSync(file, "utf8")).toBe(text);

    const tokens = await rest("GET", `${account}/tokens`, { auth });
    expect((tokens.body.items as { name: string }[]).map((t) => t.name)).toEqual(["cli-test"]);
  });

  it("creates apps and services, shows and lists them", async () => {
    const created = expectOk(await run("create", app, repository, "--no-db", "--repository", `${app}-repo`));
    expect(created.stdout).toContain(`Created app ${app}.`);
    expectOk(await run("create", `${app}.worker`, "--instances", "1"));
    const withDb = expectOk(
      await run(
        "create",
        other,
        repository,
        "--cname",
        "www.cli-example.org",
        "--instances",
        "2",
        "--region",
        "local1",
      ),
    );
    expect(withDb.stdout).toMatch(/cname_records:\s+www\.cli-example\.org/);

    const shown = expectOk(await run("show", app)).stdout;
    expect(shown).toContain(`app ${app}`);
    expect(shown).toMatch(/^repository$/m);
    expect(shown).toMatch(/^worker$/m);
    expect(shown).toMatch(/^ {2}location:\s+.*thirty-test-repos/m);
    const showOther = expectOk(await run("show", other)).stdout;
    expect(showOther).toMatch(/^postgres$/m);

    const listed = expectOk(await run("list")).stdout;
    expect(listed.split("\n")[0]).toMatch(/^NAME\s+VARIANT\s+INSTANCES\s+STATUS\s+HOST$/);
    const lines = listed.split("\n");
    const at = lines.findIndex((line) => line.startsWith(`${app} `));
    expect(lines.slice(at + 1, at + 3)).toEqual(["    repository", "    worker"]);

    const raw = expectOk(await run("-R", "show", app)).stdout;
    const direct = await rest("GET", `${account}/apps/${app}`, { auth });
    expect(JSON.parse(raw)).toMatchObject({ name: app, instances: direct.body.instances });
  });

  it("updates each option of an app, its repository and its worker", async () => {
    expectOk(
      await run(
        "update",
        other,
        "--add-cname",
        "api.cli-example.org",
        "--del-cname",
        "www.cli-example.org",
        "--instances",
        "1",
        "--repo-commit",
        "main",
        "--add-var",
        "MODE=prod",
        "--add-var",
        "API_TOKEN=s3cret",
        "--repository",
        `${app}-repo`,
      ),
    );
    let body = (await rest("GET", `${account}/apps/${other}`, { auth })).body;
    expect(body).toMatchObject({
      instances: 1,
      repo_commit: "main",
      cname_records: [{ record: "api.cli-example.org" }],
    });
    expect(body.envvars).toEqual(
      expect.arrayContaining([
        { name: "MODE", value: "prod", secret: false },
        { name: "API_TOKEN", value: expect.not.stringContaining("s3cret") as unknown, secret: true },
      ]),
    );
    expectOk(await run("update", other, "--del-var", "MODE"));
    body = (await rest("GET", `${account}/apps/${other}`, { auth })).body;
    expect((body.envvars as { name: string }[]).map((v) => v.name)).toEqual(["API_TOKEN"]);

    expectOk(
      await run("update", `${other}.repository`, "--name", `${other}-repo2`, "--location", repository),
    );
    const repo = await rest("GET", `${account}/apps/${other}/services/repository`, { auth });
    expect(repo.body).toMatchObject({ name: `${other}-repo2`, location: repository });

    expectOk(await run("update", `${app}.worker`, "--instances", "2", "--add-var", "QUEUE=fast"));
    const worker = await rest("GET", `${account}/apps/${app}/services/worker`, { auth });
    expect(worker.body).toMatchObject({ instances: 2, envvars: [{ name: "QUEUE", value: "fast" }] });

    const wrong = await run("update", `${app}.worker`, "--repo-commit", "main");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("--repo-commit cannot be used on a worker");
  });

  it("deletes services and apps", async () => {
    expectOk(await run("delete", `${app}.worker`));
    expectOk(await run("delete", `${other}.database`));
    expect((await rest("GET", `${account}/apps/${other}/services/postgres`, { auth })).status).toBe(404);
    expectOk(await run("delete", other));
    const gone = await run("show", other);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe("thirty: App not found. (404)\n");
  });

  it("deploys a local git repository and follows the logbook to the end", async () => {
    const deploy = expectOk(await run("deploy", app));
    expect(deploy.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO {6}\S/m);
    expect(deploy.stderr).toContain("deploy finished.");
    deployLogbook = /logbook ([0-9a-f-]{36})/.exec(deploy.stderr)?.[1] ?? "";
    expect(deployLogbook).not.toBe("");
    // Each message once: the lines printed are exactly the logbook's messages.
    const logbook = await rest("GET", `${account}/logbook/${deployLogbook}`, { auth });
    const messages = (logbook.body.messages as { message: string }[]).map((m) => m.message);
    const printed = deploy.stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.replace(/^\S+ \S+\s+/, ""));
    expect(printed).toEqual(messages);
    const host = `${app}-${account}.localhost`;
    expect(await httpGet(platform.routerPort, host)).toMatchObject({ status: 200, body: "hello from cli" });
  }, 180_000);

  it("prints a finished logbook by its uuid", async () => {
    const shown = expectOk(await run("logbook", deployLogbook));
    expect(shown.stdout.split("\n").length).toBeGreaterThan(2);
  });

  it("runs a command and prints its output; a failing command exits non-zero", async () => {
    const ok = expectOk(await run("runcmd", app, "echo", "out-of-the-instance"));
    expect(ok.stdout).toContain("out-of-the-instance");
    const failed = await run("runcmd", app, "--", "ls", "-l", "/no/such/dir");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("runcommand ended in error.");
  }, 120_000);

  it("follows a logbook that is still running, then exits with its result", async () => {
    const queued = await rest("POST", `${account}/apps/${app}`, {
      auth,
      body: { action: "runcommand", options: { command: "sleep 2; echo printed-while-following" } },
    });
    expect(queued.status).toBe(202);
    const id = String(queued.headers.get("location")).split("/").pop() ?? "";
    const followed = expectOk(await run("logbook", id));
    expect(followed.stdout).toContain("printed-while-following");
    const raw = expectOk(await run("-R", "logbook", id));
    expect(JSON.parse(raw.stdout)).toMatchObject({ status: "finished" });
  }, 120_000);

  it("scales and restarts the app", async () => {
    expectOk(await run("scale", app, "2"));
    const body = (await rest("GET", `${account}/apps/${app}`, { auth })).body;
    expect(body.instances).toBe(2);
    const restart = expectOk(await run("restart", app));
    expect(restart.stderr).toContain("restart finished.");
  }, 120_000);

  it("restores the database from a dump file on this computer (uploaded) and follows the logbook", async () => {
    expectOk(await run("create", `${app}.database`));
    const file = path.join(home, "notes.dump");
    writeFileSync(file, await dumpOfNotes(["restored", "from the cli"]));
    const restored = expectOk(await run("restore", `${app}.database`, file));
    expect(restored.stderr).toContain(`Uploading ${file}`);
    expect(restored.stderr).toContain("restore finished.");
    const service = await rest("GET", `${account}/apps/${app}/services/postgres`, { auth });
    expect(await notesIn(String(service.body.name))).toEqual(["restored", "from the cli"]);
    // Not a dump: refused before anything is restored, with the server's reason.
    writeFileSync(file, "just some text");
    const refused = await run("restore", `${app}.database`, file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("pg_dump -Fc");
  }, 180_000);

  it("shows recent log lines, and follows new ones until interrupted", async () => {
    await httpGet(platform.routerPort, `${app}-${account}.localhost`, "/before-follow");
    // Access lines reach storage in batches: wait until `logs` shows the request.
    const deadline = Date.now() + 30_000;
    let recent = expectOk(await run("logs", "--process", "nginx", "--limit", "50", app));
    while (!recent.stdout.includes("/before-follow") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      recent = expectOk(await run("logs", "--process", "nginx", "--limit", "50", app));
    }
    expect(recent.stdout).toMatch(/^\S+Z nginx\s+Info\s+.*GET \/before-follow/m);

    const marker = `/during-follow-${Date.now()}`;
    const follower = startThirty(["logs", "--process", "nginx", "--limit", "5", "--follow", app], { home });
    let out = "";
    follower.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    let err = "";
    follower.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 30_000;
      while (!out.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await waitFor("/before-follow");
    await httpGet(platform.routerPort, `${app}-${account}.localhost`, marker);
    await waitFor(marker);
    expect(out).toMatch(new RegExp(`^\\S+Z nginx\\s+Info\\s+.*${marker}`, "m"));
    follower.kill("SIGINT");
    const code = await new Promise((resolve) => follower.once("close", resolve));
    expect(code).toBe(0);
    expect(out.split("\n").filter((line) => line.includes(marker))).toHaveLength(1);

    const after = expectOk(await run("-R", "logs", "--process", "nginx", "--limit", "50", app));
    const messages = (JSON.parse(after.stdout) as { messages: { message: string }[] }).messages;
    expect(messages.some((m) => m.message.includes("/before-follow"))).toBe(true);
  }, 60_000);

  it("reports API errors and an unreachable server clearly, exiting non-zero", async () => {
    const badPassword = await run("-p", "wrong-password", "list");
    expect(badPassword.code).toBe(1);
    expect(badPassword.stderr).toBe(`thirty: Bad credentials for ${auth.username}. (403)\n`);
    const down = await run("-r", "http://127.0.0.1:9", "list");
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^thirty: cannot reach http:\/\/127\.0\.0\.1:9: /);
    const noHome = await thirty(["list"], { home: mkdtempSync(path.join(os.tmpdir(), "thirty-empty-")) });
    expect(noHome.code).toBe(1);
    expect(noHome.stderr).toContain("no account");
  });

  it("deletes the deployed app", async () => {
    expectOk(await run("delete", app));
    expect((await rest("GET", `${account}/apps/${app}`, { auth })).status).toBe(404);
  });

  it("stops working once its token is revoked", async () => {
    expectOk(await run("list"));
    expect((await rest("DELETE", `${account}/tokens/cli-test`, { auth })).status).toBe(204);
    const refused = await run("list");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`thirty: Bad credentials for ${auth.username}. (403)\n`);
  });
});
