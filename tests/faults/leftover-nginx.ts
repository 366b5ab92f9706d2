import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * A platform process killed with SIGKILL leaves its nginx running (the next platform on the
 * same data dir takes it over; a test that removes the data dir must stop it itself).
 */
export function stopLeftoverNginx(dataDir: string): void {
  let pid = 0;
  try {
    pid = Number(readFileSync(path.join(dataDir, "router", "nginx.pid"), "utf8").trim());
    if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dataDir)) return;
  } catch {
    return;
  }
  try {
    process.kill(pid, "SIGQUIT");
  } catch {
    // Gone meanwhile.
  }
}
