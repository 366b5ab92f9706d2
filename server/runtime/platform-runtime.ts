import { randomBytes } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { SystemUser } from "@/server/platform/system-accounts";
import type { PrismaClient } from "@/server/db/client";
import { LogSink, severityOf } from "@/server/logs/log-sink";
import { MetricsRecorder } from "@/server/metrics/metrics-recorder";
import type { UsageReading } from "@/server/metrics/instance-minutes";
import type { AccessLogEntry } from "@/server/router/access-log";
import type { LiveBus } from "@/server/live/live-events";
import { InMemoryRouteTable, type Route } from "@/server/router/route-table";
import type {
  RuntimeDriver,
  InstanceState,
  InstanceStatus,
  JobResult,
  JobSpec,
  OutputLine,
  ProcessSpec,
  ResourceLimits,
  SandboxSpec,
} from "./driver";
import { CronScheduler } from "./cron-scheduler";
import { LocalDriver } from "./local/local-driver";
import { PortAllocator } from "./local/port-allocator";
import type { BackoffPolicy } from "./local/supervised-process";
import { ensureRuntimeId } from "./runtime-id";
import { prepareAppDirectories } from "./sandbox/app-directories";
import { ensureAppUser, removeAppUser } from "./sandbox/app-user";
import type { AppUserOwner } from "./sandbox/app-user-marker";
import { removeStaleAppUsers, type StaleAppUsersResult } from "./sandbox/stale-app-users";
import { instanceLimits, jobLimits, reportIsolationOnce, sandboxEnabled } from "./sandbox/isolation";

/** Removes the entries of a directory not named in `keep` (a missing directory is fine). */
async function removeAllBut(dir: string, keep: Set<string>): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((entry) => !keep.has(entry))
      .map((entry) => rm(path.join(dir, entry), { recursive: true, force: true })),
  );
}

/** Lines of output kept per instance for a failed health check's message. */
const RECENT_LINES = 100;

export type InstanceKind = "app" | "worker";

export type LiveInstance = {
  id: string;
  appId: string;
  kind: InstanceKind;
  number: number;
  releaseId: string;
  port: number | null;
  /** The unix socket (host path) its gunicorn listens on: the router's upstream when set. */
  socket: string | null;
  home: string;
  /** Working directory as the processes see it (inside the sandbox when there is one). */
  cwd: string;
  /** How its processes are confined; hooks, cron jobs and commands in its context reuse it. */
  sandbox?: SandboxSpec;
  env: Record<string, string>;
  state: InstanceState;
  /** Passed its health check: may receive traffic. */
  ready: boolean;
  /** Replaced by a newer instance: no new traffic, being drained. */
  retiring: boolean;
};

export type AppPaths = {
  appDir: string;
  repositoryCache: string;
  releasesDir: string;
  virtualenvsDir: string;
  instancesDir: string;
  mediaDir: string;
  /** pip's download and wheel cache, kept across deploys; never shared between apps. */
  pipCacheDir: string;
  /** Gunicorn's unix sockets: the app's user creates them, the router group connects. */
  socketsDir: string;
  /** Root's record of process ids per instance (orphan clean-up); out of the app's reach. */
  pidsDir: string;
};

type Exposure = { hosts: string[]; staticDir?: string; mediaDir: string; staticRoot?: string };

/** What the runtime needs from the router that serves its route table. */
export type RouteApplier = {
  /**
   * The route table is complete after a start: a router that held back its changes until now
   * (it took over an nginx still serving the previous process's routes) applies them.
   */
  release?: () => void;
  /** Resolves once the router serves the route table as it is now. */
  settle: () => Promise<boolean>;
  /** Resolves once requests accepted under earlier route tables have finished (bounded). */
  drain: (timeoutMs: number) => Promise<boolean>;
};

function instancePortRange(): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(process.env.THIRTY_INSTANCE_PORTS ?? "");
  return match ? [Number(match[1]), Number(match[2])] : [20000, 29999];
}

