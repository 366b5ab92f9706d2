import { existsSync, lstatSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { runCommand } from "./run-command";

/** What the production build is made of: a change to any of these makes it stale. */
const SOURCE_DIRS = ["app", "components", "server", "lib", "public"];
const SOURCE_FILES = [
  "next.config.js",
  "package.json",
  "package-lock.json",
  "postcss.config.mjs",
  "tsconfig.json",
  "instrumentation.ts",
  "proxy.ts",
];
const SKIPPED_DIRS = new Set(["node_modules", ".next"]);
const TEST_FILE = /\.test\.tsx?$/;

function newerFileIn(directory: string, than: number): string | undefined {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const found = newerFileIn(full, than);
      if (found) return found;
    } else if (!TEST_FILE.test(entry.name) && statSync(full).mtimeMs > than) {
      return full;
    }
  }
  return undefined;
}

/** The reason the build must be redone, or undefined when .next/BUILD_ID is current. */
export function staleBuildReason(root: string): string | undefined {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return "no build yet";
  const builtAt = statSync(buildId).mtimeMs;
  for (const file of SOURCE_FILES) {
    const full = path.join(root, file);
    if (existsSync(full) && statSync(full).mtimeMs > builtAt) return `${file} changed`;
  }
  for (const dir of SOURCE_DIRS) {
    const found = newerFileIn(path.join(root, dir), builtAt);
    if (found) return `${path.relative(root, found)} changed`;
  }
  return undefined;
}

/**
 * Turbopack refuses a node_modules that is a symlink out of the project (a git worktree that
 * shares the main checkout's packages); webpack builds the same app from it.
 */
function buildArguments(root: string): string[] {
  const modules = path.join(root, "node_modules");
  return existsSync(modules) && lstatSync(modules).isSymbolicLink() ? ["build", "--webpack"] : ["build"];
}

/** Runs `next build` when the sources changed since the last build. */
export async function ensureBuild(root: string): Promise<void> {
  const reason = staleBuildReason(root);
  if (!reason) {
    console.log("Next.js build is up to date.");
    return;
  }
  const args = buildArguments(root);
  console.log(`Building the dashboard (${reason}): next ${args.join(" ")}`);
  const started = Date.now();
  const result = await runCommand(path.join(root, "node_modules", ".bin", "next"), args, {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    echo: true,
  });
  if (result.code !== 0) throw new Error(`next build failed (exit code ${result.code}).`);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
