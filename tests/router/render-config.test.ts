import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAccessLine } from "@/server/router/nginx/access-log-line";
import { renderNginxConfig, type NginxConfigInput } from "@/server/router/nginx/render-config";
import type { RouteEntry } from "@/server/router/route-table";

const TOKEN = "a1b2c3d4e5f6a7b8c9d0e1f2";

function input(routes: RouteEntry[], extra: Partial<NginxConfigInput> = {}): NginxConfigInput {
  return {
    prefix: "/srv/thirty/router",
    listen: { host: "127.0.0.1", port: 8080 },
    workerProcesses: 2,
    errorPagesDir: "/srv/thirty/router/errors",
    maxBodySize: "100m",
    accessLog: { file: "/srv/thirty/router/access.log", token: TOKEN },
    routes,
    ...extra,
  };
}

const blog: RouteEntry = {
  hosts: ["blog-acme.localhost", "www.example.com"],
  route: {
    appId: "app1",
    kind: "proxy",
    upstreams: [
      { instanceId: "i1", host: "127.0.0.1", port: 20001 },
      { instanceId: "i2", host: "127.0.0.1", port: null, socket: "/srv/thirty/apps/app1/i2/gunicorn.sock" },
    ],
    staticDir: "/srv/thirty/apps/app1/releases/3/static",
    mediaDir: "/srv/thirty/apps/app1/media",
  },
};

