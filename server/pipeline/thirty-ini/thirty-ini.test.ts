import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expandVariables, loadThirtyIni, ThirtyIniError } from "./index";
import { parseIni } from "./parse-ini";

let checkout: string;

beforeEach(async () => {
  checkout = await mkdtemp(path.join(os.tmpdir(), "thirty-ini-"));
});
afterEach(async () => {
  await rm(checkout, { recursive: true, force: true });
});

async function load(text: string | null, variant: "python" | "static" = "python") {
  if (text !== null) await writeFile(path.join(checkout, "thirty.ini"), text);
  return loadThirtyIni({ checkoutDir: checkout, variant });
}

async function problems(text: string): Promise<string> {
  const error = await load(text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ThirtyIniError);
  return (error as ThirtyIniError).message;
}

describe("parseIni", () => {
  it("reads sections, both separators, comments, continuations, CRLF and a BOM", () => {
    const parsed = parseIni(
      "\uFEFF# top\r\n[wsgi]\r\nentrypoint: app:application\r\n; note\r\n[variables]\r\nA = 1\r\nLONG = first\r\n  second\r\n",
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.sections.map((s) => s.name)).toEqual(["wsgi", "variables"]);
    expect(parsed.sections[1]?.entries).toEqual([
      { key: "A", value: "1", line: 6 },
      { key: "LONG", value: "first\nsecond", line: 7 },
    ]);
  });

  it("names the line of each malformed, duplicate or orphan line", () => {
    const parsed = parseIni(
      "orphan = 1\n[wsgi]\nthis is not ini\nentrypoint = a:b\nentrypoint = c:d\n[wsgi]\n",
    );
    expect(parsed.errors.map((e) => e.line)).toEqual([1, 3, 5, 6]);
  });
});

describe("loadThirtyIni", () => {
  it("gives every default when thirty.ini is absent (static app) and asks python apps for an entrypoint", async () => {
    const { config, warnings } = await load(null, "static");
    expect(config).toMatchObject({ pythonVersion: "python3", root: ".", requirements: null, wsgi: null });
    expect(warnings).toEqual([]);
    await expect(load(null)).rejects.toThrow(
      /needs `\[wsgi\] entrypoint = module:application` or a \[django\] section/,
    );
  });

  it("resolves the manual's example", async () => {
    await mkdir(path.join(checkout, "src", "blog"), { recursive: true });
    await writeFile(path.join(checkout, "requirements.txt"), "");
    const { config, warnings } = await load(
      [
        "[environment]",
        "python_version = python3.11",
        "root = src/blog",
        "requirements = requirements.txt",
        "systempackages = memcached",
        "[wsgi]",
        "entrypoint = wsgiapp.main:app",
        "[app:processes]",
        "clock = python clock.py",
        "[worker:processes]",
        "carbon = python $PROJECT_ROOT/carbon.py --debug start",
        "[variables]",
        "GRAPHITE_STORAGE_DIR = $HOME/data",
      ].join("\n"),
    );
    expect(config).toMatchObject({
      pythonVersion: "python3.11",
      root: "src/blog",
      requirements: "requirements.txt",
      wsgi: { entrypoint: "wsgiapp.main:app" },
      appProcesses: [{ name: "clock", command: "python clock.py", line: 9 }],
      workerProcesses: [
        { name: "carbon", command: "python $PROJECT_ROOT/carbon.py --debug start", line: 11 },
      ],
      variables: [{ name: "GRAPHITE_STORAGE_DIR", value: "$HOME/data" }],
    });
    expect(warnings).toEqual([
      "line 5: systempackages is not supported on this platform and is ignored; install Python dependencies through requirements instead",
    ]);
  });

  it("defaults django settings and warns about unknown sections and keys by line", async () => {
    const { config, warnings } = await load("[django]\n[environment]\nflavour = vanilla\n[extras]\nx = 1\n");
    expect(config.django).toEqual({ settings: "settings" });
    expect(warnings).toEqual([
      "line 3: unknown key `flavour` in [environment] is ignored",
      "line 4: unknown section [extras] is ignored",
    ]);
  });

  it("keeps root and requirements inside the repository", async () => {
    expect(await problems("[environment]\nroot = ../elsewhere\n[django]\n")).toMatch(
      /line 2: root `..\/elsewhere` points outside the repository/,
    );
    expect(await problems("[environment]\nroot = /etc\n[django]\n")).toMatch(
      /line 2: root `\/etc` points outside/,
    );
    await symlink(os.tmpdir(), path.join(checkout, "escape"));
    expect(await problems("[environment]\nroot = escape\n[django]\n")).toMatch(
      /line 2: root `escape` points outside/,
    );
    expect(await problems("[environment]\nrequirements = ../../etc/passwd\n[django]\n")).toMatch(
      /line 2: requirements .* outside/,
    );
    expect(await problems("[environment]\nrequirements = missing.txt\n[django]\n")).toMatch(
      /line 2: requirements file `missing.txt` does not exist/,
    );
  });

  it("rejects bad entrypoints, interpreter names, process and variable names with their lines", async () => {
    const message = await problems(
      "[environment]\npython_version = ruby3\n[wsgi]\nentrypoint = app.py\n[app:processes]\ngunicorn = gunicorn x\nbad name = x\n[variables]\n1BAD = x\n",
    );
    expect(message).toMatch(/^thirty.ini has 5 problems: /);
    for (const line of [2, 4, 6, 7, 9]) expect(message).toContain(`line ${line}:`);
  });
});

describe("two apps in one platform process", () => {
  it("keeps one app's [variables] and processes out of the next app's config", async () => {
    const first = await load(
      "[wsgi]\nentrypoint = app:application\n[variables]\nSECRET_OF_A = a\n[app:processes]\nbeat = run-a\n",
    );
    expect(first.config.variables).toEqual([{ name: "SECRET_OF_A", value: "a" }]);
    const other = await mkdtemp(path.join(os.tmpdir(), "thirty-ini-"));
    try {
      await writeFile(path.join(other, "thirty.ini"), "[wsgi]\nentrypoint = app:application\n");
      const second = await loadThirtyIni({ checkoutDir: other, variant: "python" });
      expect(second.config.variables).toEqual([]);
      expect(second.config.appProcesses).toEqual([]);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("refuses a thirty.ini that is a symbolic link (the platform reads it, not the app)", async () => {
    // A file of "the host" in a scratch dir: never a real system file, and nothing is written
    // through the link (writing through it as root would overwrite its target).
    const host = await mkdtemp(path.join(os.tmpdir(), "thirty-host-"));
    try {
      await writeFile(path.join(host, "secret"), "[wsgi]\nentrypoint = host:secret\n");
      await symlink(path.join(host, "secret"), path.join(checkout, "thirty.ini"));
      const error = await load(null).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ThirtyIniError);
      expect((error as ThirtyIniError).message).toMatch(/symbolic link/);
      expect((error as ThirtyIniError).message).not.toContain("host:secret");
    } finally {
      await rm(host, { recursive: true, force: true });
    }
  });
});

describe("expandVariables", () => {
  it("expands only the names given", () => {
    expect(
      expandVariables("$PROJECT_ROOT/a:${HOME}/b:$OTHER:${PATH}", { PROJECT_ROOT: "/r", HOME: "/h" }),
    ).toBe("/r/a:/h/b:$OTHER:${PATH}");
  });
});
