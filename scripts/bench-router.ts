import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * npm run bench:router — requests/s and latency through the router, straight to the
 * upstream, and through nginx (Debian's) proxying the same upstream, measured with wrk.
 * Both proxies get one process/worker, keep-alive to the upstream, and write access lines.
 */

const HOST = "bench-acme.localhost";
const DURATION = process.env.BENCH_DURATION ?? "10s";
const CONNECTIONS = process.env.BENCH_CONNECTIONS ?? "50";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startReady(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("READY")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`${command} exited (${code})`)));
  });
}

async function startNginx(port: number, upstreamPort: number): Promise<ChildProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "thirty-bench-nginx-"));
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log combined;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  upstream app { server 127.0.0.1:${upstreamPort}; keepalive 64; }
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
  const child = spawn("nginx", ["-c", conf, "-p", dir], { stdio: "inherit" });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("nginx did not start");
}

type Result = { name: string; rps: number; p50: number; p99: number };

function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(value);
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] === "us" ? n / 1000 : match[2] === "s" ? n * 1000 : n;
}

function wrk(name: string, port: number): Result {
  // Warm-up, then the measured run.
  spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, "-d2s", "-H", `Host: ${HOST}`, `http://127.0.0.1:${port}/`]);
  const run = spawnSync(
    "wrk",
    [
      "-t2",
      `-c${CONNECTIONS}`,
      `-d${DURATION}`,
      "--latency",
      "-H",
      `Host: ${HOST}`,
      `http://127.0.0.1:${port}/`,
    ],
    { encoding: "utf8" },
  );
  const out = run.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? "");
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? "");
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: .*/.exec(out)?.[0];
  if (errors) console.log(`  ${name}: ${errors}`);
  return { name, rps, p50, p99 };
}

async function main(): Promise<void> {
  const [upstreamPort, routerPort, nginxPort] = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  try {
    children.push(
      await startReady(process.execPath, [
        path.join(import.meta.dirname, "bench/upstream-server.mjs"),
        String(upstreamPort),
      ]),
    );
    children.push(
      await startReady(process.execPath, [
        "--import",
        "tsx",
        path.join(import.meta.dirname, "bench/router-server.ts"),
        String(routerPort),
        String(upstreamPort),
        HOST,
      ]),
    );
    children.push(await startNginx(nginxPort, upstreamPort));
    console.log(`wrk -t2 -c${CONNECTIONS} -d${DURATION} on ${os.cpus().length} CPUs\n`);
    const results = [
      wrk("direct to upstream", upstreamPort),
      wrk("thirtyloops router", routerPort),
      wrk("nginx (1 worker)", nginxPort),
    ];
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(`${pad("target", 22)}${pad("requests/s", 14)}${pad("p50 ms", 10)}p99 ms`);
    for (const r of results)
      console.log(
        `${pad(r.name, 22)}${pad(r.rps.toFixed(0), 14)}${pad(r.p50.toFixed(2), 10)}${r.p99.toFixed(2)}`,
      );
    const [direct, router, nginx] = results as [Result, Result, Result];
    console.log(
      `\nrouter / nginx requests/s: ${((router.rps / nginx.rps) * 100).toFixed(0)} %` +
        `; p99 added by the router over direct: ${(router.p99 - direct.p99).toFixed(2)} ms` +
        `; by nginx: ${(nginx.p99 - direct.p99).toFixed(2)} ms`,
    );
  } finally {
    for (const child of children) child.kill("SIGTERM");
  }
}

void main();
