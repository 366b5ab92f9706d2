import type { LiveInstance, PlatformRuntime } from "@/server/runtime/platform-runtime";
import { StepFailure } from "../step-failure";

/** How long a new instance has to answer; THIRTY_CHECK_TIMEOUT_MS overrides the 30 s default. */
/** The supervisor's line when a process ends (supervised-process.ts); lines are "program: text". */
const EXITED = /: \S+ (exited with code|was killed by) .*(restarting in|not restarting)/;

/**
 * The output up to the first exit: a quick restart can hide the "restarting" state between two
 * polls, and its fresh start would push the first crash's traceback out of the last lines.
 */
function firstExit(lines: string[]): string[] | null {
  const index = lines.findIndex((line) => EXITED.test(line));
  return index === -1 ? null : lines.slice(Math.max(0, index - 7), index + 1);
}

function checkTimeoutMs(): number {
  return Number(process.env.THIRTY_CHECK_TIMEOUT_MS ?? 30_000);
}

/**
 * Each new instance must answer HTTP on its port, asked with the app's own host name (Django's
 * ALLOWED_HOSTS rejects a bare IP). A process that crash-loops fails the check at once.
 */
export async function checkInstances(options: {
  runtime: PlatformRuntime;
  instances: LiveInstance[];
  host: string;
  report?: (message: string) => void;
  signal: AbortSignal;
}): Promise<void> {
  await Promise.all(
    options.instances.map(async (instance) => {
      if (instance.port === null && instance.socket === null) return;
      const timeoutMs = checkTimeoutMs();
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (options.signal.aborted) throw new StepFailure("The health check was stopped.");
        // A new instance whose process already exited will not get better by waiting.
        if (instance.state === "failed" || instance.state === "restarting") break;
        if (firstExit(options.runtime.recentOutput(instance.id))) break;
        const left = Math.min(1000, deadline - Date.now());
        if (
          await options.runtime.checkInstance(instance, {
            host: options.host,
            timeoutMs: left,
            signal: options.signal,
          })
        ) {
          options.report?.(
            `Instance ${instance.number} answers on ${instance.socket ? "its socket" : `port ${instance.port}`}.`,
          );
          return;
        }
      }
      const recent = options.runtime.recentOutput(instance.id);
      const crashed = firstExit(recent);
      const tail = crashed ?? recent.slice(-8);
      // gunicorn's own traceback after a worker fails to boot can fill the tail: keep the
      // app's exception summary (ModuleNotFoundError: …) in view too.
      const summaries = recent.filter((line) => /\w(Error|Exception): /.test(line) && !tail.includes(line));
      const output = [...summaries.slice(-3), ...tail];
      const why =
        crashed || instance.state === "failed" || instance.state === "restarting"
          ? `its process exited`
          : `it did not answer HTTP within ${Math.round(timeoutMs / 1000)} s`;
      throw new StepFailure(
        `Instance ${instance.number} failed its health check: ${why}. Check the wsgi entrypoint or Django settings in thirty.ini and that the app starts under gunicorn.` +
          (output.length ? `\nIts last output:\n${output.join("\n")}` : ""),
      );
    }),
  );
}
