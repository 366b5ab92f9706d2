import { describe, expect, it } from "vitest";
import { parseJsonlogLine, severityOfLevel, textLinesOf } from "./jsonlog-record";

// Lines as PostgreSQL 15's jsonlog wrote them on this machine.
const QUERY_ERROR =
  '{"timestamp":"2026-11-27 04:10:22.364 UTC","user":"u1","dbname":"shop_1a","pid":1258,"remote_host":"127.0.0.1","error_severity":"ERROR","state_code":"42703","message":"column \\"nope\\" does not exist","statement":"select nope","backend_type":"client backend"}';
const SERVER_WIDE =
  '{"timestamp":"2026-11-27 04:10:22.249 UTC","pid":1247,"error_severity":"LOG","message":"database system is ready to accept connections","backend_type":"postmaster"}';

describe("[LOGS] PostgreSQL jsonlog records", () => {
  it("reads database, user, level, time and the parts a person reads", () => {
    const record = parseJsonlogLine(QUERY_ERROR);
    expect(record).toMatchObject({ dbname: "shop_1a", user: "u1", level: "ERROR", statement: "select nope" });
    expect(record?.timestamp.toISOString()).toBe("2026-11-27T04:10:22.364Z");
    expect(textLinesOf(record!)).toEqual(['ERROR:  column "nope" does not exist', "STATEMENT:  select nope"]);
  });

  it("leaves server-wide lines without a database, and refuses what is not a record", () => {
    expect(parseJsonlogLine(SERVER_WIDE)).toMatchObject({ dbname: null, user: null, level: "LOG" });
    expect(parseJsonlogLine('{"timestamp":"2026-11-27 04:10')).toBeNull();
    expect(parseJsonlogLine("2026-11-27 04:10:22.238 UTC [1247] LOG:  text")).toBeNull();
    expect(parseJsonlogLine('{"message":"no level"}')).toBeNull();
    expect(parseJsonlogLine("[1,2]")).toBeNull();
  });

  it("maps PostgreSQL's levels to the logs' severities", () => {
    expect(["LOG", "WARNING", "ERROR", "FATAL", "PANIC", "DEBUG2"].map(severityOfLevel)).toEqual([
      "Info",
      "Warning",
      "Error",
      "Error",
      "Critical",
      "Debug",
    ]);
  });
});
