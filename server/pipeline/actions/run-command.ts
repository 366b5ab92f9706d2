import { rm } from "node:fs/promises";
import path from "node:path";
import type { SandboxSpec } from "@/server/runtime/driver";
import { loadAppContext, loadRelease } from "../app-context";
import type { ActionContext } from "../context";
import { prepareInstance } from "../release-instances";
import { runProgram } from "../run-program";
import { StepFailure } from "../step-failure";
import { requireCurrentRelease } from "./shared";

type Context = {
  label: string;
  cwd: string;
  env: Record<string, string>;
  home: string;
  jobId: string;
  sandbox?: SandboxSpec;
  cleanup?: () => Promise<void>;
};

/**
 * runcommand / djangocommand: the command runs in the context (environment, project root) of
 * 1, N or all instances; output goes to the logbook; a non-zero exit fails the action.
 */
export async function runCommandAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook, signal, action } = ctx;
  const app = await loadAppContext(db, action.appId);
  const release = await loadRelease(db, await requireCurrentRelease(ctx, app));
  for (const secret of app.secrets) logbook.addSecret(secret);
  const command = String(action.options.command ?? "");
  let shell = command;
  if (action.kind === "djangocommand") {
    if (!release.config.django)
      throw new StepFailure("This is not a Django app (thirty.ini has no [django] section): use runcommand.");
    shell = `python manage.py ${command} --settings=${release.config.django.settings}`;
  }
  const live = runtime.live(app.id, action.target);
  const occurrence =
    action.options.occurrence === "all" ? live.length || 1 : Number(action.options.occurrence ?? 1);
  const contexts: Context[] = live.slice(0, occurrence).map((i) => ({
    label: `instance ${i.number}`,
    cwd: i.cwd,
    env: i.env,
    home: i.home,
    jobId: i.id,
    sandbox: i.sandbox,
  }));
  if (contexts.length < occurrence) {
    // Paused apps (or fewer instances than asked): a fresh context of the running release.
    for (let n = contexts.length + 1; n <= occurrence; n++) {
      const prepared = await prepareInstance(runtime, app, release, action.target, n, null);
      contexts.push({
        label: `one-off ${n}`,
        cwd: prepared.cwd,
        env: prepared.env,
        home: prepared.home,
        jobId: prepared.id,
        sandbox: prepared.sandbox,
        cleanup: async () => {
          await rm(prepared.home, { recursive: true, force: true });
          await rm(path.join(runtime.paths(app.id).pidsDir, prepared.id), { recursive: true, force: true });
        },
      });
    }
  }
  await ctx.stage("run", async () => {
    for (const context of contexts) {
      logbook.info(`$ ${shell}   (${context.label})`);
      try {
        const result = await runProgram({
          runtime,
          appId: app.id,
          jobId: context.jobId,
          program: action.kind,
          argv: ["/bin/sh", "-c", shell],
          cwd: context.cwd,
          env: context.env,
          sandbox: context.sandbox,
          signal,
          onLine: (line) => logbook.info(line),
        });
        if (signal.aborted) throw new StepFailure("The command was stopped.");
        if (result.code !== 0)
          throw new StepFailure(
            `The command exited with ${result.code ?? result.signal} on ${context.label}.`,
          );
      } finally {
        await context.cleanup?.();
      }
    }
  });
}
