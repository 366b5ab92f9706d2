import type { RouteEntry, Upstream } from "../route-table";
import { isSafeAppId, isSafeHost, isSafePath, isSafePort, isSafeSize } from "./config-values";

export type NginxConfigInput = {
  /** nginx's prefix: configuration, pid, error log and temp dirs all live here. */
  prefix: string;
  listen: { host?: string; port: number };
  workerProcesses: number | "auto";
  /** Workers' user and group when the platform runs as root; absent otherwise. */
  user?: { name: string; group: string };
  /** Holds 404.html, 502.html and 503.html. */
  errorPagesDir: string;
  mimeTypesFile?: string;
  /** client_max_body_size, e.g. "100m". */
  maxBodySize: string;
  /** The access log file the platform follows, and the token its lines start with. */
  accessLog: { file: string; token: string };
  /** Directories already resolved to their real paths (disable_symlinks checks every component). */
  routes: RouteEntry[];
};

export type RenderedConfig = { text: string; problems: string[] };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const ACCOUNT = /^[a-z_][a-z0-9_-]{0,31}$/;
const TOKEN = /^[A-Za-z0-9]{16,128}$/;

function upstreamAddress(upstream: Upstream): string | null {
  if (upstream.socket) return isSafePath(upstream.socket) ? `unix:${upstream.socket}` : null;
  return IPV4.test(upstream.host) && isSafePort(upstream.port) ? `${upstream.host}:${upstream.port}` : null;
}

// The router answers 404/502/503 itself with the platform's pages. They are reached by URI,
// not by named location: only then does nginx turn a POST into a GET for the page (a named
// location would answer a failed POST with 405). An app's own URLs under this prefix are not
// served; the prefix is meant to collide with nothing.
const ERRORS = "/.thirty-router-errors/";

function errorPages(dir: string): string[] {
  return [
    `error_page 404 ${ERRORS}404.html;`,
    `error_page 502 504 ${ERRORS}502.html;`,
    `error_page 503 ${ERRORS}503.html;`,
    ...block(`location ^~ ${ERRORS}`, ["internal;", `alias ${dir}/;`, "charset utf-8;"]),
  ];
}

// A symlink anywhere on the way is refused (403 from nginx); answered like a missing file so
// nobody learns what exists outside. Directories without index.html are answered the same.
function filesLocation(location: string, directive: string): string[] {
  return [
    `location ${location} {`,
    `  ${directive}`,
    "  disable_symlinks on;",
    "  index index.html;",
    "  log_not_found off;",
    `  error_page 403 404 =404 ${ERRORS}404.html;`,
    "}",
  ];
}

function block(head: string, lines: string[], indent = "  "): string[] {
  return [`${head} {`, ...lines.map((line) => `${indent}${line}`), "}"];
}

/**
 * The whole nginx.conf for a route table: one server block per app (its hosts), one upstream
 * per proxied app with instances, a default server answering 404. Anything unsafe is left out
 * and reported in `problems`; the rest of the table still renders.
 */
