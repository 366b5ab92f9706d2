"use client";

import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef } from "react";
import type { Terminal } from "@xterm/xterm";

export type LogTerminalProps = {
  /** Lines to show; the panel appends what is new and redraws when the list is replaced. */
  lines: readonly string[];
  label: string;
  className?: string;
};

/**
 * A read-only xterm.js panel that follows its output. xterm needs the browser, so it is
 * loaded when the component mounts; ANSI colours in lines are kept.
 */
/** Appends what is new since `shown`; redraws everything when the lines were replaced. */
function writeLines(term: Terminal, shown: readonly string[], next: readonly string[]): void {
  const appended = next.length >= shown.length && shown.every((line, i) => next[i] === line);
  if (!appended) {
    term.clear();
    term.write("\x1b[2J\x1b[H");
  }
  const fresh = appended ? next.slice(shown.length) : next;
  if (fresh.length) term.write(fresh.map((line) => `${line}\r\n`).join(""));
}

export function LogTerminal({ lines, label, className = "h-96" }: LogTerminalProps) {
  const container = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const written = useRef<readonly string[]>([]);
  const latest = useRef<readonly string[]>([]);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import("@xterm/xterm"),
        import("@xterm/addon-fit"),
      ]);
      if (disposed || !container.current) return;
      const term = new Terminal({
        convertEol: true,
        disableStdin: true,
        cursorBlink: false,
        fontSize: 13,
        scrollback: 100_000,
        theme: { background: "#0f172a", foreground: "#e2e8f0" },
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(container.current);
      fit.fit();
      observer = new ResizeObserver(() => fit.fit());
      observer.observe(container.current);
      terminal.current = term;
      writeLines(term, [], latest.current);
      written.current = latest.current;
    })();
    return () => {
      disposed = true;
      observer?.disconnect();
      terminal.current?.dispose();
      terminal.current = null;
    };
  }, []);

  useEffect(() => {
    latest.current = lines;
    if (!terminal.current) return;
    writeLines(terminal.current, written.current, lines);
    written.current = lines;
  }, [lines]);

  return (
    <div
      role="log"
      aria-label={label}
      aria-live="off"
      className={`overflow-hidden rounded-md bg-slate-900 p-2 ${className}`}
    >
      <div ref={container} className="h-full w-full" data-testid="terminal" />
    </div>
  );
}

const RESET = "\x1b[0m";
const COLORS: Record<number, string> = {
  0: "\x1b[90m",
  2: "\x1b[33m",
  3: "\x1b[31m",
  4: "\x1b[1;31m",
  5: "\x1b[1;31m",
};

/** A logbook message as a terminal line: time, then the text coloured by level. */
export function formatLogbookLine(message: { asctime: Date; loglevel: number; message: string }): string {
  const time = message.asctime.toISOString().slice(11, 19);
  const color = COLORS[message.loglevel] ?? (message.message.startsWith("==> ") ? "\x1b[1;36m" : "");
  return `\x1b[90m${time}${RESET} ${color}${message.message.replace(/\n/g, "\r\n         ")}${color ? RESET : ""}`;
}
