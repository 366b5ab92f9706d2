import { describe, expect, it } from "vitest";
import { editCnames, editEnvVars } from "./env-edits";
import { LogbookPrinter } from "./follow-logbook";
import {
  formatAppDetails,
  formatAppList,
  formatFields,
  formatLogbookMessage,
  formatLogMessage,
  formatValue,
} from "./format";
import { SseParser } from "./sse-parser";
import { parseTarget } from "./target";

const app = {
  label: "app",
  name: "blog",
  variant: "python",
  instances: 2,
  status: "running",
  dns_record: "blog-acme.example.org",
  cname_records: [{ record: "www.blog.org" }, { record: "blog.org" }],
  envvars: [{ name: "MODE", value: "prod", secret: false }],
  repository: { href: "http://h/0.9/acme/apps/blog/services/repository", rel: "related" },
  worker: { href: "http://h/0.9/acme/apps/blog/services/worker", rel: "related" },
  link: { href: "http://h/0.9/acme/apps/blog", rel: "self" },
};

describe("[CLI] output formatting", () => {
  it("aligns field values in one column and renders links, records and variables", () => {
    expect(
      formatFields({ name: "blog", instances: 2, cname_records: app.cname_records, link: app.link }),
    ).toEqual(["  name:          blog", "  instances:     2", "  cname_records: www.blog.org, blog.org"]);
    expect(formatValue(app.envvars)).toBe("MODE=prod");
    expect(formatValue(app.repository)).toBe(app.repository.href);
    expect(formatValue(null)).toBe("-");
    expect(formatValue([])).toBe("-");
  });

  it("lists apps in aligned columns with their services beneath", () => {
    const lines = formatAppList([
      app,
      { ...app, name: "a-much-longer-name", instances: 1, worker: undefined },
    ]);
    expect(lines).toEqual([
      "NAME                VARIANT  INSTANCES  STATUS   HOST",
      "blog                python   2          running  blog-acme.example.org",
      "    repository",
      "    worker",
      "a-much-longer-name  python   1          running  blog-acme.example.org",
      "    repository",
    ]);
    expect(formatAppList([])[0]).toMatch(/No apps yet/);
  });

  it("shows an app, then each service under its label without the link back to the app", () => {
    const lines = formatAppDetails(app, [{ label: "worker", instances: 1, app: app.link, link: app.link }]);
    expect(lines[0]).toBe("app blog");
    expect(lines.slice(-3)).toEqual(["", "worker", "  instances: 1"]);
  });

  it("prints logbook messages and log lines as time, level/program, message", () => {
    expect(formatLogbookMessage({ asctime: "2026-01-02T03:04:05Z", loglevel: 3, message: "boom" })).toBe(
      "2026-01-02T03:04:05Z ERROR     boom",
    );
    expect(
      formatLogMessage({
        timestamp: "2026-01-02T03:04:05Z",
        program: "nginx",
        severity: "Info",
        message: "GET /",
      }),
    ).toBe("2026-01-02T03:04:05Z nginx      Info    GET /");
  });
});

describe("[CLI] following", () => {
  it("prints each logbook message once, even when a late one lands before others", () => {
    const printer = new LogbookPrinter();
    const a = { asctime: "t1", loglevel: 1, message: "a" };
    const b = { asctime: "t3", loglevel: 1, message: "b" };
    const late = { asctime: "t2", loglevel: 1, message: "late" };
    expect(printer.fresh([a, b])).toEqual([a, b]);
    expect(printer.fresh([a, late, b, b])).toEqual([late, b]);
    expect(printer.fresh([a, late, b, b])).toEqual([]);
  });

  it("parses server-sent events split across chunks", () => {
    const parser = new SseParser();
    expect(parser.push("id: 7\nevent: mess")).toEqual([]);
    expect(parser.push('age\ndata: {"a":1}\n\n: ping\n\nid: 8\r\ndata: x\r\ndata: y\r\n\r\n')).toEqual([
      { id: "7", event: "message", data: '{"a":1}' },
      { id: "8", event: "message", data: "x\ny" },
    ]);
  });
});

describe("[CLI] arguments", () => {
  it("reads <app>.<service>, with database meaning postgres", () => {
    expect(parseTarget("blog")).toEqual({ app: "blog" });
    expect(parseTarget("blog.database")).toEqual({ app: "blog", label: "postgres" });
    expect(() => parseTarget("blog.cache")).toThrow(/not <app> or <app>.<service>/);
  });

  it("edits variables and CNAMEs, keeping masked secrets as read", () => {
    const current = [
      { name: "A", value: "1", secret: false },
      { name: "SECRET_KEY", value: "********", secret: true },
    ];
    expect(editEnvVars(current, ["B=x=y", "A=2"], [])).toEqual([
      { name: "A", value: "2" },
      { name: "SECRET_KEY", value: "********", secret: true },
      { name: "B", value: "x=y" },
    ]);
    expect(() => editEnvVars(current, [], ["NOPE"])).toThrow(/no variable NOPE/);
    expect(() => editEnvVars(current, ["=v"], [])).toThrow(/NAME=VALUE/);
    expect(editCnames(["a.org"], ["B.org"], ["a.org"])).toEqual(["b.org"]);
  });
});
