import { spawn } from "node:child_process";

/**
 * Runs a TypeScript script as a platform process of its own until it prints a line matching
 * `ready`, then kills it with SIGKILL: what it started and left running is real, the way a
 * crash leaves it. Resolves with the match.
 */
export async function runThenKill(script: string, args: string[], ready: RegExp): Promise<RegExpMatchArray> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) resolve(found);
    });
    child.once("exit", (code) => reject(new Error(`${script} exited early (${code}):\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  return match;
}
