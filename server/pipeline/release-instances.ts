import { randomBytes } from "node:crypto";
import { chmod, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { SystemUser } from "@/server/platform/system-accounts";
import type { ProcessSpec, SandboxSpec } from "@/server/runtime/driver";
import { chownTree, ownedDirectory, routerGroupId } from "@/server/runtime/sandbox/app-directories";
import {
  APP_LAYOUT,
  confinedStaticDir,
  instanceBinds,
  sandboxProjectRoot,
} from "@/server/runtime/sandbox/app-layout";
import type { InstanceKind, LiveInstance, PlatformRuntime } from "@/server/runtime/platform-runtime";
import type { AppContext, ReleaseRecord } from "./app-context";
import { instanceEnvironment, writeEnvironmentFiles } from "./instance-environment";
import { StepFailure } from "./step-failure";
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

/** Where gunicorn listens: a unix socket inside the sandbox, else a loopback port. */
type Listen = { port: number } | { socket: string } | null;

function processesFor(
  kind: InstanceKind,
  release: ReleaseRecord,
  listen: Listen,
  sandboxed: boolean,
): ProcessSpec[] {
  const config = release.config;
  if (kind === "worker") return config.workerProcesses.map((p) => shellProcess(p.name, p.command));
  const target = config.wsgi
    ? config.wsgi.entrypoint
    : config.django
      ? "django.core.wsgi:get_wsgi_application()"
      : null;
  const python = release.virtualenv
    ? path.join(sandboxed ? APP_LAYOUT.virtualenv : release.virtualenv, "bin", "python")
    : "python3";
  // The socket is 0770 (umask 007) in a setgid directory of the router's group: only the
  // router may connect, no other app's user.
  const bind = !listen
    ? null
    : "socket" in listen
      ? ["--bind", `unix:${listen.socket}`, "--umask", "007"]
      : ["--bind", `127.0.0.1:${listen.port}`];
  const gunicorn: ProcessSpec[] =
    target && bind
      ? [
          {
            program: "gunicorn",
            argv: [
              python,
              "-m",
              "gunicorn",
              ...bind,
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

/**
 * The release's static dir on the host, bound at /app/static (collectstatic writes there):
 * created for the app's user when the repository has none; a link is followed only within
 * the checkout.
 */
async function staticDirFor(release: ReleaseRecord, user: SystemUser): Promise<string> {
  const checkout = path.join(release.directory, "src");
  const wanted = path.join(projectRoot(release), "static");
  const existing = await confinedStaticDir(checkout, wanted);
  if (existing) return existing;
  await ownedDirectory(wanted, user.uid, await routerGroupId(), 0o2750).catch(() => {
    throw new StepFailure(
      "The project's static path is a link that leaves the repository; make it a directory.",
    );
  });
  return wanted;
}

/** The environment an instance (or a one-off command in its context) runs with, and its sandbox. */
export async function prepareInstance(
  runtime: PlatformRuntime,
  app: AppContext,
  release: ReleaseRecord,
  kind: InstanceKind,
  number: number,
  port: number | null,
): Promise<{
  id: string;
  home: string;
  env: Record<string, string>;
  cwd: string;
  socket: string | null;
  sandbox?: SandboxSpec;
}> {
  const id = `${app.id}~${kind}${number}-r${release.number}-${randomBytes(3).toString("hex")}`;
  const paths = runtime.paths(app.id);
  const home = path.join(paths.instancesDir, id);
  const user = await runtime.prepareApp(app.id);
  const hostRoot = projectRoot(release);
  const view = user
    ? {
        home: APP_LAYOUT.home,
        projectRoot: sandboxProjectRoot(release.config.root),
        mediaRoot: APP_LAYOUT.media,
        staticRoot: APP_LAYOUT.static,
        virtualenv: release.virtualenv ? APP_LAYOUT.virtualenv : null,
      }
    : {
        home,
        projectRoot: hostRoot,
        mediaRoot: paths.mediaDir,
        staticRoot: path.join(hostRoot, "static"),
        virtualenv: release.virtualenv,
      };
  // A short name: a socket's host path must stay within the 107 bytes of sun_path.
  const socketName = `${id.split("~")[1] ?? "instance"}.sock`;
  const socket = user && kind === "app" ? path.join(paths.socketsDir, socketName) : null;
  const env = instanceEnvironment({
    appName: app.name,
    accountName: app.accountName,
    dnsRecord: runtime.dnsRecord(app.name, app.accountName),
    instanceId: id,
    kind,
    ...view,
    appUser: user?.name ?? os.userInfo().username,
    // Sandboxed instances listen on their socket; PORT would only invite listening on TCP.
    port: user ? null : port,
    config: release.config,
    database: app.database,
    mongodb: app.mongodb,
    appVariables: kind === "worker" ? app.variables.worker : app.variables.app,
  });
  await writeEnvironmentFiles(home, env);
  await installCrontabShim(home);
  if (!user) return { id, home, env, cwd: hostRoot, socket: null };
  // Written by root, then handed over: the home holds secrets (conf/), only its user reads it.
  await chownTree(home, user);
  await chmod(home, 0o700);
  await mkdir(paths.socketsDir, { recursive: true });
  const sandbox = await runtime.sandboxFor(
    app.id,
    instanceBinds({
      home,
      checkout: path.join(release.directory, "src"),
      staticDir: await staticDirFor(release, user),
      virtualenv: release.virtualenv,
      mediaDir: paths.mediaDir,
      socketsDir: paths.socketsDir,
    }),
  );
  return { id, home, env, cwd: view.projectRoot, socket, sandbox };
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
    const port = kind === "app" && !runtime.sandboxed ? await runtime.ports.allocate() : null;
    const prepared = await prepareInstance(runtime, app, release, kind, n, port);
    const listen: Listen = prepared.socket
      ? { socket: path.posix.join(APP_LAYOUT.run, path.basename(prepared.socket)) }
      : port
        ? { port }
        : null;
    started.push(
      await runtime.startInstance({
        ...prepared,
        appId: app.id,
        kind,
        number: n,
        releaseId: release.id,
        port,
        processes: processesFor(kind, release, listen, runtime.sandboxed),
        memoryMb: app.instanceMemoryMb,
      }),
    );
  }
  return started;
}
