"use client";

import "@xterm/xterm/css/xterm.css";
import { localClock } from "@/lib/local-clock";
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import type { Terminal } from "@xterm/xterm";
import type { FitAddon } from "@xterm/addon-fit";
import type { SearchAddon } from "@xterm/addon-search";

export type LogTerminalHandle = {
  /** Adds lines at the bottom; writes are batched per animation frame. */
  append: (lines: readonly string[]) => void;
  /** Replaces everything shown. */
  reset: (lines?: readonly string[]) => void;
};

export type LogTerminalProps = {
  label: string;
  className?: string;
  /** Name of the file "Download" saves. */
  downloadName?: string;
};

const ANSI = /\x1b\[[0-9;]*m/g;

/** Lines xterm keeps: its buffer costs about 12 bytes a cell, so 10,000 lines is ~15 MB. */
const SCROLLBACK = 10_000;
/** Lines kept for Copy and Download (as strings, far cheaper than xterm's cells). */
const KEEP_LINES = 100_000;
/** Parse work handed to xterm per animation frame, measured with its write callback. */
const FRAME_BUDGET_MS = 8;
const MIN_CHUNK_CHARS = 2_048;
const MAX_CHUNK_CHARS = 256 * 1024;

type Loaded = { term: Terminal; fit: FitAddon; search: SearchAddon };

/**
 * Lines waiting for xterm, oldest first. Taken from the front without moving the rest; only
 * the newest `SCROLLBACK` lines can still be seen, so older ones are never written at all.
 */
class PendingLines {
  private lines: string[] = [];
  private head = 0;

  get size(): number {
    return this.lines.length - this.head;
  }

  push(lines: readonly string[]): void {
    for (const line of lines) this.lines.push(line);
  }

  clear(): void {
    this.lines = [];
    this.head = 0;
  }

  /** Lines from the front up to about `chars` characters (at least one), as one write. */
  take(chars: number, visible: number): string {
    if (this.size > visible) this.head = this.lines.length - visible;
    let end = this.head;
    let taken = 0;
    while (end < this.lines.length && (end === this.head || taken < chars)) {
      taken += (this.lines[end]?.length ?? 0) + 2;
      end++;
    }
    const chunk = `${this.lines.slice(this.head, end).join("\r\n")}\r\n`;
    this.head = end;
    if (this.head === this.lines.length) this.clear();
    else if (this.head > 4096 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
    return chunk;
  }
}

/**
 * A read-only xterm.js panel for logs: follows new output until the user scrolls up, finds
 * text with highlights, copies, clears and downloads what it shows. ANSI colours are kept.
 *
 * A burst of 100,000 lines must not freeze the page: lines go to xterm one chunk per animation
 * frame, sized so that parsing it takes about FRAME_BUDGET_MS (measured from the write to its
 * callback, and adjusted as it goes), with never more than one chunk waiting inside xterm.
 */
export const LogTerminal = forwardRef<LogTerminalHandle, LogTerminalProps>(function LogTerminal(
  { label, className = "h-96", downloadName = "log.txt" },
  ref,
) {
  const container = useRef<HTMLDivElement>(null);
  const loaded = useRef<Loaded | null>(null);
  const shown = useRef<string[]>([]);
  const pending = useRef(new PendingLines());
  const writing = useRef(false);
  const chunkChars = useRef(16 * 1024);
  const frame = useRef<number | null>(null);
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<string | null>(null);

  const flush = () => {
    frame.current = null;
    const target = loaded.current;
    if (!target || writing.current || pending.current.size === 0) return;
    const chunk = pending.current.take(chunkChars.current, SCROLLBACK + target.term.rows);
    writing.current = true;
    const started = performance.now();
    target.term.write(chunk, () => {
      // From the write to its callback: xterm's parsing of this chunk (plus a timer's delay).
      const spent = Math.max(performance.now() - started, 0.5);
      const scaled = chunkChars.current * Math.min(2, FRAME_BUDGET_MS / spent);
      chunkChars.current = Math.round(Math.min(MAX_CHUNK_CHARS, Math.max(MIN_CHUNK_CHARS, scaled)));
      writing.current = false;
      if (followingRef.current) target.term.scrollToBottom();
      if (pending.current.size > 0) schedule();
    });
  };

  const schedule = () => {
    if (frame.current === null) frame.current = requestAnimationFrame(flush);
  };

  const keep = (lines: readonly string[]) => {
    const kept = shown.current;
    for (const line of lines) kept.push(line);
    // Trimmed in steps, not per line: one splice per KEEP_LINES / 5 lines.
    if (kept.length > KEEP_LINES * 1.2) kept.splice(0, kept.length - KEEP_LINES);
  };

  useImperativeHandle(ref, () => ({
    append(lines) {
      if (lines.length === 0) return;
      keep(lines);
      pending.current.push(lines);
      schedule();
    },
    reset(lines = []) {
      shown.current = [];
      keep(lines);
      pending.current.clear();
      pending.current.push(lines);
      loaded.current?.term.reset();
      schedule();
    },
  }));

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void (async () => {
      const [{ Terminal }, { FitAddon }, { SearchAddon }] = await Promise.all([
        import("@xterm/xterm"),
        import("@xterm/addon-fit"),
        import("@xterm/addon-search"),
      ]);
      if (disposed || !container.current) return;
      const term = new Terminal({
        convertEol: true,
        disableStdin: true,
        cursorBlink: false,
        fontSize: 13,
        scrollback: SCROLLBACK,
        allowProposedApi: true,
        theme: { background: "#0f172a", foreground: "#e2e8f0", selectionBackground: "#334155" },
      });
      const fit = new FitAddon();
      const search = new SearchAddon();
      term.loadAddon(fit);
      term.loadAddon(search);
      term.open(container.current);
      fit.fit();
      term.onScroll(() => {
        const buffer = term.buffer.active;
        const atBottom = buffer.viewportY >= buffer.baseY;
        if (atBottom !== followingRef.current) {
          followingRef.current = atBottom;
          setFollowing(atBottom);
        }
      });
      observer = new ResizeObserver(() => fit.fit());
      observer.observe(container.current);
      loaded.current = { term, fit, search };
      if (shown.current.length && pending.current.size === 0) pending.current.push(shown.current);
      schedule();
    })();
    return () => {
      disposed = true;
      observer?.disconnect();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      writing.current = false;
      loaded.current?.term.dispose();
      loaded.current = null;
    };
    // Created once; lines arrive through the handle.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const plainText = () => shown.current.map((line) => line.replace(ANSI, "")).join("\n");

  const find = (direction: "next" | "previous") => {
    const search = loaded.current?.search;
    if (!search || !query) return;
    const options = {
      decorations: {
        matchBackground: "#854d0e",
        activeMatchBackground: "#ca8a04",
        matchOverviewRuler: "#ca8a04",
        activeMatchColorOverviewRuler: "#facc15",
      },
    };
    const hit = direction === "next" ? search.findNext(query, options) : search.findPrevious(query, options);
    setFound(hit ? null : `No match for "${query}".`);
    if (hit) {
      followingRef.current = false;
      setFollowing(false);
    }
  };

  const follow = () => {
    followingRef.current = true;
    setFollowing(true);
    loaded.current?.term.scrollToBottom();
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([plainText()], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = downloadName;
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="flex min-w-0 flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2 text-sm" role="toolbar" aria-label={`${label} tools`}>
        <form
          className="flex items-center gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            find("next");
          }}
        >
          <label className="sr-only" htmlFor={`${label}-search`}>
            Search {label}
          </label>
          <input
            id={`${label}-search`}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Search"
            className="w-40 rounded-md border border-slate-300 px-2 py-1 text-sm focus:outline-none focus:ring-2 focus:ring-brand-500"
          />
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50"
          >
            Find
          </button>
          <button
            type="button"
            onClick={() => find("previous")}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50"
          >
            Previous
          </button>
        </form>
        <button
          type="button"
          onClick={follow}
          aria-pressed={following}
          className={`rounded-md border px-2 py-1 ${following ? "border-green-300 bg-green-50 text-green-800" : "border-amber-300 bg-amber-50 text-amber-800"}`}
        >
          {following ? "Following" : "Resume following"}
        </button>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(loaded.current?.term.getSelection() || plainText())
          }
          className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50"
        >
          Copy
        </button>
        <button
          type="button"
          onClick={download}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50"
        >
          Download
        </button>
        <button
          type="button"
          onClick={() => {
            shown.current = [];
            pending.current.clear();
            loaded.current?.term.clear();
          }}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50"
        >
          Clear
        </button>
        <span aria-live="polite" className="text-xs text-slate-500">
          {found}
        </span>
      </div>
      <div
        role="log"
        aria-label={label}
        aria-live="off"
        className={`overflow-hidden rounded-md bg-slate-900 p-2 ${className}`}
      >
        <div ref={container} className="h-full w-full" data-testid="terminal" />
      </div>
    </div>
  );
});

