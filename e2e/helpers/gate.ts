import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A gate the test holds a deployed app's code at, instead of sleeping: a hook or a request
 * of the app asks it whether it may go on, and the test opens it when it has seen what it
 * wanted to see in that state. Apps reach it on the loopback (their sandbox shares the
 * machine's network).
 */
export type Gate = {
  url: string;
  /** Lets everything waiting at the gate go on. */
  open: () => void;
  /** How many of the app's requests said they are being held (HELD_ENDPOINT_PY). */
  held: () => number;
  close: () => Promise<void>;
};

export async function startGate(): Promise<Gate> {
  let opened = false;
  let held = 0;
  const server = http.createServer((request, response) => {
    if (request.url === "/pass") {
      // 423 Locked until the test opens it; the hook asks again.
      response.writeHead(opened ? 200 : 423).end();
      return;
    }
    if (request.url === "/held") {
      held++;
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    open: () => {
      opened = true;
    },
    held: () => held,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A `postinstall` hook that waits at the gate: the deploy stays in its Postinstall stage,
 * before the switch, until the test opens it. Bounded, so a test that never opens it does
 * not leave a deploy waiting for good.
 */
export function gatedHook(gate: Gate): string {
  return `#!/usr/bin/env python3
import sys, time, urllib.request

print("waiting at the gate", flush=True)
for _ in range(1500):
    try:
        with urllib.request.urlopen(${JSON.stringify(`${gate.url}/pass`)}, timeout=5):
            print("through the gate", flush=True)
            sys.exit(0)
    except Exception:
        time.sleep(0.2)
print("the gate never opened", flush=True)
sys.exit(1)
`;
}

/**
 * A WSGI app answering `body`, whose /hold request tells the gate it arrived and then stays
 * in flight (until its instance is stopped): a request the router must drain at a switch.
 */
export function appWithHeldRequests(gate: Gate, body: string): string {
  return `import time, urllib.request


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/hold":
        urllib.request.urlopen(${JSON.stringify(`${gate.url}/held`)}, timeout=5).close()
        time.sleep(60)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [${JSON.stringify(body)}.encode()]
`;
}
