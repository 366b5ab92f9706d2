import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { allowServerOnlyImports } from "../server/platform/allow-server-only";

/**
 * npm run bench:router — requests/s and latency, side by side in one run, with wrk:
 * straight to the upstream, through the platform's nginx router (its generated configuration,
 * access lines followed from its buffered log file), and through a plain hand-written nginx on the same
 * machine. First a Node keep-alive upstream, then a real gunicorn app (2 sync workers, which
 * close every connection), reached by the proxies on a unix socket.
 */

const HOST = "bench-acme.localhost";
const DURATION = process.env.BENCH_DURATION ?? "10s";
const CONNECTIONS = process.env.BENCH_CONNECTIONS ?? "50";
const NGINX = process.env.THIRTY_NGINX ?? "/usr/sbin/nginx";
const PYTHON = "/usr/bin/python3";

const WSGI_APP = `def application(environ, start_response):
    body = b"hello from gunicorn\\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (up) return;
    await sleep(100);
  }
  throw new Error(`${what} did not start`);
}

async function startReferenceNginx(dir: string, port: number, upstream: string): Promise<ChildProcess> {
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes auto;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log combined;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  upstream app { server ${upstream}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`,
  );
  const child = spawn(NGINX, ["-p", dir, "-c", conf, "-e", path.join(dir, "error.log")], {
    stdio: "inherit",
  });
  await waitForPort(port, "reference nginx");
  return child;
}

type Result = { name: string; rps: number; p50: number; p99: number };

function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(value);
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] === "us" ? n / 1000 : match[2] === "s" ? n * 1000 : n;
}

function runWrk(args: string[]): Promise<string> {
  // Asynchronous, so this process keeps following the access log while wrk runs.
  return new Promise((resolve) => {
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.on("exit", () => resolve(out));
  });
}

async function wrk(name: string, port: number): Promise<Result> {
  const target = ["-H", `Host: ${HOST}`, `http://127.0.0.1:${port}/`];
  await runWrk(["-t2", `-c${CONNECTIONS}`, "-d2s", ...target]);
  const out = await runWrk(["-t2", `-c${CONNECTIONS}`, `-d${DURATION}`, "--latency", ...target]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? "");
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? "");
  for (const problem of out.match(/Non-2xx or 3xx responses: \d+|Socket errors: .*/g) ?? [])
    console.log(`  ${name}: ${problem}`);
  return { name, rps, p50, p99 };
}

function report(title: string, results: [Result, Result, Result]): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\n${title}`);
  console.log(`  ${pad("target", 26)}${pad("requests/s", 14)}${pad("p50 ms", 10)}p99 ms`);
  for (const r of results)
    console.log(
      `  ${pad(r.name, 26)}${pad(r.rps.toFixed(0), 14)}${pad(r.p50.toFixed(2), 10)}${r.p99.toFixed(2)}`,
    );
  const [direct, router, nginx] = results;
  console.log(
    `  router / nginx requests/s: ${((router.rps / nginx.rps) * 100).toFixed(0)} %` +
      `; p99 added over direct by the router: ${(router.p99 - direct.p99).toFixed(2)} ms` +
      `, by plain nginx: ${(nginx.p99 - direct.p99).toFixed(2)} ms`,
  );
}

async function main(): Promise<void> {
  allowServerOnlyImports();
  const { startNginxRouter } = await import("../server/router/nginx/nginx-router");
  const { InMemoryRouteTable } = await import("../server/router/route-table");
  const dir = mkdtempSync(path.join(os.tmpdir(), "thirty-bench-router-"));
  // The router's workers may run as another user: they pass through to the socket.
  chmodSync(dir, 0o711);
  const children: ChildProcess[] = [];
  const table = new InMemoryRouteTable();
  let lines = 0;
  const router = await startNginxRouter({
    port: await freePort(),
    host: "127.0.0.1",
    prefix: path.join(dir, "router"),
    table,
    onAccessLog: () => void lines++,
  });
  try {
    console.log(`wrk -t2 -c${CONNECTIONS} -d${DURATION} on ${os.cpus().length} CPUs`);

    const nodePort = await freePort();
    const node = spawn(
      process.execPath,
      [path.join(import.meta.dirname, "bench/upstream-server.mjs"), String(nodePort)],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    children.push(node);
    await waitForPort(nodePort, "the Node upstream");
    table.setRoute([HOST], {
      appId: "bench",
      kind: "proxy",
      upstreams: [{ instanceId: "node", host: "127.0.0.1", port: nodePort }],
    });
    await router.settle();
    const nodeNginxPort = await freePort();
    children.push(
      await startReferenceNginx(path.join(dir, "ref-node"), nodeNginxPort, `127.0.0.1:${nodePort}`),
    );
    report("Node keep-alive upstream", [
      await wrk("direct to upstream", nodePort),
      await wrk("thirtyloops nginx router", router.port),
      await wrk("plain nginx", nodeNginxPort),
    ]);

    const appDir = path.join(dir, "wsgi");
    mkdirSync(appDir);
    writeFileSync(path.join(appDir, "app.py"), WSGI_APP);
    const socket = path.join(appDir, "gunicorn.sock");
    const gunicornPort = await freePort();
    const gunicorn = spawn(
      PYTHON,
      [
        "-m",
        "gunicorn",
        "-w",
        "2",
        "-b",
        `127.0.0.1:${gunicornPort}`,
        "-b",
        `unix:${socket}`,
        "--chdir",
        appDir,
        "app:application",
      ],
      { stdio: ["ignore", "ignore", "ignore"] },
    );
    children.push(gunicorn);
    await waitForPort(gunicornPort, "gunicorn");
    for (let i = 0; i < 50 && !existsSync(socket); i++) await sleep(100);
    chmodSync(appDir, 0o711);
    chmodSync(socket, 0o777);
    table.setRoute([HOST], {
      appId: "bench",
      kind: "proxy",
      upstreams: [{ instanceId: "gunicorn", host: "127.0.0.1", port: null, socket }],
    });
    await router.settle();
    const gunicornNginxPort = await freePort();
    children.push(
      await startReferenceNginx(path.join(dir, "ref-gunicorn"), gunicornNginxPort, `unix:${socket}`),
    );
    report("gunicorn, 2 sync workers (proxies on its unix socket, direct on TCP)", [
      await wrk("direct to gunicorn", gunicornPort),
      await wrk("thirtyloops nginx router", router.port),
      await wrk("plain nginx", gunicornNginxPort),
    ]);
    await sleep(500);
    console.log(`\n${lines} access lines reached the platform.`);
  } finally {
    await router.close();
    for (const child of children) child.kill("SIGTERM");
  }
}

void main();