const RESET = "\x1b[0m";
const COLORS: Record<number, string> = {
  0: "\x1b[90m",
  2: "\x1b[33m",
  3: "\x1b[31m",
  4: "\x1b[1;31m",
  5: "\x1b[1;31m",
};

/** A logbook message as a terminal line: time, then the text coloured by level. */
export function formatLogbookLine(message: {
  asctime: Date | string;
  loglevel: number;
  message: string;
}): string {
  const time = localClock(message.asctime);
  const color = COLORS[message.loglevel] ?? (message.message.startsWith("==> ") ? "\x1b[1;36m" : "");
  return `\x1b[90m${time}${RESET} ${color}${message.message.replace(/\n/g, "\r\n         ")}${color ? RESET : ""}`;
}

/**
 * Where a stream's callback sends lines: the panel once it is mounted. Kept in state (created
 * once) so callbacks built during render can use it without touching refs.
 */
export class TerminalSink {
  private handle: LogTerminalHandle | null = null;
  // Lines that arrive before the panel is mounted (the stream may start first) wait here.
  private waiting: string[] = [];
  settings: Record<string, unknown> = {};

  attach(handle: LogTerminalHandle | null): void {
    this.handle = handle;
    if (handle && this.waiting.length) {
      handle.append(this.waiting);
      this.waiting = [];
    }
  }

  append(lines: readonly string[]): void {
    if (this.handle) this.handle.append(lines);
    else this.waiting.push(...lines);
  }

  reset(lines?: readonly string[]): void {
    this.waiting = [];
    if (this.handle) this.handle.reset(lines);
    else this.waiting.push(...(lines ?? []));
  }

  set(key: string, value: unknown): void {
    this.settings[key] = value;
  }
}
