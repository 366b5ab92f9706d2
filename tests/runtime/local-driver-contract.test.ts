import path from "node:path";
import type { InstanceSpec, InstanceStatus, OutputLine } from "@/server/runtime/driver";
import { LocalDriver } from "@/server/runtime/local/local-driver";
import { PortAllocator } from "@/server/runtime/local/port-allocator";
import { describeDriverContract } from "./driver-contract";
import { runThenKill } from "../support/crashed-process";

const FAST = { initialMs: 50, maxMs: 200, stableMs: 60_000, crashLimit: 3, windowMs: 60_000 };
const base = Number(process.env.THIRTY_TEST_PORT_BASE ?? 30000);
const ports = new PortAllocator(base + 4600, base + 4699);
let sockets = 0;

function localDriver() {
  const lines: OutputLine[] = [];
  const states: InstanceStatus[] = [];
  const driver = new LocalDriver({
    onLine: (line) => lines.push(line),
    onState: (state) => states.push(state),
    backoff: FAST,
  });
  return { driver, lines, states };
}

/** A platform process of its own starts the instance and is killed with SIGKILL once it has. */
async function crashedStart(spec: InstanceSpec): Promise<void> {
  await runThenKill(
    path.join(import.meta.dirname, "crashing-local-driver.ts"),
    [JSON.stringify(spec)],
    /started/,
  );
}

describeDriverContract(
  "local (loopback port)",
  localDriver,
  async () => {
    const port = await ports.allocate();
    return { spec: { port }, argv: (script) => ["/usr/bin/python3", "-u", script, String(port)] };
  },
  crashedStart,
);

describeDriverContract(
  "local (unix socket)",
  localDriver,
  async (dir) => {
    const socket = path.join(dir, `s${sockets++}.sock`);
    return { spec: { socket }, argv: (script) => ["/usr/bin/python3", "-u", script, socket] };
  },
  crashedStart,
);
