import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutputFile } from "./output-file";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "output-file-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("OutputFile", () => {
  it("hands out whole lines as they are appended, a partial one only once it ends", () => {
    const lines: string[] = [];
    const file = new OutputFile(path.join(dir, "web.out"), (line) => lines.push(line));
    appendFileSync(file.path, "one\ntw");
    file.poll();
    expect(lines).toEqual(["one"]);
    appendFileSync(file.path, "o\nthree");
    file.poll();
    expect(lines).toEqual(["one", "two"]);
    file.close();
    expect(lines).toEqual(["one", "two", "three"]);
  });

  it("keeps a character whose bytes arrive in two reads whole", () => {
    const lines: string[] = [];
    const file = new OutputFile(path.join(dir, "web.out"), (line) => lines.push(line));
    const bytes = Buffer.from("café ünïcode\n");
    appendFileSync(file.path, bytes.subarray(0, 4));
    file.poll();
    appendFileSync(file.path, bytes.subarray(4));
    file.poll();
    file.close();
    expect(lines).toEqual(["café ünïcode"]);
  });

  it("goes on from where the previous follower stopped: nothing repeated, nothing skipped", () => {
    const first: string[] = [];
    const before = new OutputFile(path.join(dir, "web.out"), (line) => first.push(line));
    appendFileSync(before.path, "a\nb\n");
    before.close();
    // Written while no platform process followed the file (it had crashed).
    appendFileSync(before.path, "c\nd\n");
    const second: string[] = [];
    const after = new OutputFile(before.path, (line) => second.push(line));
    after.poll();
    after.close();
    expect(first).toEqual(["a", "b"]);
    expect(second).toEqual(["c", "d"]);
  });

  it("reads back at most the last 8 MB written while nobody followed, from a line's start", () => {
    const target = path.join(dir, "chatty.out");
    // 10 MB of numbered 1 kB lines, none of it read yet.
    const lines = Array.from(
      { length: 10 * 1024 },
      (_, n) => `${String(n).padStart(6, "0")} ${"z".repeat(1016)}`,
    );
    writeFileSync(target, `${lines.join("\n")}\n`);
    const seen: string[] = [];
    let skipped = 0;
    const file = new OutputFile(
      target,
      (line) => seen.push(line),
      (bytes) => (skipped = bytes),
    );
    file.close();
    expect(skipped).toBeGreaterThan(2 * 1024 * 1024 - 2048);
    expect(seen.length).toBeLessThanOrEqual(8 * 1024);
    expect(seen.length).toBeGreaterThan(8 * 1024 - 2);
    // Whole lines only, in order, up to the last one.
    expect(seen.every((line) => line.length === 1023)).toBe(true);
    expect(seen.at(-1)?.slice(0, 6)).toBe(String(10 * 1024 - 1).padStart(6, "0"));
  });

  it("drops what a process prints faster than it is read, so the file stays bounded", () => {
    const lines: string[] = [];
    const skips: [number, string][] = [];
    const file = new OutputFile(
      path.join(dir, "flood.out"),
      (line) => lines.push(line),
      (bytes, why) => skips.push([bytes, why]),
    );
    const writer = file.writer();
    const block = `${"f".repeat(1023)}\n`.repeat(1024);
    // 40 MB before the reader looks once: more than it lets a process get ahead.
    for (let i = 0; i < 40; i++) appendFileSync(writer, block);
    file.poll();
    expect(skips).toEqual([[40 * 1024 * 1024, "lagging"]]);
    expect(statSync(file.path).size).toBe(0);
    appendFileSync(writer, "still heard afterwards\n");
    file.close();
    expect(lines).toEqual(["still heard afterwards"]);
  });

  it("reads from the start when the saved position is past the file's end", () => {
    const target = path.join(dir, "web.err");
    writeFileSync(target, "x\n");
    writeFileSync(`${target}.position`, "999");
    const lines: string[] = [];
    const file = new OutputFile(target, (line) => lines.push(line));
    file.close();
    expect(lines).toEqual(["x"]);
  });

  it("empties a large file once it is read to its end, and the writer goes on at its new end", () => {
    const lines: string[] = [];
    const file = new OutputFile(path.join(dir, "chatty.out"), (line) => lines.push(line));
    const writer = file.writer();
    const line = `${"y".repeat(1023)}\n`;
    const block = line.repeat(1024);
    // 9 MB through the process's own descriptor (O_APPEND), read as it comes.
    for (let i = 0; i < 9; i++) {
      appendFileSync(writer, block);
      for (let j = 0; j < 8; j++) file.poll();
    }
    expect(statSync(file.path).size).toBeLessThan(2 * 1024 * 1024);
    appendFileSync(writer, "after the truncation\n");
    file.close();
    expect(lines.length).toBe(9 * 1024 + 1);
    expect(lines.at(-1)).toBe("after the truncation");
  });
});
