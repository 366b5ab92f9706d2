import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";

export type LogFile = { write: (line: string) => void; close: () => Promise<void> };

/** An append-only log file (created with its directory), one line per write. */
export function openLogFile(file: string): LogFile {
  // The platform's logs are its own: never readable by apps' users.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const stream: WriteStream = createWriteStream(file, { flags: "a", mode: 0o600 });
  return {
    write: (line) => {
      stream.write(`${new Date().toISOString()} ${line}\n`);
    },
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}
