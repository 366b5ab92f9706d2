import { constants } from "node:fs";
import { access, chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LiveInstance, PlatformRuntime } from "@/server/runtime/platform-runtime";
import { APP_LAYOUT } from "@/server/runtime/sandbox/app-layout";
import type { LogbookWriter } from "../logbook-writer";
import { runProgram } from "../run-program";
import { StepFailure } from "../step-failure";

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Runs one hook in an instance's context (its environment and project root); output to the logbook. */
async function runHook(
  runtime: PlatformRuntime,
  hook: string,
  file: string,
  instance: LiveInstance,
  logbook: LogbookWriter,
  signal: AbortSignal,
): Promise<void> {
  logbook.info(`Running ${hook} on instance ${instance.number}.`);
  const result = await runProgram({
    runtime,
    appId: instance.appId,
    jobId: instance.id,
    program: hook,
    // Inside the sandbox the hook is the checkout's, at /app/current.
    argv: [instance.sandbox ? path.posix.join(APP_LAYOUT.current, hook) : file],
    cwd: instance.cwd,
    env: instance.env,
    sandbox: instance.sandbox,
    signal,
    onLine: (line) => logbook.info(`[${hook}] ${line}`),
  });
  if (signal.aborted) throw new StepFailure(`${hook} was stopped.`);
  if (result.code !== 0)
    throw new StepFailure(
      `${hook} failed on instance ${instance.number} (exit ${result.code ?? result.signal}); fix the script and deploy again.`,
    );
}

/** `postinstall` (repository root) on the first new instance, `postinstall_all` on each. */
export async function runPostinstallHooks(options: {
  runtime: PlatformRuntime;
  checkoutDir: string;
  instances: LiveInstance[];
  logbook: LogbookWriter;
  signal: AbortSignal;
}): Promise<void> {
  const { runtime, checkoutDir, instances, logbook, signal } = options;
  const first = instances[0];
  if (!first) return;
  for (const hook of ["postinstall", "postinstall_all"] as const) {
    const file = path.join(checkoutDir, hook);
    if (!(await executable(file))) {
      if (
        await access(file).then(
          () => true,
          () => false,
        )
      )
        logbook.warning(`${hook} exists but is not executable (chmod +x it in the repository): skipped.`);
      continue;
    }
    for (const instance of hook === "postinstall" ? [first] : instances)
      await runHook(runtime, hook, file, instance, logbook, signal);
  }
}

/** Puts a `crontab` command on the instance's PATH that registers schedules with the platform. */
export async function installCrontabShim(home: string): Promise<void> {
  const bin = path.join(home, "bin");
  await mkdir(bin, { recursive: true });
  const shim = path.join(bin, "crontab");
  await writeFile(
    shim,
    [
      "#!/bin/sh",
      "# thirtyloops: registers this instance's cron schedule; the platform runs the jobs.",
      'if [ "$1" = "-l" ]; then cat "$HOME/conf/crontab" 2>/dev/null; exit 0; fi',
      'if [ "$1" = "-r" ]; then rm -f "$HOME/conf/crontab"; exit 0; fi',
      'if [ -z "$1" ] || [ "$1" = "-" ]; then cat > "$HOME/conf/crontab"; else cp "$1" "$HOME/conf/crontab"; fi',
      "",
    ].join("\n"),
  );
  await chmod(shim, 0o755);
}
