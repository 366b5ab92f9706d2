import "server-only";
import path from "node:path";
import type { ResourceLimits, SandboxSpec } from "../driver";

/** Where the environment file lands inside the sandbox's private /tmp (never on the host disk). */
export const SANDBOX_ENV_FILE = "/tmp/.thirty/environment";

// The platform's only shell snippets here are fixed strings: paths and argv follow as
// positional arguments ("$@"), so nothing a tenant controls is ever parsed by a shell as root.

/**
 * Joins the cgroups named by its arguments (up to "--") before exec: everything after, bwrap
 * and the tenant's code, starts inside the limits. SIGTERM is ignored from here on so the
 * two bwrap processes survive a SIGTERM to the process group (they would otherwise die and
 * take the sandbox down at once, before the tenant's processes finished their requests);
 * the tenant's side restores it below.
 */
const JOIN_CGROUPS =
  'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; trap "" TERM; exec "$@"';

/** Inside, as the app user: read the environment the platform piped in, then exec the command. */
const LAUNCH = `. ${SANDBOX_ENV_FILE} && exec "$@"`;

const BASE = [
  "--unshare-pid",
  "--unshare-ipc",
  "--unshare-uts",
  "--clearenv",
  "--ro-bind",
  "/usr",
  "/usr",
  "--symlink",
  "usr/lib",
  "/lib",
  "--symlink",
  "usr/lib64",
  "/lib64",
  "--symlink",
  "usr/bin",
  "/bin",
  "--symlink",
  "usr/sbin",
  "/sbin",
  "--ro-bind",
  "/etc",
  "/etc",
  "--proc",
  "/proc",
  "--dev",
  "/dev",
  "--perms",
  "1777",
  "--tmpfs",
  "/tmp",
];

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The environment as `export NAME='value'` lines (names are checked: only valid shell names). */
export function environmentFile(env: Record<string, string>): string {
  return Object.entries(env)
    .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
    .join("");
}

/**
 * The argv that runs `argv` in the app's sandbox, and the contents the caller must write to
 * file descriptors 3, 4, … (bwrap copies each into the sandbox's private /tmp). Nothing secret
 * is in the argv: `ps` shows only paths and the command.
 */
export function sandboxCommand(options: {
  sandbox: SandboxSpec;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** cgroup.procs files to join before exec; empty when limits come from rlimits instead. */
  cgroupProcs: string[];
  /** Fallback when cgroups cannot be written: rlimits for the tenant's processes. */
  rlimits?: ResourceLimits;
  /**
   * The sandbox ends when the process that spawned it does (jobs: a build must not outlive
   * its deploy). Instances leave it off: they keep serving through a platform crash.
   */
  dieWithParent?: boolean;
}): { argv: string[]; inputs: string[] } {
  const { sandbox } = options;
  const inputs: string[] = [];
  const args: string[] = [...BASE, ...(options.dieWithParent === false ? [] : ["--die-with-parent"])];
  const files = [...(sandbox.files ?? []), { dest: SANDBOX_ENV_FILE, content: environmentFile(options.env) }];
  // bwrap makes missing parents of a destination 0700 (root's): the app user could not pass.
  const made = new Set<string>(["/", "/tmp"]);
  const parents = (dest: string) => {
    const dir = path.posix.dirname(dest);
    if (made.has(dir)) return;
    parents(dir);
    made.add(dir);
    args.push("--perms", "0755", "--dir", dir);
  };
  for (const bind of sandbox.binds) {
    parents(bind.dest);
    made.add(bind.dest);
    args.push(bind.writable ? "--bind" : "--ro-bind", bind.source, bind.dest);
  }
  for (const file of files) {
    parents(file.dest);
    // Root owns files bwrap creates: the app user reads them through the mode. They live in a
    // tmpfs of this sandbox's own mount namespace, which no other tenant can reach.
    args.push(
      "--perms",
      (file.mode ?? 0o444).toString(8),
      "--ro-bind-data",
      String(3 + inputs.length),
      file.dest,
    );
    inputs.push(file.content);
  }
  args.push("--chdir", options.cwd, "--");
  const { uid, gid } = sandbox.user;
  const limits = options.rlimits
    ? [
        "/usr/bin/prlimit",
        `--as=${options.rlimits.memoryMb * 1024 * 1024}`,
        `--nproc=${options.rlimits.pids}`,
        "--",
      ]
    : [];
  const inside = [
    "/usr/bin/setpriv",
    `--reuid=${uid}`,
    `--regid=${gid}`,
    "--clear-groups",
    "--no-new-privs",
    "--inh-caps=-all",
    "--bounding-set=-all",
    "--",
    ...limits,
    // Undo the ignored SIGTERM of the outer side: the tenant's processes get default signals.
    "/usr/bin/env",
    "--default-signal",
    "/bin/sh",
    "-c",
    LAUNCH,
    "thirty-launch",
    ...options.argv,
  ];
  return {
    argv: [
      "/bin/sh",
      "-c",
      JOIN_CGROUPS,
      "thirty-sandbox",
      ...options.cgroupProcs,
      "--",
      "/usr/bin/bwrap",
      ...args,
      ...inside,
    ],
    inputs,
  };
}