/**
 * Everything that runs apps on this machine, in the process that owns it: the local driver,
 * the router's table and pool, port allocation, and which instances are live for each app.
 * The database mirrors instance states for the dashboard; desired state lives on the App row.
 */
export class PlatformRuntime {
  readonly table = new InMemoryRouteTable();
  private router: RouteApplier | null = null;
  readonly ports: PortAllocator;
  readonly driver: RuntimeDriver;
  readonly logs: LogSink;
  /** Requests per app and minute from the router's records, CPU and memory per instance. */
  readonly metrics: MetricsRecorder;
  readonly cron: { load: (appId: string, instances: LiveInstance[]) => void; scheduler: CronScheduler };
  private readonly instances = new Map<string, LiveInstance>();
  private readonly exposures = new Map<string, Exposure>();
  private readonly recent = new Map<string, string[]>();
  private readonly cronJobs = new Map<string, Set<AbortController>>();
  /** Tenants' processes run as their app's user in bubblewrap (needs root). */
  readonly sandboxed = sandboxEnabled();
  /** Apps whose users and directories this runtime prepared (tests remove their users). */
  readonly preparedApps = new Set<string>();
  /** This data dir's runtime: its instance rows carry it (server/runtime/runtime-id.ts). */
  readonly runtimeId: string;

  constructor(
    readonly options: {
      db: PrismaClient;
      dataDir: string;
      platformDomain: string;
      /** The router's port, for the app URLs the logbook shows (80 leaves it out). */
      routerPort?: number;
      backoff?: BackoffPolicy;
      keepLogLinesPerApp?: number;
      /** Where live log lines and logbook messages are published (web processes stream them). */
      bus?: LiveBus;
      /** Loopback ports for instances; THIRTY_INSTANCE_PORTS ("20000-29999") by default. */
      portRange?: [number, number];
    },
  ) {
    this.runtimeId = ensureRuntimeId(options.dataDir);
    const [from, to] = options.portRange ?? instancePortRange();
    this.ports = new PortAllocator(from, to);
    this.logs = new LogSink(options.db, { keepPerApp: options.keepLogLinesPerApp, bus: options.bus });
    this.driver = new LocalDriver({
      backoff: options.backoff,
      onLine: (line) => this.onLine(line),
      onState: (status) => void this.onState(status),
    });
    reportIsolationOnce();
    this.metrics = new MetricsRecorder(options.db, { readUsage: () => this.readUsage() });
    this.metrics.start();
    const scheduler = new CronScheduler(
      (target, command, env) => this.runCronJob(target.id, command, env),
      (target, message) =>
        this.onLine({
          instanceId: target.id,
          program: "cron",
          stream: "platform",
          line: message,
          at: new Date(),
        }),
    );
    this.cron = {
      scheduler,
      load: (_appId, instances) =>
        void scheduler.load(
          instances.map((i) => ({ id: i.id, home: i.home, ownerUid: i.sandbox?.user.uid })),
        ),
    };
  }

  /**
   * One run of a cron job in its instance's context. It belongs to the instance: stopping the
   * instance (or the platform) ends it.
   */
  private async runCronJob(instanceId: string, command: string, env: Record<string, string>): Promise<void> {
    const instance = this.instances.get(instanceId);
    if (!instance) return;
    const controller = new AbortController();
    const running = this.cronJobs.get(instanceId) ?? new Set<AbortController>();
    running.add(controller);
    this.cronJobs.set(instanceId, running);
    try {
      await this.runJob(
        {
          jobId: instance.id,
          appId: instance.appId,
          cwd: instance.cwd,
          env: { ...instance.env, ...env },
          argv: ["/bin/sh", "-c", command],
          program: "cron",
          sandbox: instance.sandbox,
          limits: instanceLimits(),
        },
        { signal: controller.signal },
      );
    } finally {
      running.delete(controller);
      if (running.size === 0) this.cronJobs.delete(instanceId);
    }
  }

