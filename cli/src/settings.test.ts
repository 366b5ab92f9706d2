import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigFile, writeNewConfigFile } from "./config-file";
import { DEFAULT_API, DEFAULT_URI, resolveSettings } from "./settings";

describe("[CLI] settings precedence", () => {
  it("takes the command line over the config file over the defaults", () => {
    const settings = resolveSettings(
      { username: "cli-user", uri: "http://cli.example:3000/" },
      { username: "file-user", password: "file-pass", account: "file-acct", uri: "http://file.example" },
    );
    expect(settings).toEqual({
      username: "cli-user",
      password: "file-pass",
      account: "file-acct",
      uri: "http://cli.example:3000",
      api: DEFAULT_API,
      raw: false,
    });
  });

  it("falls back to the defaults, and treats empty values as not given", () => {
    const settings = resolveSettings({ password: "", raw: true }, { password: "", api: "" });
    expect(settings).toMatchObject({ uri: DEFAULT_URI, api: DEFAULT_API, raw: true });
    expect(settings.password).toBeUndefined();
  });
});

describe("[CLI] ~/.thirty.cfg", () => {
  it("writes the [thirtyloops] section with mode 0600, reads it back, and never overwrites", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "thirty-cfg-")), ".thirty.cfg");
    writeNewConfigFile({ username: "ann", password: "p=w;#1", account: "acme", uri: "http://h:1" }, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toContain("[thirtyloops]");
    expect(readConfigFile(file)).toEqual({
      username: "ann",
      password: "p=w;#1",
      account: "acme",
      uri: "http://h:1",
    });
    expect(() => writeNewConfigFile({ username: "bob" }, file)).toThrow(/exists already/);
    expect(readConfigFile(file).username).toBe("ann");
  });

  it("ignores other sections and a missing file", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "thirty-cfg-")), ".thirty.cfg");
    expect(readConfigFile(file)).toEqual({});
    writeFileSync(file, "[other]\nusername = x\n[thirtyloops]\naccount = acme\n");
    expect(readConfigFile(file)).toEqual({ account: "acme" });
  });
});
