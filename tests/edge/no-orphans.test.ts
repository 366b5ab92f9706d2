import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { processExists as alive } from "@/server/platform/process-exists";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.THIRTY_TEST_PORT_BASE ?? 50000) + 990;
// With a production build the server runs as `npm start` runs it; without one, in dev mode.
const DEV = existsSync(path.join(ROOT, ".next", "BUILD_ID")) ? "0" : "1";

async function waitFor(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return probe();
}

describe("[EDGE] no orphans", () => {
  it("stops the Next.js server within seconds when its launcher is SIGKILLed", async () => {
    const launcher = spawn(process.execPath, ["--import", "tsx", "tests/edge/launcher-child.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(PORT),
        THIRTY_DEV: DEV,
        NODE_ENV: DEV === "1" ? "development" : "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    launcher.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    let nextPid = 0;
    try {
      const listening = await waitFor(() => /listening on/.test(output), 60_000);
      expect(listening, output).toBe(true);
      nextPid = Number(/NEXT (\d+)/.exec(output)?.[1]);
      expect(alive(nextPid)).toBe(true);
      // The server answers before the launcher dies…
      const before = await fetch(`http://127.0.0.1:${PORT}/0.9/%E0%A4%A`);
      expect(before.status).toBe(400);

      launcher.kill("SIGKILL");
      // …and is gone a few seconds after, port included.
      expect(await waitFor(() => !alive(nextPid), 8_000), output).toBe(true);
      await expect(fetch(`http://127.0.0.1:${PORT}/`)).rejects.toThrow();
    } finally {
      if (nextPid && alive(nextPid)) process.kill(nextPid, "SIGKILL");
      if (launcher.exitCode === null) launcher.kill("SIGKILL");
    }
  }, 90_000);
});