  /** Ends the cron jobs an instance is running now (its schedule is forgotten separately). */
  private stopCronJobs(instanceId: string): void {
    for (const controller of this.cronJobs.get(instanceId) ?? []) controller.abort();
    this.cronJobs.delete(instanceId);
  }

  /** The router serving `table`: switches wait for it before old instances stop. */
  attachRouter(router: RouteApplier): void {
    this.router = router;
  }

  /** The route table holds every app that should answer now: the router may apply it. */
  releaseRouter(): void {
    this.router?.release?.();
  }

  /**
   * Waits until the router no longer sends new requests by the previous routes, then until
   * the requests it had accepted under them have finished (at most `drainMs`).
   */
  private async routesApplied(drainMs: number): Promise<void> {
    if (!this.router) return;
    await this.router.settle();
    if (drainMs > 0) await this.router.drain(drainMs);
  }

  get bus(): LiveBus | undefined {
    return this.options.bus;
  }

  paths(appId: string): AppPaths {
    const appDir = path.join(this.options.dataDir, "apps", appId);
    return {
      appDir,
      repositoryCache: path.join(this.options.dataDir, "repositories", appId),
      releasesDir: path.join(appDir, "releases"),
      virtualenvsDir: path.join(appDir, "virtualenvs"),
      instancesDir: path.join(appDir, "instances"),
      mediaDir: path.join(appDir, "media"),
      socketsDir: path.join(appDir, "sockets"),
      pidsDir: path.join(appDir, "pids"),
      pipCacheDir: path.join(appDir, "pip-cache"),
    };
  }

  /**
   * The app's Unix user (created on first need) with its directories owned and moded for the
   * sandbox; null when the sandbox is off (not root), with plain directories.
   */
  async prepareApp(appId: string): Promise<SystemUser | null> {
    const paths = this.paths(appId);
    if (!this.sandboxed) {
      for (const dir of [
        paths.releasesDir,
        paths.virtualenvsDir,
        paths.instancesDir,
        paths.mediaDir,
        paths.pidsDir,
      ])
        await mkdir(dir, { recursive: true });
      return null;
    }
    const user = await ensureAppUser(appId, this.owner);
    this.preparedApps.add(appId);
    await prepareAppDirectories(paths, user);
    return user;
  }

  /** A sandbox for the app seeing only `binds`; undefined when the sandbox is off. */
  async sandboxFor(
    appId: string,
    binds: SandboxSpec["binds"],
    files?: SandboxSpec["files"],
  ): Promise<SandboxSpec | undefined> {
    const user = await this.prepareApp(appId);
    if (!user) return undefined;
    return { user: { name: user.name, uid: user.uid, gid: user.gid }, binds, files };
  }

  /**
   * Runs a job for the app through the driver (fetch, build, hooks, commands, cron): in its
   * sandbox when given one, with the build limits unless told otherwise, its pid recorded.
   */
  async runJob(
    spec: Omit<JobSpec, "limits" | "pidDir" | "jobId"> & { jobId?: string; limits?: ResourceLimits },
    options: { signal?: AbortSignal; onLine?: (stream: "stdout" | "stderr", line: string) => void } = {},
  ): Promise<JobResult> {
    const jobId = spec.jobId ?? `${spec.appId}~job-${randomBytes(3).toString("hex")}`;
    const pidDir = path.join(this.paths(spec.appId).pidsDir, jobId);
    const result = await this.driver.runJob(
      {
        ...spec,
        jobId,
        limits: spec.limits ?? jobLimits(),
        pidDir,
      },
      options,
    );
    // A job of its own (fetch, build) leaves no pid directory behind; an instance's goes with it.
    if (!spec.jobId) await rm(pidDir, { recursive: true, force: true });
    return result;
  }

  dnsRecord(appName: string, accountName: string): string {
    return `${appName}-${accountName}.${this.options.platformDomain}`;
  }

  appUrl(host: string): string {
    const port = this.options.routerPort ?? 80;
    return `http://${host}${port === 80 ? "" : `:${port}`}/`;
  }

