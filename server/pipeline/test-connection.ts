import os from "node:os";
import type { PrismaClient } from "@/server/db/client";
import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { localRepositoryBind } from "@/server/services/repositories/local-repositories";
import { refProblem } from "@/server/services/repositories/ref-rule";
import { locationProblem } from "@/server/services/repositories/schemas";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { locationSecrets, redactSecrets } from "@/server/services/secrets/mask";
import { probeSandboxId } from "@/server/runtime/sandbox/app-user-marker";
import { runProgram, toolEnvironment } from "./run-program";
import { fetchTools, splitCredentials } from "./steps/repository-credentials";

/** Long enough for a slow forge, short enough that a black-holed address ends the test. */
export const CONNECTION_TEST_TIMEOUT_MS = 20_000;

type Outcome = { ok: boolean; detail: string; headCommit: string | null };

/**
 * Who runs a test: the app's own user, or for the new-app form (no app yet) a user and sandbox
 * of the test's own (unprivileged, like an app's), never root; it is removed when the test ends.
 */
function identity(test: { id: string; appId: string | null }): string {
  return test.appId ?? probeSandboxId(test.id);
}

/** The last lines of a failed tool's output, as a deploy's logbook would show them. */
function failure(what: string, output: string[], code: number | null, timedOut: boolean): Outcome {
  if (timedOut)
    return {
      ok: false,
      detail: `No answer within ${CONNECTION_TEST_TIMEOUT_MS / 1000} s: check the location (and that the host accepts connections from this platform).`,
      headCommit: null,
    };
  const tail = output
    .filter((l) => l.trim())
    .slice(-5)
    .join("\n");
  return {
    ok: false,
    detail: `${what} failed (exit ${code ?? "signal"}).${tail ? `\n${tail}` : ""}`,
    headCommit: null,
  };
}

/** `git ls-remote`: the ref asked for (HEAD: the default branch) and its head commit. */
function readGitRefs(lines: string[], ref: string): Outcome {
  const refs = new Map<string, string>();
  let defaultBranch: string | null = null;
  for (const line of lines) {
    const symbolic = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
    if (symbolic) defaultBranch = symbolic[1] ?? null;
    const plain = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line);
    if (plain?.[1] && plain[2]) refs.set(plain[2], plain[1]);
  }
  if (ref === "HEAD") {
    const head = refs.get("HEAD");
    if (!head)
      return {
        ok: false,
        detail: "Connected, but the repository is empty (no commits yet).",
        headCommit: null,
      };
    return {
      ok: true,
      detail: `Connected: default branch ${defaultBranch ?? "(HEAD)"} is at ${head.slice(0, 12)}.`,
      headCommit: head,
    };
  }
  for (const [name, kind] of [
    [`refs/heads/${ref}`, "branch"],
    [`refs/tags/${ref}^{}`, "tag"],
    [`refs/tags/${ref}`, "tag"],
  ] as const) {
    const sha = refs.get(name);
    if (sha)
      return { ok: true, detail: `Connected: ${kind} ${ref} is at ${sha.slice(0, 12)}.`, headCommit: sha };
  }
  if (/^[0-9a-f]{7,64}$/i.test(ref))
    return {
      ok: true,
      detail: `Connected. ${ref} is no branch or tag: a commit is looked up when the app deploys.`,
      headCommit: null,
    };
  return {
    ok: false,
    detail: `Connected, but the repository has no branch or tag "${ref}". Check repo_commit.`,
    headCommit: null,
  };
}

/**
 * Runs one connection test the web process queued: `git ls-remote` or `hg identify` with the
 * deploy fetch's own machinery (location and ref rules, credentials through askpass / hgrc in
 * the sandbox's memory, the app's user and sandbox, local repositories only from the allowed
 * roots, read-only), with a timeout. The stored location and key are wiped when it ends.
 */
