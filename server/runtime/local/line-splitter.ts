const MAX_LINE = 64 * 1024;

/**
 * Turns output chunks into whole lines. A partial line waits for its end; a line longer
 * than 64 KiB is cut so a process printing without newlines cannot grow memory unbounded.
 */
export function createLineSplitter(onLine: (line: string) => void) {
  let pending = "";
  return {
    push(chunk: string) {
      pending += chunk;
      let index = pending.indexOf("\n");
      while (index !== -1) {
        onLine(pending.slice(0, index).replace(/\r$/, ""));
        pending = pending.slice(index + 1);
        index = pending.indexOf("\n");
      }
      while (pending.length > MAX_LINE) {
        onLine(pending.slice(0, MAX_LINE));
        pending = pending.slice(MAX_LINE);
      }
    },
    flush() {
      if (pending) onLine(pending);
      pending = "";
    },
  };
}
