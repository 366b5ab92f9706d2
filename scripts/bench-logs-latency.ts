import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import http from "node:http";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { commitAll } from "./bench/git-commit";
import { chromium } from "@playwright/test";

/**
 * npm run bench:logs (second part) — latency from a line printed by an app process to the line
 * rendered in the browser's log panel: the whole platform (npm start on a fresh data dir),
 * Debian's chromium, 1,000 lines 10 ms apart, each carrying the time it was printed.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PORT = 3400;
const ROUTER_PORT = 8480;
const LINES = 1000;
const LAUNCHER_FLAGS = ["--max-semi-space-size=1", "--max-old-space-size=256"];
const BURST = Number(process.env.BENCH_BURST ?? 100_000);

/** RSS now and at its highest (VmRSS, VmHWM) of the launcher's next-server child. */
function nextServerMemory(launcherPid: number): string {
  const children = readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, "utf8").split(" ");
  for (const child of children.filter(Boolean)) {
    if (!readFileSync(`/proc/${child}/cmdline`, "utf8").includes("next-server")) continue;
    const status = readFileSync(`/proc/${child}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return `RSS ${Math.round(kb("VmRSS") / 1024)} MB, peak ${Math.round(kb("VmHWM") / 1024)} MB`;
  }
  return "next-server not found";
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function api(method: string, urlPath: string, body?: unknown, auth?: string) {
  const response = await fetch(`http://127.0.0.1:${PORT}/0.9/${urlPath}`, {
    method,
    headers: { "Content-Type": "application/json", ...(auth ? { Authorization: `Basic ${auth}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response;
}

/** Asks the app (through the router) to drop the file the ticker waits for. */
async function trigger(name: string): Promise<void> {
  // node:http, not fetch: fetch does not send a Host header of its own choosing.
  const status = await new Promise<number>((resolve, reject) => {
    http
      .get(
        { host: "127.0.0.1", port: ROUTER_PORT, path: `/${name}`, headers: { Host: "lat-bench.localhost" } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      )
      .on("error", reject);
  });
  if (status !== 200) throw new Error(`the app did not take the trigger: ${status}`);
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "thirty-bench-latency-"));
  // The embedded PostgreSQL runs as its own user and must reach the data dir inside.
  chmodSync(scratch, 0o755);
  const repo = path.join(scratch, "repo");
  execFileSync("mkdir", ["-p", repo]);
  writeFileSync(
    path.join(repo, "app.py"),
    // The bench reaches the ticker through the app: the sandbox shows the instance nothing of
    // the host but its own directories, and MEDIA_ROOT is shared by its processes.
    'import os\ndef application(e, s):\n    name = e["PATH_INFO"].strip("/")\n    if name in ("go", "go2"):\n        open(os.path.join(os.environ["MEDIA_ROOT"], name), "w").close()\n    s("200 OK", [])\n    return [b"ok"]\n',
  );
  writeFileSync(
    path.join(repo, "ticker.py"),
    `import os, time\ngo = os.path.join(os.environ["MEDIA_ROOT"], "go")\nprint("ticker ready", flush=True)\nwhile not os.path.exists(go):\n    time.sleep(0.05)\nfor i in range(${LINES}):\n    print("T=%d %d" % (time.time() * 1000, i), flush=True)\n    time.sleep(0.01)\nwhile not os.path.exists(go + "2"):\n    time.sleep(0.05)\nfor i in range(${BURST}):\n    print("burst line %d" % i)\nprint("burst done", flush=True)\ntime.sleep(3600)\n`,
  );
  writeFileSync(
    path.join(repo, "thirty.ini"),
    "[wsgi]\nentrypoint = app:application\n\n[app:processes]\nticker = python3 -u ticker.py\n",
  );
  commitAll(repo, "ticker");

  // The platform as npm start runs it: the compiled launcher, with the heap flags of package.json.
  const platform = spawn(process.execPath, [...LAUNCHER_FLAGS, path.join(ROOT, "scripts/launch.mjs")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(PORT),
      ROUTER_PORT: String(ROUTER_PORT),
      THIRTY_DATA_DIR: path.join(scratch, "data"),
      THIRTY_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      THIRTY_AUTH_RATE_LIMIT: "off",
      // The app's repository is a local one: the platform accepts those only from here.
      THIRTY_LOCAL_REPOSITORIES: scratch,
      DATABASE_URL: "",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    platform.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("thirtyloops is serving")) resolve();
    });
    platform.on("exit", (code) => reject(new Error(`the platform exited (${code})`)));
  });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    const auth = Buffer.from("bench:bench-password-1").toString("base64");
    await api("POST", "signup", {
      account: "bench",
      username: "bench",
      email: "bench@example.org",
      password: "bench-password-1",
    });
    const created = await api(
      "POST",
      "bench/apps",
      { name: "lat", repository: { name: "lat", location: repo } },
      auth,
    );
    if (!created.ok) throw new Error(`creating the app failed: ${await created.text()}`);
    const queued = await api("POST", "bench/apps/lat", { action: "deploy" }, auth);
    if (!queued.ok) throw new Error(`queueing the deploy failed: ${await queued.text()}`);
    const logbook = (queued.headers.get("Location") ?? "").replace(`http://127.0.0.1:${PORT}/0.9/`, "");
    for (let i = 0; i < 600; i++) {
      const body = (await (await api("GET", logbook, undefined, auth)).json()) as { status: string };
      if (body.status === "finished") break;
      if (body.status === "error") throw new Error("the deploy failed");
      await new Promise((r) => setTimeout(r, 200));
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`http://127.0.0.1:${PORT}/login`);
    await page.getByLabel("Username").fill("bench");
    await page.getByLabel("Password", { exact: true }).fill("bench-password-1");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/apps$/);
    await page.goto(`http://127.0.0.1:${PORT}/apps/lat/logs`);
    await page.getByRole("checkbox", { name: "ticker" }).check({ timeout: 30_000 });
    await page.getByRole("checkbox", { name: "nginx" }).uncheck();
    await page.getByRole("checkbox", { name: "gunicorn" }).uncheck();
    await page
      .getByRole("log", { name: "Process logs" })
      .getByText("ticker ready")
      .waitFor({ timeout: 30_000 });
    // Strings, not functions: tsx's transform would add helpers the page does not have.
    await page.evaluate(`(() => {
      const seen = new Map();
      window.latencies = seen;
      const rows = document.querySelector(".xterm-rows");
      if (!rows) throw new Error("no terminal rows");
      const scan = () => {
        const now = Date.now();
        for (const row of rows.children) {
          const match = /T=(\\d+) (\\d+)/.exec(row.textContent || "");
          if (match && !seen.has(Number(match[2]))) seen.set(Number(match[2]), now - Number(match[1]));
        }
      };
      new MutationObserver(scan).observe(rows, { childList: true, subtree: true, characterData: true });
    })()`);
    await trigger("go");
    const latencies = await page.waitForFunction(
      `window.latencies.size >= ${LINES} ? [...window.latencies.values()] : false`,
      undefined,
      { timeout: 120_000, polling: 500 },
    );
    const values = (await latencies.jsonValue()) as number[];
    console.log(`line printed → rendered in the browser's panel, ${values.length} lines 10 ms apart:`);
    console.log(
      `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${Math.max(...values)} ms`,
    );

    // A burst of 100,000 lines: how long the page's main thread is ever blocked meanwhile.
    await page.evaluate(`(() => {
      window.frameGaps = [];
      let last = performance.now();
      const tick = (now) => {
        window.frameGaps.push(now - last);
        last = now;
        if (!window.stopFrames) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    // A control: the same measure on the idle page, for the share of long frames that is the
    // machine's (other processes taking the CPU) rather than the panel's.
    await new Promise((r) => setTimeout(r, 5000));
    const idleGaps = (await page.evaluate(
      `(() => { const gaps = window.frameGaps; window.frameGaps = []; return gaps; })()`,
    )) as number[];
    console.log(
      `idle page, 5 s: longest frame ${Math.round(Math.max(...idleGaps))} ms, p95 ${Math.round(percentile(idleGaps, 95))} ms`,
    );
    const burstStart = Date.now();
    await trigger("go2");
    await page
      .getByRole("log", { name: "Process logs" })
      .getByText("burst done")
      .waitFor({ timeout: 180_000 });
    const burstMs = Date.now() - burstStart;
    const gaps = (await page.evaluate(
      `(() => { window.stopFrames = true; return window.frameGaps; })()`,
    )) as number[];
    const counted = await page.getByText(/^Live · \d+ lines$/).textContent();
    const web = nextServerMemory(platform.pid ?? 0);
    console.log(
      `${BURST.toLocaleString("en")} lines in a burst: all shown after ${(burstMs / 1000).toFixed(1)} s (${counted}); ` +
        `longest frame ${Math.round(Math.max(...gaps))} ms, p95 frame ${Math.round(percentile(gaps, 95))} ms, ` +
        `${gaps.filter((gap) => gap > 100).length} of ${gaps.length} frames over 100 ms (load average ${os.loadavg()[0]?.toFixed(1)})`,
    );
    console.log(`web process (next-server) while the burst was followed: ${web}`);
  } finally {
    await browser.close();
    platform.kill("SIGTERM");
    await new Promise((r) => platform.once("exit", r));
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
