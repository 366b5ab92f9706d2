export type SseEvent = { id?: string; event: string; data: string };

/**
 * A text/event-stream parser: feed it chunks as they arrive, get whole events back.
 * Events end at a blank line; `data` lines are joined with newlines; comments (`:`) and
 * unknown fields are ignored, as the EventSource standard says.
 */
export class SseParser {
  private buffer = "";
  private current: { id?: string; event?: string; data: string[] } = { data: [] };

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r?\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + (this.buffer[newline] === "\r" ? 2 : 1));
      if (line === "") {
        if (this.current.data.length > 0 || this.current.id !== undefined) {
          events.push({
            id: this.current.id,
            event: this.current.event ?? "message",
            data: this.current.data.join("\n"),
          });
        }
        this.current = { data: [] };
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") this.current.data.push(value);
      else if (field === "id") this.current.id = value;
      else if (field === "event") this.current.event = value;
    }
    return events;
  }
}