  live(appId: string, kind?: InstanceKind): LiveInstance[] {
    return [...this.instances.values()]
      .filter((i) => i.appId === appId && (!kind || i.kind === kind))
      .sort((a, b) => a.number - b.number);
  }

  /**
   * The router's access line for an app, stored as program nginx like the original platform's,
   * and counted in the app's request metrics.
   */
  recordAccess(entry: AccessLogEntry): void {
    if (!entry.appId) return;
    this.metrics.recordRequest(entry.appId, entry.status, entry.requestTime ?? entry.upstreamResponseTime);
    this.logs.push({
      appId: entry.appId,
      instanceId: null,
      program: "nginx",
      severity: entry.status >= 500 ? "Error" : "Info",
      message: entry.line,
      timestamp: new Date(),
    });
  }

  /** CPU and memory of every live instance, as its driver reads them. */
  private readUsage(): UsageReading[] {
    const usage = this.driver.usage();
    return [...this.instances.values()].flatMap((instance) => {
      const found = usage.get(instance.id);
      if (!found) return [];
      return [
        {
          appId: instance.appId,
          instanceId: instance.id,
          instance: `${instance.kind}.${instance.number}`,
          cpuNanos: found.cpuNanos,
          memoryBytes: found.memoryBytes,
        },
      ];
    });
  }

  /** The last lines an instance printed (for a failed health check's message). */
  recentOutput(instanceId: string): string[] {
    return this.recent.get(instanceId) ?? [];
  }

  private onLine(line: OutputLine): void {
    const recent = this.recent.get(line.instanceId) ?? [];
    recent.push(`${line.program}: ${line.line}`);
    // Enough to still hold the app's own error (a SyntaxError) once gunicorn has printed its
    // boot trace for each worker after it: a failed check names the cause from these lines.
    if (recent.length > RECENT_LINES) recent.shift();
    this.recent.set(line.instanceId, recent);
    const instance = this.instances.get(line.instanceId);
    const appId = instance?.appId ?? line.instanceId.split("~")[0];
    if (!appId) return;
    this.logs.push({
      appId,
      instanceId: line.instanceId,
      program: line.program,
      severity: severityOf(line.stream, line.line),
      message: line.line,
      timestamp: line.at,
    });
  }

  private async onState(status: InstanceStatus): Promise<void> {
    const instance = this.instances.get(status.instanceId);
    if (!instance) return;
    instance.state = status.state;
    // A crash-looping instance leaves the rotation until it runs again.
    this.refreshRoute(instance.appId);
    await this.options.db.instance
      .updateMany({
        where: { id: instance.id },
        data: { state: status.state, detail: status.detail ?? null },
      })
      .catch(() => undefined);
  }

  /** Starts one instance and records it; the caller health-checks it before routing to it. */
  async startInstance(spec: {
    id: string;
    appId: string;
    kind: InstanceKind;
    number: number;
    releaseId: string;
    home: string;
    cwd: string;
    env: Record<string, string>;
    port: number | null;
    socket: string | null;
    sandbox?: SandboxSpec;
    processes: ProcessSpec[];
    /** The account plan's instance size. */
    memoryMb?: number;
  }): Promise<LiveInstance> {
    const live: LiveInstance = { ...spec, state: "starting", ready: false, retiring: false };
    this.instances.set(spec.id, live);
    await this.options.db.instance.create({
      data: {
        id: spec.id,
        appId: spec.appId,
        releaseId: spec.releaseId,
        kind: spec.kind,
        number: spec.number,
        port: spec.port,
        state: "starting",
        runtimeId: this.runtimeId,
      },
    });
    const status = await this.driver.startInstance({
      instanceId: spec.id,
      appId: spec.appId,
      kind: spec.kind,
      cwd: spec.cwd,
      env: spec.env,
      processes: spec.processes,
      port: spec.port ?? undefined,
      socket: spec.socket ?? undefined,
      pidDir: path.join(this.paths(spec.appId).pidsDir, spec.id),
      sandbox: spec.sandbox,
      limits: spec.sandbox ? instanceLimits(spec.memoryMb) : undefined,
      labels: {
        kind: spec.kind,
        number: String(spec.number),
        releaseId: spec.releaseId,
        home: spec.home,
        socket: spec.socket ?? "",
      },
    });
    live.state = status.state;
    await this.options.db.instance.update({ where: { id: spec.id }, data: { state: status.state } });
    return live;
  }

