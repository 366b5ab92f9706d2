/**
 * A stand-in launcher for the orphan test: spawns the Next.js server exactly as
 * scripts/start.ts does (spawnNext) and reports its pid; the test then SIGKILLs this process.
 */
import path from "node:path";
import { spawnNext } from "../../server/platform/next-process";

const port = Number(process.env.PORT);
const next = spawnNext({
  root: path.resolve(import.meta.dirname, "../.."),
  port,
  dev: process.env.THIRTY_DEV === "1",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
process.stdout.write(`NEXT ${next.pid}\n`);
void next.exited.then(() => process.exit(0));
