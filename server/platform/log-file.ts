import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";

export type LogFile = { write: (line: string) => void; close: () => Promise<void> };

/** An append-only log file (created with its directory), one line per write. */
export function openLogFile(file: string): LogFile {
  mkdirSync(path.dirname(file), { recursive: true });
  const stream: WriteStream = createWriteStream(file, { flags: "a" });
  return {
    write: (line) => {
      stream.write(`${new Date().toISOString()} ${line}\n`);
    },
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}
