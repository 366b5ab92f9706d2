import "server-only";
import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Bind } from "../driver";

/**
 * What an instance sees (spec/platform.md, the original platform's layout): its home at /app
 * with conf/, the release checkout at /app/current, the virtualenv at /app/env, static files
 * at /app/static, the shared media at /app/media, and its socket directory at /app/run.
 */
export const APP_LAYOUT = {
  home: "/app",
  current: "/app/current",
  virtualenv: "/app/env",
  static: "/app/static",
  media: "/app/media",
  run: "/app/run",
} as const;

/** PROJECT_ROOT inside the sandbox for thirty.ini's `root` (relative, never escaping). */
export function sandboxProjectRoot(root: string): string {
  return path.posix.join(APP_LAYOUT.current, root);
}

/**
 * The host directory to bind at /app/static: the project's static dir, followed through a
 * link only when it stays inside the checkout (root binds it: a link to /etc must not work).
 */
export async function confinedStaticDir(checkout: string, staticDir: string): Promise<string | null> {
  const [base, target] = await Promise.all([realpath(checkout), realpath(staticDir).catch(() => null)]);
  if (!target || !target.startsWith(`${base}${path.sep}`)) return null;
  return target;
}

/** Binds for an instance (and for hooks, cron jobs and commands in its context). */
export function instanceBinds(options: {
  home: string;
  checkout: string;
  staticDir: string | null;
  virtualenv: string | null;
  mediaDir: string;
  socketsDir: string;
}): Bind[] {
  return [
    { source: options.home, dest: APP_LAYOUT.home, writable: true },
    // The checkout is read-only for the app: it must stay what was built and checked.
    { source: options.checkout, dest: APP_LAYOUT.current },
    ...(options.virtualenv ? [{ source: options.virtualenv, dest: APP_LAYOUT.virtualenv }] : []),
    // collectstatic writes here (STATIC_ROOT): the one writable place inside the release.
    ...(options.staticDir ? [{ source: options.staticDir, dest: APP_LAYOUT.static, writable: true }] : []),
    { source: options.mediaDir, dest: APP_LAYOUT.media, writable: true },
    { source: options.socketsDir, dest: APP_LAYOUT.run, writable: true },
  ];
}