export function renderNginxConfig(input: NginxConfigInput): RenderedConfig {
  const problems: string[] = [];
  const { prefix } = input;
  for (const [what, value] of [
    ["prefix", prefix],
    ["error pages dir", input.errorPagesDir],
    ["access log", input.accessLog.file],
    ...(input.mimeTypesFile ? [["mime types file", input.mimeTypesFile]] : []),
  ] as const) {
    if (!isSafePath(value)) throw new Error(`The router's ${what} ${JSON.stringify(value)} cannot be used.`);
  }
  if (input.listen.host !== undefined && !IPV4.test(input.listen.host))
    throw new Error(`The router cannot listen on ${JSON.stringify(input.listen.host)}.`);
  if (!isSafePort(input.listen.port))
    throw new Error("The router's port must be an integer between 1 and 65535.");
  if (!isSafeSize(input.maxBodySize)) throw new Error(`Bad body size ${JSON.stringify(input.maxBodySize)}.`);
  if (!TOKEN.test(input.accessLog.token)) throw new Error("The access log token must be alphanumeric.");
  if (input.user && !(ACCOUNT.test(input.user.name) && ACCOUNT.test(input.user.group)))
    throw new Error("Bad user or group for the router's workers.");
  const workers = input.workerProcesses;
  if (workers !== "auto" && !(Number.isInteger(workers) && workers > 0 && workers < 1000))
    throw new Error("Bad worker_processes.");
  const listen = input.listen.host ? `${input.listen.host}:${input.listen.port}` : String(input.listen.port);

  const appMap: string[] = [];
  const upstreams: string[] = [];
  const servers: string[] = [];
  const claimed = new Set<string>();
  for (const { hosts, route } of input.routes) {
    if (!isSafeAppId(route.appId)) {
      problems.push(
        `App id ${JSON.stringify(route.appId)} is not safe in the router's configuration: skipped.`,
      );
      continue;
    }
    const names: string[] = [];
    for (const host of hosts) {
      if (!isSafeHost(host)) problems.push(`App ${route.appId}: host ${JSON.stringify(host)} refused.`);
      else if (claimed.has(host)) problems.push(`App ${route.appId}: host ${host} already served.`);
      else names.push(host);
    }
    if (names.length === 0) {
      problems.push(`App ${route.appId} has no usable host name: not routed.`);
      continue;
    }
    const locations: string[] = [];
    const dir = (label: string, value: string | undefined): string | null => {
      if (value === undefined) return null;
      if (isSafePath(value)) return value.replace(/\/+$/, "");
      problems.push(`App ${route.appId}: ${label} ${JSON.stringify(value)} refused.`);
      return null;
    };
    const media = dir("media dir", route.mediaDir);
    if (media !== null) locations.push(...filesLocation("/media/", `alias ${media}/;`));
    if (route.kind === "static") {
      const root = dir("root dir", route.rootDir);
      if (root === null) continue;
      locations.push(...filesLocation("/", `root ${root};`));
    } else {
      const staticDir = dir("static dir", route.staticDir);
      if (staticDir !== null) locations.push(...filesLocation("/static/", `alias ${staticDir}/;`));
      const servers_: string[] = [];
      for (const upstream of route.upstreams) {
        const address = upstreamAddress(upstream);
        if (address) servers_.push(`server ${address} max_fails=1 fail_timeout=2s;`);
        else
          problems.push(
            `App ${route.appId}: instance ${JSON.stringify(upstream.instanceId)} has no safe address.`,
          );
      }
      if (servers_.length) {
        // Idle connections are closed before the instance would close them (gunicorn's gthread
        // keep-alive is 2 s): a request never lands on a connection the instance is closing.
        // The zone shares round-robin position and failure marks between workers.
        upstreams.push(
          ...block(`upstream thirty_${route.appId}`, [
            `zone thirty_${route.appId} 64k;`,
            ...servers_,
            "keepalive 32;",
            "keepalive_timeout 1s;",
          ]),
        );
        locations.push(...block("location /", [`proxy_pass http://thirty_${route.appId};`]));
      } else {
        locations.push(...block("location /", ["return 503;"]));
      }
    }
    for (const name of names) {
      claimed.add(name);
      appMap.push(`${name} ${route.appId};`);
    }
    servers.push(
      ...block("server", [
        `listen ${listen};`,
        `server_name ${names.join(" ")};`,
        ...errorPages(input.errorPagesDir),
        ...locations,
      ]),
    );
  }

  const temp = (name: string) => `${name}_temp_path ${prefix}/temp/${name};`;
  const combined =
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
  const http = [
    ...(input.mimeTypesFile ? [`include ${input.mimeTypesFile};`] : []),
    "default_type application/octet-stream;",
    "server_tokens off;",
    "absolute_redirect off;",
    "sendfile on;",
    "tcp_nopush on;",
    "keepalive_timeout 65s;",
    "client_header_timeout 30s;",
    "client_body_timeout 60s;",
    "send_timeout 60s;",
    `client_max_body_size ${input.maxBodySize};`,
    "large_client_header_buffers 4 8k;",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp),
    // The platform keeps only lines starting with this start's token; the app id, status and
    // timings lead, and the rest is the plain "combined" line the logs view shows. Written in
    // buffered blocks: a write (or a datagram) per request cost most of the router's throughput.
    `log_format thirty_access '${input.accessLog.token} $thirty_app $status $request_time "$upstream_response_time" ${combined}';`,
    `access_log ${input.accessLog.file} thirty_access buffer=64k flush=250ms;`,
    // A map (not `set` in each server) so that even requests refused before routing (400) log.
    ...block("map $host $thirty_app", ["default -;", ...appMap]),
    "proxy_http_version 1.1;",
    'proxy_set_header Connection "";',
    "proxy_set_header Host $host;",
    "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "proxy_set_header X-Forwarded-Proto $scheme;",
    "proxy_set_header X-Forwarded-Host $http_host;",
    // Only errors before an answer started; nginx itself never passes a POST/PATCH/LOCK that
    // was sent to another instance (no `non_idempotent`).
    "proxy_next_upstream error timeout;",
    "proxy_connect_timeout 5s;",
    "proxy_send_timeout 300s;",
    "proxy_read_timeout 300s;",
    ...upstreams,
    ...block("server", [
      `listen ${listen} default_server;`,
      "server_name _;",
      ...errorPages(input.errorPagesDir),
      ...block("location /", ["return 404;"]),
    ]),
    ...servers,
  ];
  const text = [
    "# Written by thirtyloops from its route table; rewritten on every change.",
    "daemon off;",
    "master_process on;",
    `worker_processes ${workers};`,
    ...(input.user ? [`user ${input.user.name} ${input.user.group};`] : []),
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log warn;`,
    // Old workers finish their requests after a reload, but not forever.
    "worker_shutdown_timeout 30s;",
    "worker_rlimit_nofile 8192;",
    ...block("events", ["worker_connections 4096;"]),
    ...block("http", http),
    "",
  ].join("\n");
  return { text, problems };
}
