import { spawn, type ChildProcess } from "node:child_process";

export type Postmaster = {
  /** The process group leader (the watchdog shell); postgres runs in its group. */
  pid: number;
  stop: () => Promise<void>;
};

type PostmasterOptions = {
  /** The postgres binary and its arguments. */
  command: string;
  args: string[];
  /** The Unix user postgres runs as (it refuses root). */
  uid?: number;
  gid?: number;
  onLog: (line: string) => void;
  /** How long start-up may take before it counts as failed (crash recovery of a big WAL is slow). */
  readyTimeoutMs?: number;
};

/**
 * postgres runs under a small shell in a process group of its own, so a signal sent to the
 * owner's process group (Ctrl-C in a terminal, Playwright's SIGTERM to its webServer's group)
 * no longer reaches it before the owner has stopped what still uses the database. The shell
 * is a watchdog: it reads its stdin, a pipe whose other end only the owner holds. When that
 * end closes — stop() below, or the owner exiting in any way, SIGKILL included — the read
 * returns and postgres gets SIGINT (a fast shutdown): it never outlives the process that
 * started it. The shell exits with postgres, so the owner sees postgres's own exit.
 */
const WATCHDOG = [
  // Asynchronous commands of a non-interactive shell read /dev/null: the pipe moves to fd 3.
  "exec 3<&0",
  '"$@" 3<&- </dev/null & pg=$!',
  '{ read -r _ <&3; kill -INT "$pg" 2>/dev/null; } &',
  "watcher=$!",
  'wait "$pg"; status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join("\n");

const READY = "database system is ready to accept connections";
/** After SIGINT (fast shutdown: sessions end, a checkpoint is written). */
const FAST_SHUTDOWN_MS = 30_000;
/** After SIGQUIT (immediate shutdown: crash recovery at the next start). */
const IMMEDIATE_SHUTDOWN_MS = 10_000;

function exitedPromise(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Resolves true when `exited` came within `ms`. */
async function exitsWithin(exited: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([exited.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}

/** Signals the whole group (postgres's backends included); gone already is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group has exited.
  }
}

/**
 * Starts postgres and resolves once it accepts connections. Every wait is bounded: a start
 * that does not become ready in time, and a stop that does not end, are ended by force
 * (SIGQUIT, then SIGKILL to the group) with an error or a log line saying so.
 */
export async function startPostmaster(options: PostmasterOptions): Promise<Postmaster> {
  const child = spawn("/bin/sh", ["-c", WATCHDOG, "postgres-watchdog", options.command, ...options.args], {
    detached: true,
    stdio: ["pipe", "ignore", "pipe"],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
    // The readiness check below reads postgres's messages: they must be in English.
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  const pid = child.pid;
  const exited = exitedPromise(child);
  if (pid === undefined) {
    await exited;
    throw new Error(`PostgreSQL could not be started (${options.command}).`);
  }
  // Ending the pipe after the watchdog died is no error worth crashing the owner for.
  child.stdin?.on("error", () => undefined);

  const recent: string[] = [];
  let partial = "";
  let ready: () => void = () => undefined;
  const becameReady = new Promise<void>((resolve) => (ready = resolve));
  child.stderr?.on("data", (chunk: Buffer) => {
    // Lines, not chunks: a message cut between two reads is still recognised.
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      options.onLog(line);
      recent.push(line);
      if (recent.length > 20) recent.shift();
      if (line.includes(READY)) ready();
    }
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    if (await exitsWithin(exited, FAST_SHUTDOWN_MS)) return;
    options.onLog(`PostgreSQL did not stop within ${FAST_SHUTDOWN_MS / 1000} s: immediate shutdown.`);
    signalGroup(pid, "SIGQUIT");
    if (await exitsWithin(exited, IMMEDIATE_SHUTDOWN_MS)) return;
    options.onLog("PostgreSQL ignored the immediate shutdown: killing it.");
    signalGroup(pid, "SIGKILL");
    await exited;
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    becameReady.then(() => "ready" as const),
    exited.then(() => "exited" as const),
    new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), readyTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome === "ready") return { pid, stop };
  if (outcome === "timeout") await stop();
  const why =
    outcome === "timeout"
      ? `did not accept connections within ${readyTimeoutMs / 1000} s`
      : `exited during start-up (${child.signalCode ?? `exit code ${child.exitCode}`})`;
  throw new Error(
    `PostgreSQL ${why}. Its last messages:\n${[...recent, partial].filter(Boolean).join("\n")}`,
  );
}
