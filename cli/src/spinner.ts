const FRAMES = ["|", "/", "-", "\\"];

/**
 * A one-line progress indicator on stderr, drawn only when stdout is a terminal: piped
 * output and scripts see just the messages. `clear()` before printing a message keeps the
 * two from mixing on one line.
 */
export class Spinner {
  private frame = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(enabled = process.stdout.isTTY === true) {
    this.enabled = enabled;
  }

  update(text: string): void {
    if (!this.enabled) return;
    this.frame = (this.frame + 1) % FRAMES.length;
    process.stderr.write(`\r\x1b[2K${FRAMES[this.frame]} ${text}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    process.stderr.write("\r\x1b[2K");
    this.shown = false;
  }
}