  /** Stops an instance: out of the rotation first, in-flight requests finish, then its processes. */
  async stopInstance(instance: LiveInstance, options: { drainMs?: number } = {}): Promise<void> {
    instance.retiring = true;
    this.refreshRoute(instance.appId);
    this.instances.delete(instance.id);
    await this.routesApplied(options.drainMs ?? 10_000);
    await this.driver.stopInstance(instance.id, { graceMs: 5000 });
    if (instance.port) this.ports.release(instance.port);
    await this.options.db.instance.deleteMany({ where: { id: instance.id } });
    this.recent.delete(instance.id);
    this.cron.scheduler.forget(instance.id);
    this.stopCronJobs(instance.id);
    await rm(instance.home, { recursive: true, force: true }).catch(() => undefined);
    await rm(path.join(this.paths(instance.appId).pidsDir, instance.id), { recursive: true, force: true });
    if (instance.socket) await rm(instance.socket, { force: true });
  }

  /**
   * Which hosts reach the app and where its files are; the route follows live app instances.
   * Resolves once the router serves it (a publish's new host names answer when it ends).
   */
  async expose(appId: string, exposure: Exposure): Promise<void> {
    this.exposures.set(appId, exposure);
    this.refreshRoute(appId);
    await this.routesApplied(0);
  }

  /** The app's host names changed (custom domains, publishing): its route follows. */
  setHosts(appId: string, hosts: string[]): void {
    const exposure = this.exposures.get(appId);
    if (!exposure || exposure.hosts.join(" ") === hosts.join(" ")) return;
    this.exposures.set(appId, { ...exposure, hosts });
    this.refreshRoute(appId);
  }

  unexpose(appId: string): void {
    this.exposures.delete(appId);
    this.table.removeRoute(appId);
  }

  /** Replaces the app's route in one step: no request ever sees half a switch. */
  refreshRoute(appId: string): void {
    const exposure = this.exposures.get(appId);
    if (!exposure) return;
    let route: Route;
    if (exposure.staticRoot) {
      route = { appId, kind: "static", rootDir: exposure.staticRoot, mediaDir: exposure.mediaDir };
    } else {
      const upstreams = this.live(appId, "app")
        .filter(
          (i) => (i.port !== null || i.socket !== null) && i.ready && !i.retiring && i.state !== "failed",
        )
        .map((i) => ({ instanceId: i.id, host: "127.0.0.1", port: i.port, socket: i.socket ?? null }));
      route = { appId, kind: "proxy", upstreams, staticDir: exposure.staticDir, mediaDir: exposure.mediaDir };
    }
    this.table.setRoute(exposure.hosts, route);
  }

  /**
   * The switch: new instances take all traffic and the old ones none, in one route update.
   * It resolves once the router sends new requests to the new instances only; the old ones
   * stop after the requests the router had already sent them have finished.
   */
  async switchTo(appId: string, fresh: LiveInstance[], old: LiveInstance[], drainMs = 10_000): Promise<void> {
    for (const instance of fresh) instance.ready = true;
    for (const instance of old) instance.retiring = true;
    this.refreshRoute(appId);
    await this.routesApplied(0);
    await Promise.all(old.map((instance) => this.stopInstance(instance, { drainMs })));
  }

  /** True once the instance answers HTTP (its health check), asked with the app's host name. */
  checkInstance(
    instance: LiveInstance,
    options: { host: string; timeoutMs: number; signal?: AbortSignal },
  ): Promise<boolean> {
    return this.driver.checkInstance(instance.id, options);
  }