export async function runConnectionTest(
  db: PrismaClient,
  runtime: PlatformRuntime,
  testId: string,
  shutdown?: AbortSignal,
): Promise<void> {
  const claimed = await db.connectionTest.updateMany({
    where: { id: testId, status: "queued" },
    data: { status: "running" },
  });
  if (claimed.count === 0) return;
  const test = await db.connectionTest.findUniqueOrThrow({ where: { id: testId } });
  const id = identity(test);
  let outcome: Outcome;
  let secrets: string[] = [];
  try {
    const location = decryptSecret(test.locationEncrypted);
    const sshKey = test.sshKeyEncrypted ? decryptSecret(test.sshKeyEncrypted) : null;
    secrets = [...locationSecrets(location), ...(sshKey ? [sshKey] : [])];
    outcome = await probe({
      runtime,
      id,
      variant: test.variant,
      location,
      sshKey,
      ref: test.ref,
      shutdown,
    });
  } catch (error) {
    console.error("A connection test failed unexpectedly:", error instanceof Error ? error.message : error);
    outcome = {
      ok: false,
      detail: "The test could not run on the platform; try again, or deploy to see the fetch's logbook.",
      headCommit: null,
    };
  }
  await db.connectionTest.update({
    where: { id: testId },
    data: {
      status: outcome.ok ? "ok" : "failed",
      detail: redactSecrets(outcome.detail, secrets).slice(0, 2000),
      headCommit: outcome.headCommit,
      finishedAt: new Date(),
      locationEncrypted: "",
      sshKeyEncrypted: null,
    },
  });
  // A test's own user and directories go with it (an interrupted test's: with the next start's
  // clean-up of stale users); an app's stay with the app.
  if (!test.appId)
    await runtime.removeProbe(id).catch((error: unknown) => {
      console.error(
        `Removing connection test ${test.id}'s user failed:`,
        error instanceof Error ? error.message : error,
      );
    });
}

async function probe(options: {
  runtime: PlatformRuntime;
  id: string;
  variant: "git" | "mercurial";
  location: string;
  sshKey: string | null;
  ref: string;
  shutdown?: AbortSignal;
}): Promise<Outcome> {
  const { runtime, id, variant, location, ref } = options;
  const problem = locationProblem(location) ?? refProblem(ref);
  if (problem) return { ok: false, detail: problem, headCommit: null };
  const credentials = splitCredentials(location);
  const tools = await fetchTools({
    variant,
    credentials,
    sshKey: options.sshKey,
    sandboxed: runtime.sandboxed,
  });
  const timeout = AbortSignal.timeout(CONNECTION_TEST_TIMEOUT_MS);
  const signal = options.shutdown ? AbortSignal.any([timeout, options.shutdown]) : timeout;
  try {
    const local = localRepositoryBind(location);
    const sandbox = await runtime.sandboxFor(id, local ? [local] : [], tools.files);
    const argv =
      variant === "git"
        ? [
            "git",
            "ls-remote",
            "--symref",
            "--",
            credentials.location,
            // Only what is asked about: a repository with many refs answers in a few lines.
            ...(ref === "HEAD"
              ? ["HEAD"]
              : ["HEAD", `refs/heads/${ref}`, `refs/tags/${ref}`, `refs/tags/${ref}^{}`]),
          ]
        : ["hg", "identify", "--id", "-r", ref === "HEAD" ? "default" : ref, "--", credentials.location];
    const result = await runProgram({
      runtime,
      appId: id,
      program: "connection-test",
      argv,
      // The sandbox's own /tmp; without a sandbox, any directory that is not the platform's.
      cwd: sandbox ? "/tmp" : os.tmpdir(),
      env: toolEnvironment(tools.env),
      sandbox,
      signal,
      keepOutput: 20_000,
    });
    const what = variant === "git" ? "git ls-remote" : "hg identify";
    if (result.code !== 0) return failure(what, result.output, result.code, timeout.aborted);
    if (variant === "git") return readGitRefs(result.output, ref);
    const node = result.output.find((l) => /^[0-9a-f]{12,40}\+?$/.test(l.trim()))?.trim() ?? null;
    const name = ref === "HEAD" ? "branch default" : ref;
    return node
      ? { ok: true, detail: `Connected: ${name} is at ${node.slice(0, 12)}.`, headCommit: node }
      : { ok: false, detail: "Connected, but hg identify named no revision.", headCommit: null };
  } finally {
    await tools.cleanup();
  }
}
