import { waitForHttp } from "@/server/runtime/local/wait-for-http";
import type { LiveInstance, PlatformRuntime } from "@/server/runtime/platform-runtime";
import { StepFailure } from "../step-failure";

/** How long a new instance has to answer; THIRTY_CHECK_TIMEOUT_MS overrides the 30 s default. */
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
        const left = Math.min(1000, deadline - Date.now());
        if (
          await waitForHttp({
            port: instance.port ?? undefined,
            socketPath: instance.socket ?? undefined,
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
      const output = options.runtime.recentOutput(instance.id).slice(-8);
      const why =
        instance.state === "failed" || instance.state === "restarting"
          ? `its process exited`
          : `it did not answer HTTP within ${Math.round(timeoutMs / 1000)} s`;
      throw new StepFailure(
        `Instance ${instance.number} failed its health check: ${why}. Check the wsgi entrypoint or Django settings in thirty.ini and that the app starts under gunicorn.` +
          (output.length ? `\nIts last output:\n${output.join("\n")}` : ""),
      );
    }),
  );
}
