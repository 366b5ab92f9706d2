import { describe, expect, it } from "vitest";
import {
  dumpFileProblem,
  isDumpHead,
  mayBeginDump,
  NOT_A_DUMP_MESSAGE,
  tooLargeMessage,
} from "./dump-file-rule";

const MB = 1024 * 1024;

describe("what a restore accepts as a file", () => {
  it("takes a pg_dump custom-format archive within the cap", () => {
    expect(dumpFileProblem({ sizeBytes: 2 * MB, head: "PGDMP", maxBytes: 512 * MB })).toBeNull();
  });

  it("refuses a file over the cap first, naming both sizes, then one that is not a dump", () => {
    expect(dumpFileProblem({ sizeBytes: 600 * MB, head: "PGDMP", maxBytes: 512 * MB })).toBe(
      "This file is 600 MB: uploads can be at most 512 MB.",
    );
    expect(dumpFileProblem({ sizeBytes: 10, head: "-- SQ", maxBytes: 512 * MB })).toBe(NOT_A_DUMP_MESSAGE);
    expect(dumpFileProblem({ sizeBytes: 3, head: "PGD", maxBytes: 512 * MB })).toBe(NOT_A_DUMP_MESSAGE);
    expect(tooLargeMessage(MB)).toBe("The file is too large: uploads can be at most 1 MB.");
  });

  it("judges a stream's first bytes as they arrive", () => {
    expect(mayBeginDump("")).toBe(true);
    expect(mayBeginDump("PG")).toBe(true);
    expect(mayBeginDump("PX")).toBe(false);
    expect(isDumpHead("PG")).toBe(false);
    expect(isDumpHead("PGDMP\u0001")).toBe(true);
  });
});
