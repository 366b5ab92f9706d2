import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The checkout a module runs from: the nearest directory above it holding package.json.
 * The launcher runs both as source (scripts/) and compiled (dist/launcher/), at different depths.
 */
export function projectRoot(moduleUrl: string): string {
  const start = path.dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (dir === path.dirname(dir)) return path.resolve(start, "..");
  }
}