describe("[ROUTER] nginx configuration", () => {
  it("gives each app a server block with its hosts, an upstream of its instances, and its files", () => {
    const { text, problems } = renderNginxConfig(
      input(
        [
          blog,
          { hosts: ["site-acme.localhost"], route: { appId: "app2", kind: "static", rootDir: "/srv/site" } },
        ],
        {
          user: { name: "nobody", group: "thirty-router" },
        },
      ),
    );
    expect(problems).toEqual([]);
    expect(text).toContain("daemon off;");
    expect(text).toContain("user nobody thirty-router;");
    expect(text).toContain("pid /srv/thirty/router/nginx.pid;");
    expect(text).toContain("client_body_temp_path /srv/thirty/router/temp/client_body;");
    expect(text).toMatch(
      /upstream thirty_app1 \{[^}]*server 127\.0\.0\.1:20001 [^}]*server unix:\/srv\/thirty\/apps\/app1\/i2\/gunicorn\.sock /,
    );
    expect(text).toContain("server_name blog-acme.localhost www.example.com;");
    expect(text).toMatch(
      /location \/static\/ \{\s+alias \/srv\/thirty\/apps\/app1\/releases\/3\/static\/;\s+disable_symlinks on;/,
    );
    expect(text).toMatch(
      /location \/media\/ \{\s+alias \/srv\/thirty\/apps\/app1\/media\/;\s+disable_symlinks on;/,
    );
    expect(text).toMatch(
      /server_name site-acme\.localhost;[\s\S]*location \/ \{\s+root \/srv\/site;\s+disable_symlinks on;/,
    );
    expect(text).toContain("listen 127.0.0.1:8080 default_server;");
    expect(text).toContain("access_log /srv/thirty/router/access.log thirty_access buffer=64k flush=250ms;");
    expect(text).toContain(`log_format thirty_access '${TOKEN} $thirty_app`);
    expect(text).toContain("proxy_next_upstream error timeout;");
    expect(text).not.toContain("non_idempotent");
  });

  it("answers 503 itself for an app without a healthy instance", () => {
    const { text } = renderNginxConfig(
      input([{ hosts: ["down.localhost"], route: { appId: "a", kind: "proxy", upstreams: [] } }]),
    );
    expect(text).toMatch(/server_name down\.localhost;[\s\S]*location \/ \{\s+return 503;/);
    expect(text).not.toContain("upstream thirty_a ");
  });

  it("refuses hostile host names, paths and ids instead of writing them", () => {
    const { text, problems } = renderNginxConfig(
      input([
        {
          hosts: [
            "ok-acme.localhost",
            "evil.com; include /etc/shadow",
            "a.com\nserver_name x",
            "UPPER.com",
            "$hostile",
          ],
          route: {
            appId: "good",
            kind: "proxy",
            upstreams: [
              { instanceId: "i1", host: "127.0.0.1", port: 20001 },
              {
                instanceId: "i2",
                host: "127.0.0.1",
                port: null,
                socket: "/tmp/a b.sock;include /etc/shadow",
              },
            ],
            staticDir: "/srv/app/static\n}\nserver { listen 80; root /; }",
            mediaDir: "/srv/app/media;",
          },
        },
        { hosts: ["x.localhost"], route: { appId: "bad}id", kind: "static", rootDir: "/srv/x" } },
        { hosts: ["y.localhost"], route: { appId: "y", kind: "static", rootDir: "/srv/../etc" } },
        { hosts: ["z.localhost"], route: { appId: "z", kind: "static", rootDir: "/srv/$document_root" } },
      ]),
    );
    expect(text).toContain("server_name ok-acme.localhost;");
    for (const hostile of [
      "shadow",
      "evil",
      "server_name x",
      "UPPER",
      "$hostile",
      "a b.sock",
      "listen 80",
      "bad}id",
      "/srv/../etc",
      "$document_root",
    ])
      expect(text).not.toContain(hostile);
    expect(text).not.toContain("location /static/");
    expect(text).not.toContain("location /media/");
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("evil.com; include /etc/shadow"),
        expect.stringContaining("static dir"),
        expect.stringContaining("media dir"),
        expect.stringContaining('"i2" has no safe address'),
        expect.stringContaining("bad}id"),
      ]),
    );
    expect(problems).toHaveLength(10);
  });

  it("refuses its own settings when they are unsafe, rather than writing a broken file", () => {
    expect(() => renderNginxConfig(input([], { prefix: "/srv/my router" }))).toThrow(/prefix/);
    expect(() => renderNginxConfig(input([], { maxBodySize: "1m; include x" }))).toThrow(/body size/);
    expect(() =>
      renderNginxConfig(input([], { accessLog: { file: "/srv/thirty/router/access.log", token: "x';" } })),
    ).toThrow(/token/);
  });

  it("writes a configuration nginx -t accepts, hostile input included", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "thirty-render-"));
    try {
      mkdirSync(path.join(dir, "temp"));
      const { text } = renderNginxConfig(
        input(
          [
            blog,
            {
              hosts: ["evil.com; include /etc/shadow", "fine.localhost"],
              route: { appId: "s", kind: "static", rootDir: dir },
            },
          ],
          {
            prefix: dir,
            errorPagesDir: dir,
            mimeTypesFile: "/etc/nginx/mime.types",
            accessLog: { file: path.join(dir, "access.log"), token: TOKEN },
          },
        ),
      );
      const conf = path.join(dir, "nginx.conf");
      writeFileSync(conf, text);
      // Throws with nginx's message when the file is refused.
      execFileSync(
        "/usr/sbin/nginx",
        ["-t", "-q", "-p", dir, "-c", conf, "-e", path.join(dir, "error.log")],
        {
          stdio: "pipe",
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("[ROUTER] access lines from nginx", () => {
  const combined = '127.0.0.1 - - [27/Nov/2026:01:59:36 +0000] "GET /a?b=1 HTTP/1.1" 200 26 "-" "curl/7.88"';

  it("keeps the combined line and strips the leading fields into the entry", () => {
    expect(parseAccessLine(`${TOKEN} app1 200 0.012 "0.002, 0.009" ${combined}`, TOKEN)).toEqual({
      appId: "app1",
      status: 200,
      line: combined,
      requestTime: 0.012,
      upstreamResponseTime: 0.011,
    });
    expect(parseAccessLine(`${TOKEN} - 404 0.000 "-" ${combined}`, TOKEN)).toEqual({
      appId: null,
      status: 404,
      line: combined,
      requestTime: 0,
    });
  });

  it("drops lines without this start's token", () => {
    expect(parseAccessLine(`forged app1 200 0.001 "-" ${combined}`, TOKEN)).toBeNull();
    expect(parseAccessLine(`app1 200 0.001 "-" ${combined}`, TOKEN)).toBeNull();
    expect(parseAccessLine("garbage", TOKEN)).toBeNull();
  });
});
