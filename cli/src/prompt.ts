import readline from "node:readline";
import { Writable } from "node:stream";
import { CliError } from "./errors";

/**
 * Questions on stderr, answers from stdin, line by line. Lines are queued as they arrive,
 * so answers piped in all at once (a script, a test) are not lost between questions. On a
 * terminal, hidden answers are read with echo off.
 */
export class Prompter {
  private readonly queue: string[] = [];
  private readonly waiting: ((line: string | null) => void)[] = [];
  private ended = false;
  private muted = false;
  private readonly rl: readline.Interface;
  private readonly terminal: boolean;

  constructor(
    input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stderr,
  ) {
    this.terminal = input.isTTY === true;
    // Everything readline echoes goes through here, so muting it hides a typed password.
    const echo = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (!this.muted) this.output.write(chunk);
        done();
      },
    });
    this.rl = readline.createInterface({ input, output: echo, terminal: this.terminal });
    this.rl.on("line", (line) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else this.queue.push(line);
    });
    this.rl.on("close", () => {
      this.ended = true;
      for (const waiter of this.waiting.splice(0)) waiter(null);
    });
  }

  private nextLine(): Promise<string | null> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Asks; an empty answer takes `fallback` when there is one. */
  async ask(question: string, fallback?: string): Promise<string> {
    this.output.write(fallback ? `${question} [${fallback}]: ` : `${question}: `);
    const line = await this.nextLine();
    if (line === null) throw new CliError(`no answer to "${question}" (stdin ended)`);
    if (!this.terminal) this.output.write("\n");
    const answer = line.trim();
    return answer === "" && fallback !== undefined ? fallback : answer;
  }

  async askHidden(question: string): Promise<string> {
    this.output.write(`${question}: `);
    this.muted = true;
    try {
      const line = await this.nextLine();
      if (line === null) throw new CliError(`no answer to "${question}" (stdin ended)`);
      return line;
    } finally {
      this.muted = false;
      this.output.write("\n");
    }
  }

  async confirm(question: string, fallback: boolean): Promise<boolean> {
    const answer = (await this.ask(`${question} (y/n)`, fallback ? "y" : "n")).toLowerCase();
    return answer.startsWith("y");
  }

  close(): void {
    this.rl.close();
  }
}

/** Whether we may ask the person at the keyboard (never when stdin is a pipe or a file). */
export function canPrompt(): boolean {
  return process.stdin.isTTY === true;
}
