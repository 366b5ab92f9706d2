/**
 * What a `t30-*` user's comment (GECOS) field says about it: which app or connection test it
 * was made for, and which runtimes use it (each by its id and data dir). Several platforms,
 * test runs and data dirs may share one machine's /etc/passwd: only a runtime named here may
 * decide the user is no longer needed, and only for itself (server/runtime/sandbox/stale-app-users.ts).
 *
 * The comment reads `thirtyloops app=<id> owner=<runtime id>@<data dir> …`, the data dir
 * percent-encoded so it holds no space, colon or comma.
 */

export type AppUserSubject = { kind: "app" | "probe"; id: string };
export type AppUserOwner = { runtimeId: string; dataDir: string };
export type AppUserMarker = { subject: AppUserSubject; owners: AppUserOwner[] };

const PREFIX = "thirtyloops";
const PROBE = "probe-";
const ID = /^[A-Za-z0-9-]{1,64}$/;
const RUNTIME_ID = /^[0-9a-f-]{36}$/;

/** The subject behind the id a sandbox is prepared for (`probe-<test id>` for a connection test). */
export function subjectOf(sandboxId: string): AppUserSubject {
  return sandboxId.startsWith(PROBE)
    ? { kind: "probe", id: sandboxId.slice(PROBE.length) }
    : { kind: "app", id: sandboxId };
}

/** The sandbox id of a connection test's own short-lived user. */
export function probeSandboxId(connectionTestId: string): string {
  return `${PROBE}${connectionTestId}`;
}

function encodeDir(dir: string): string {
  return encodeURIComponent(dir).replace(/%2F/g, "/");
}

export function formatMarker(marker: AppUserMarker): string {
  const owners = marker.owners.map((o) => `owner=${o.runtimeId}@${encodeDir(o.dataDir)}`);
  return [PREFIX, `${marker.subject.kind}=${marker.subject.id}`, ...owners].join(" ");
}

/** The marker in a comment field; null for anything else (a user this code did not mark). */
export function parseMarker(comment: string): AppUserMarker | null {
  const [prefix, subjectToken, ...ownerTokens] = comment.trim().split(/\s+/);
  if (prefix !== PREFIX || !subjectToken) return null;
  const subject = /^(app|probe)=(.+)$/.exec(subjectToken);
  if (!subject?.[1] || !subject[2] || !ID.test(subject[2])) return null;
  const owners: AppUserOwner[] = [];
  for (const token of ownerTokens) {
    const owner = /^owner=([^@]+)@(.+)$/.exec(token);
    if (!owner?.[1] || !owner[2] || !RUNTIME_ID.test(owner[1])) return null;
    let dataDir: string;
    try {
      dataDir = decodeURIComponent(owner[2]);
    } catch {
      return null;
    }
    if (!dataDir.startsWith("/")) return null;
    owners.push({ runtimeId: owner[1], dataDir });
  }
  if (owners.length === 0) return null;
  return { subject: { kind: subject[1] as AppUserSubject["kind"], id: subject[2] }, owners };
}

/**
 * The comment a user should carry once `owner` uses it for `subject`: the current marker with
 * the owner added. A comment without a marker (a user made before markers) is claimed.
 */
export function claimMarker(current: string, subject: AppUserSubject, owner: AppUserOwner): string {
  const marker = parseMarker(current);
  const owners =
    marker && marker.subject.kind === subject.kind && marker.subject.id === subject.id ? marker.owners : [];
  if (owners.some((o) => o.runtimeId === owner.runtimeId && o.dataDir === owner.dataDir)) return current;
  return formatMarker({ subject, owners: [...owners, owner] });
}
