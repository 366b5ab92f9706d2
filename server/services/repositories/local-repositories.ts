import type NodeFs from "node:fs";
import type NodePath from "node:path";
import type NodeUrl from "node:url";

/**
 * Local repositories (an absolute path or a file:// URL) are deployed only from under the
 * directories in THIRTY_LOCAL_REPOSITORIES (colon-separated absolute paths). Unset or
 * empty: none, so a tenant cannot deploy another tenant's cache, the data dir or the
 * platform's own source.
 *
 * This module is also loaded in the browser (the repository forms share the schema), so it
 * imports no Node module statically: on the server it reaches fs and path through
 * process.getBuiltinModule; in the browser that does not exist and the check is left to the
 * server, which always makes it (on create, update and again in the deploy's fetch step).
 */
type Node = { fs: typeof NodeFs; path: typeof NodePath; url: typeof NodeUrl };

function nodeModules(): Node | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: NodeJS.Process["getBuiltinModule"] } })
    .process;
  if (typeof proc?.getBuiltinModule !== "function") return null;
  return {
    fs: proc.getBuiltinModule("node:fs"),
    path: proc.getBuiltinModule("node:path"),
    url: proc.getBuiltinModule("node:url"),
  };
}

export function allowedLocalRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const resolve = nodeModules()?.path.resolve ?? ((p: string) => p);
  return (env.THIRTY_LOCAL_REPOSITORIES ?? "")
    .split(":")
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith("/"))
    .map((entry) => resolve(entry));
}

function isWithin(node: Node, root: string, target: string): boolean {
  const relative = node.path.relative(root, target);
  return relative === "" || (!relative.startsWith("..") && !node.path.isAbsolute(relative));
}

/**
 * The real path of `target`: symlinks resolved for the part that exists. A missing tail
 * cannot be a symlink yet, and the fetch step checks again when it is used.
 */
function realPath(node: Node, target: string): string {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      return node.path.join(node.fs.realpathSync(current), ...missing.reverse());
    } catch {
      const parent = node.path.dirname(current);
      if (parent === current) return target;
      missing.push(node.path.basename(current));
      current = parent;
    }
  }
}

/** The path a local location names, or null for a remote one. */
function localPath(node: Node, location: string): string | null {
  if (location.startsWith("/")) return location;
  if (!/^file:\/\//i.test(location)) return null;
  try {
    return node.url.fileURLToPath(location);
  } catch {
    // file://otherhost/… and malformed URLs: treated as a path nobody allowed.
    return "\0";
  }
}

/**
 * Why a local location cannot be used, or null (a remote location, an allowed local one,
 * or running in the browser). `..` is resolved and symlinks are followed: the real path
 * must lie under the real path of an allowed root.
 */
export function localLocationProblem(location: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const node = nodeModules();
  if (!node) return null;
  const target = localPath(node, location);
  if (target === null) return null;
  const refusal = `Local repositories must be inside one of the directories listed in THIRTY_LOCAL_REPOSITORIES; ${location} is not.`;
  const roots = allowedLocalRoots(env);
  if (roots.length === 0) {
    return "Local repositories are not enabled on this platform (THIRTY_LOCAL_REPOSITORIES lists the directories they may come from).";
  }
  if (target.includes("\0")) return refusal;
  const resolved = node.path.resolve(target);
  const real = realPath(node, resolved);
  const allowed = roots.some(
    (root) => isWithin(node, root, resolved) && isWithin(node, realPath(node, root), real),
  );
  return allowed ? null : refusal;
}

/**
 * For a local location that the rules accept: its path as given (resolved) and its real path,
 * so the fetch sandbox can show that one repository, read-only, and nothing else of the host.
 * Null for a remote location or one the rules refuse.
 */
export function localRepositoryBind(
  location: string,
  env: NodeJS.ProcessEnv = process.env,
): { source: string; dest: string } | null {
  const node = nodeModules();
  if (!node || localLocationProblem(location, env) !== null) return null;
  const target = localPath(node, location);
  if (target === null) return null;
  const resolved = node.path.resolve(target);
  return { source: realPath(node, resolved), dest: resolved };
}