  /**
   * At start-up, for these apps: takes over the instances a crashed platform process left
   * running (they were serving all along), stops everything else it left, and removes the
   * files of instances that are gone. The recovered instances are live but not routed: the
   * caller keeps those it wants (`routeRecovered`) and stops the rest.
   */
  async recoverInstances(appIds: string[]): Promise<{ recovered: LiveInstance[]; stopped: number }> {
    const { recovered, stopped } = await this.driver.recover(appIds.map((id) => this.paths(id).pidsDir));
    const live = recovered.flatMap(({ spec, status }) => {
      const labels = spec.labels ?? {};
      const kind = labels.kind === "worker" ? "worker" : "app";
      const instance: LiveInstance = {
        id: spec.instanceId,
        appId: spec.appId,
        kind,
        number: Number(labels.number ?? 0),
        releaseId: labels.releaseId ?? "",
        port: spec.port ?? null,
        socket: labels.socket || null,
        home: labels.home ?? "",
        cwd: spec.cwd,
        sandbox: spec.sandbox,
        env: spec.env,
        state: status.state,
        ready: false,
        retiring: false,
      };
      this.instances.set(instance.id, instance);
      if (instance.port) this.ports.reserve(instance.port);
      return [instance];
    });
    const keep = new Set(live.map((instance) => instance.id));
    await Promise.all(
      appIds.flatMap((id) =>
        [this.paths(id).instancesDir, this.paths(id).pidsDir].map((dir) => removeAllBut(dir, keep)),
      ),
    );
    return { recovered: live, stopped };
  }

  /** Recovered instances the start-up keeps: routed at once (they answered before the crash). */
  routeRecovered(appId: string, instances: LiveInstance[]): void {
    for (const instance of instances) instance.ready = true;
    this.refreshRoute(appId);
  }

  /** How this runtime names itself in the comment of the users it makes (app-user-marker.ts). */
  get owner(): AppUserOwner {
    return { runtimeId: this.runtimeId, dataDir: path.resolve(this.options.dataDir) };
  }

  /** Apps with live instances or a route in this runtime. */
  knownAppIds(): string[] {
    return [...new Set([...this.exposures.keys(), ...[...this.instances.values()].map((i) => i.appId)])];
  }

  /** A deleted app: its instances stop, its hosts stop answering, its files go. */
  async removeApp(appId: string): Promise<void> {
    this.unexpose(appId);
    await Promise.all(this.live(appId).map((instance) => this.stopInstance(instance, { drainMs: 0 })));
    const paths = this.paths(appId);
    await rm(paths.appDir, { recursive: true, force: true });
    await rm(paths.repositoryCache, { recursive: true, force: true });
    if (this.sandboxed) await removeAppUser(appId);
  }

  /**
   * Removes the `t30-*` users of apps and connection tests that neither this runtime nor any
   * other still needs (server/runtime/sandbox/stale-app-users.ts); without the sandbox there are none.
   */
  async removeStaleUsers(): Promise<StaleAppUsersResult | null> {
    if (!this.sandboxed) return null;
    return removeStaleAppUsers({ self: { owner: this.owner, db: this.options.db } });
  }

  /** A connection test's own user and directories, when the test has ended (it runs no instance). */
  async removeProbe(probeId: string): Promise<void> {
    const paths = this.paths(probeId);
    await rm(paths.appDir, { recursive: true, force: true });
    await rm(paths.repositoryCache, { recursive: true, force: true });
    this.preparedApps.delete(probeId);
    if (this.sandboxed) await removeAppUser(probeId);
  }

  async shutdown(): Promise<void> {
    this.cron.scheduler.stopAll();
    for (const id of [...this.cronJobs.keys()]) this.stopCronJobs(id);
    // A last reading before the instances stop: their final minute is written with them.
    this.metrics.sample();
    await this.driver.shutdown();
    await this.metrics.stop();
    await this.logs.flush();
  }
}
