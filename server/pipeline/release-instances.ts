import { randomBytes } from "node:crypto";
import path from "node:path";
import type { ProcessSpec } from "@/server/runtime/driver";
import type { InstanceKind, LiveInstance, PlatformRuntime } from "@/server/runtime/platform-runtime";
import type { AppContext, ReleaseRecord } from "./app-context";
import { instanceEnvironment, writeEnvironmentFiles } from "./instance-environment";
import { installCrontabShim } from "./steps/run-hooks";

export function projectRoot(release: ReleaseRecord): string {
  return path.join(release.directory, "src", release.config.root);
}

export function appHosts(runtime: PlatformRuntime, app: AppContext): string[] {
  return [runtime.dnsRecord(app.name, app.accountName), ...(app.published ? app.cnames : [])];
}

function shellProcess(name: string, command: string): ProcessSpec {
  // exec: the shell is replaced by the command, so signals reach it directly.
  return { program: name, argv: ["/bin/sh", "-c", `exec ${command}`] };
}

function processesFor(kind: InstanceKind, release: ReleaseRecord, port: number | null): ProcessSpec[] {
  const config = release.config;
  if (kind === "worker") return config.workerProcesses.map((p) => shellProcess(p.name, p.command));
  const target = config.wsgi
    ? config.wsgi.entrypoint
    : config.django
      ? "django.core.wsgi:get_wsgi_application()"
      : null;
  const python = release.virtualenv ? path.join(release.virtualenv, "bin", "python") : "python3";
  const gunicorn: ProcessSpec[] =
    target && port
      ? [
          {
            program: "gunicorn",
            argv: [
              python,
              "-m",
              "gunicorn",
              "--bind",
              `127.0.0.1:${port}`,
              "--workers",
              process.env.THIRTY_GUNICORN_WORKERS ?? "2",
              "--graceful-timeout",
              "10",
              "--forwarded-allow-ips",
              "127.0.0.1",
              target,
            ],
          },
        ]
      : [];
  return [...gunicorn, ...config.appProcesses.map((p) => shellProcess(p.name, p.command))];
}

/** The environment an instance (or a one-off command in its context) runs with. */
export async function prepareInstance(
  runtime: PlatformRuntime,
  app: AppContext,
  release: ReleaseRecord,
  kind: InstanceKind,
  number: number,
  port: number | null,
) {
  const id = `${app.id}~${kind}${number}-r${release.number}-${randomBytes(3).toString("hex")}`;
  const paths = runtime.paths(app.id);
  const home = path.join(paths.instancesDir, id);
  const env = instanceEnvironment({
    appName: app.name,
    accountName: app.accountName,
    dnsRecord: runtime.dnsRecord(app.name, app.accountName),
    instanceId: id,
    kind,
    home,
    projectRoot: projectRoot(release),
    mediaRoot: paths.mediaDir,
    virtualenv: release.virtualenv,
    port,
    config: release.config,
    appVariables: kind === "worker" ? app.variables.worker : app.variables.app,
  });
  await writeEnvironmentFiles(home, env);
  await installCrontabShim(home);
  return { id, home, env, cwd: projectRoot(release) };
}

/** Starts `count` instances of a release (not yet routed: the caller checks, then switches). */
export async function startReleaseInstances(
  runtime: PlatformRuntime,
  app: AppContext,
  release: ReleaseRecord,
  kind: InstanceKind,
  count: number,
  firstNumber = 1,
): Promise<LiveInstance[]> {
  const started: LiveInstance[] = [];
  for (let n = firstNumber; n < firstNumber + count; n++) {
    const port = kind === "app" ? await runtime.ports.allocate() : null;
    const prepared = await prepareInstance(runtime, app, release, kind, n, port);
    started.push(
      await runtime.startInstance({
        ...prepared,
        appId: app.id,
        kind,
        number: n,
        releaseId: release.id,
        port,
        processes: processesFor(kind, release, port),
      }),
    );
  }
  return started;
}
