// A platform process that starts one instance with the local driver and is then killed with
// SIGKILL by the test (local-driver-contract.test.ts): what it leaves running is real.
import { allowServerOnlyImports } from "../../server/platform/allow-server-only";

async function main(): Promise<void> {
  allowServerOnlyImports();
  const { LocalDriver } = await import("../../server/runtime/local/local-driver");
  const driver = new LocalDriver({ onLine: () => undefined });
  await driver.startInstance(JSON.parse(process.argv[2] ?? "{}"));
  console.log("started");
  // Stays up until killed: nothing it started is ever stopped by it.
  setInterval(() => undefined, 60_000);
}

void main();
