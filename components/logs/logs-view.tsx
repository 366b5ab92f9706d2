"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { localClock } from "@/lib/local-clock";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { LogTerminal, TerminalSink } from "@/components/terminal/log-terminal";
import { Alert } from "@/components/ui/alert";
import { SelectField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { LiveLogLine } from "@/server/live/live-events";

const DEFAULT_PROGRAMS = ["nginx", "gunicorn"];
const PROGRAM_COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[34m", "\x1b[32m", "\x1b[33m"];
const SEVERITIES = [
  { value: "", label: "Any severity" },
  { value: "Info", label: "Info" },
  { value: "Warning", label: "Warning" },
  { value: "Error", label: "Error" },
];

/** Typed filters (text, time) apply once typing pauses, like the others apply on change. */
const TYPING_PAUSE_MS = 400;

type Zone = "local" | "utc";

/** The viewer's zone name, read in the browser only (the server renders in its own zone). */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";
const noChanges = () => () => {};

function clock(timestamp: string, zone: Zone): string {
  return zone === "utc" ? `${timestamp.slice(11, 23)}Z` : localClock(timestamp, true);
}

function formatLine(line: LiveLogLine, programs: string[], timestamps: boolean, zone: Zone): string {
  const time = timestamps ? `\x1b[90m${clock(line.timestamp, zone)}\x1b[0m ` : "";
  const color = PROGRAM_COLORS[Math.max(0, programs.indexOf(line.program)) % PROGRAM_COLORS.length] ?? "";
  const severity = line.severity === "Error" || line.severity === "Critical" ? "\x1b[31m" : "";
  return `${time}${color}${line.program}\x1b[0m ${severity}${line.message}${severity ? "\x1b[0m" : ""}`;
}

/**
 * Log line ids start with their millisecond: a time is a place to resume the stream from. The
 * picker's value has no zone: it is read in the zone the page shows times in.
 */
function idAtTime(value: string, zone: Zone): string | null {
  const ms = new Date(zone === "utc" ? `${value}Z` : value).getTime();
  return Number.isFinite(ms) ? ((BigInt(ms) << 20n) - 1n).toString() : null;
}

/** Lines kept for re-rendering and "load older": as many as the panel keeps for Download. */
const KEEP_LINES = 100_000;

/** Lines shown in the panel, oldest first, so "load older" can put earlier ones in front. */
class ShownLines extends TerminalSink {
  lines: LiveLogLine[] = [];

  add(lines: readonly LiveLogLine[]): void {
    for (const line of lines) this.lines.push(line);
    // A long follow must not grow the page without end; trimmed in steps, not per line.
    if (this.lines.length > KEEP_LINES * 1.2) this.lines.splice(0, this.lines.length - KEEP_LINES);
  }

  prepend(earlier: LiveLogLine[]): void {
    this.lines = [...earlier, ...this.lines];
  }

  forget(): void {
    this.lines = [];
  }

  private counting = false;

  /** The line count on screen, updated once per frame rather than once per line. */
  countLater(set: (count: number) => void): void {
    if (this.counting) return;
    this.counting = true;
    requestAnimationFrame(() => {
      this.counting = false;
      set(this.lines.length);
    });
  }
}

/** The app's process logs, live: recent lines, then every new one as it is printed. */
export function LogsView({ appName }: { appName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [panel] = useState(() => new ShownLines());
  const [chosen, setChosen] = useState<string[]>(DEFAULT_PROGRAMS);
  const [text, setText] = useState("");
  const [appliedText, setAppliedText] = useState("");
  const [instanceId, setInstanceId] = useState("");
  const [severity, setSeverity] = useState("");
  const [jumpTo, setJumpTo] = useState("");
  const [from, setFrom] = useState<string | null>(null);
  const [timestamps, setTimestamps] = useState(true);
  const [zone, setZone] = useState<Zone>("local");
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [caughtUp, setCaughtUp] = useState(false);
  const zoneName = useSyncExternalStore(noChanges, browserZone, () => "local time");
  const [count, setCount] = useState(0);
  const [older, setOlder] = useState<{ loading: boolean; message: string | null }>({
    loading: false,
    message: null,
  });
  const app = useQuery(trpc.apps.get.queryOptions({ name: appName }));
  const programs = useQuery({
    ...trpc.logs.programs.queryOptions({ app: appName }),
    refetchInterval: 10_000,
  });
  const available = useMemo(
    () => [...new Set([...DEFAULT_PROGRAMS, ...(programs.data ?? [])])].sort(),
    [programs.data],
  );
  useEffect(() => {
    panel.set("programs", available);
  }, [panel, available]);
  const filter = useMemo(
    () => ({
      programs: chosen,
      ...(appliedText ? { text: appliedText } : {}),
      ...(instanceId ? { instanceId } : {}),
      ...(severity ? { severity } : {}),
    }),
    [chosen, appliedText, instanceId, severity],
  );
  const input = useMemo(() => ({ app: appName, ...filter, lastEventId: from }), [appName, filter, from]);
  const render = (lines: LiveLogLine[]) => {
    const shownPrograms = (panel.settings.programs as string[] | undefined) ?? DEFAULT_PROGRAMS;
    const shownZone = (panel.settings.zone as Zone | undefined) ?? "local";
    return lines.map((line) =>
      formatLine(line, shownPrograms, panel.settings.timestamps !== false, shownZone),
    );
  };

  /** A new filter is a new stream: the panel starts afresh. */
  const restart = () => {
    panel.forget();
    panel.reset();
    setCount(0);
    setCaughtUp(false);
    setOlder({ loading: false, message: null });
  };

  // Every filter applies the same way, as it changes: the typed ones once typing pauses.
  useEffect(() => {
    const wanted = text.trim();
    if (wanted === appliedText) return;
    const timer = setTimeout(() => {
      restart();
      setAppliedText(wanted);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
    // restart only touches the panel and setters; the typed value is what schedules this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, appliedText]);
  useEffect(() => {
    const wanted = jumpTo ? idAtTime(jumpTo, zone) : null;
    if (wanted === from) return;
    const timer = setTimeout(() => {
      restart();
      setFrom(wanted);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jumpTo, zone, from]);

  const stream = useSubscription(
    trpc.live.logs.subscriptionOptions(input, {
      onData: ({ data }) => {
        if (data.type === "skipped") {
          panel.append([
            `\x1b[33m… ${data.count} lines skipped while this view fell behind; they are stored: use Load older or reload.\x1b[0m`,
          ]);
          return;
        }
        setCaughtUp(true);
        if (data.lines.length === 0) return;
        panel.add(data.lines);
        panel.append(render(data.lines));
        panel.countLater(setCount);
      },
    }),
  );

  async function loadOlder() {
    const oldest = panel.lines[0];
    setOlder({ loading: true, message: null });
    try {
      const lines = await queryClient.fetchQuery(
        trpc.logs.recent.queryOptions({
          app: appName,
          processes: chosen,
          limit: 500,
          ...(oldest ? { beforeId: oldest.id } : {}),
          ...(appliedText ? { text: appliedText } : {}),
          ...(instanceId ? { instanceId } : {}),
          ...(severity ? { severity } : {}),
        }),
      );
      const earlier: LiveLogLine[] = lines.map((line) => ({
        ...line,
        appId: "",
        instanceId: line.instance,
        timestamp: line.timestamp.toISOString(),
      }));
      panel.prepend(earlier);
      panel.reset(render(panel.lines));
      setCount(panel.lines.length);
      setOlder({ loading: false, message: earlier.length ? null : "No older lines." });
    } catch (error) {
      setOlder({ loading: false, message: errorMessage(error) });
    }
  }

  const toggle = (program: string) => {
    restart();
    setChosen((current) =>
      current.includes(program) ? current.filter((p) => p !== program) : [...current, program].sort(),
    );
  };

  // The programs shown by default are no filter; anything else the user chose is.
  const activeFilters =
    (chosen.join(",") === DEFAULT_PROGRAMS.join(",") ? 0 : 1) +
    (instanceId ? 1 : 0) +
    (severity ? 1 : 0) +
    (appliedText ? 1 : 0) +
    (from ? 1 : 0);

  function clearFilters() {
    restart();
    setChosen(DEFAULT_PROGRAMS);
    setInstanceId("");
    setSeverity("");
    setText("");
    setAppliedText("");
    setJumpTo("");
    setFrom(null);
  }

  const instances = [
    { value: "", label: "All instances" },
    ...(app.data?.liveInstances ?? []).map((i) => ({
      value: i.id,
      label: `${i.kind === "worker" ? "Worker" : "App"} instance ${i.number}`,
    })),
  ];

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">Logs</h2>
          <p className="mt-1 text-sm text-slate-500">
            Every line your processes print and every request the router answers (as nginx), live.
          </p>
        </div>
        <p className="text-sm text-slate-500" aria-live="polite">
          {stream.status === "connecting"
            ? "Connecting…"
            : stream.status === "pending"
              ? `Live · ${count} lines`
              : `${count} lines`}
        </p>
      </header>
      <button
        type="button"
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 sm:hidden"
        aria-expanded={filtersOpen}
        aria-controls="log-filters"
        onClick={() => setFiltersOpen((open) => !open)}
      >
        {filtersOpen ? "Hide filters" : `Filters${activeFilters ? ` (${activeFilters} on)` : ""}`}
      </button>
      <div
        id="log-filters"
        role="group"
        aria-label="Log filters"
        className={`${filtersOpen ? "flex" : "hidden"} flex-wrap items-start gap-x-6 gap-y-4 sm:flex`}
      >
        <fieldset className="flex flex-wrap gap-3">
          <legend className="mb-1 text-sm font-medium text-slate-700">Programs</legend>
          {available.map((program) => (
            <label key={program} className="flex items-center gap-1.5 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={chosen.includes(program)}
                onChange={() => toggle(program)}
                className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
              />
              {program}
            </label>
          ))}
        </fieldset>
        <div className="w-full sm:w-44">
          <SelectField
            label="Instance"
            options={instances}
            value={instanceId}
            onChange={(e) => {
              restart();
              setInstanceId(e.target.value);
            }}
          />
        </div>
        <div className="w-full sm:w-40">
          <SelectField
            label="Severity"
            options={SEVERITIES}
            value={severity}
            onChange={(e) => {
              restart();
              setSeverity(e.target.value);
            }}
          />
        </div>
        <div className="w-full sm:w-56">
          <TextField
            label="Only lines containing"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="error, GET /api…"
          />
        </div>
        <div className="w-full sm:w-56">
          <TextField
            label="From time"
            type="datetime-local"
            step={1}
            value={jumpTo}
            onChange={(e) => setJumpTo(e.target.value)}
            hint={
              zone === "utc" ? "In UTC. Empty: the latest lines." : `In ${zoneName}. Empty: the latest lines.`
            }
          />
        </div>
        <div className="w-full sm:w-44">
          <SelectField
            label="Times in"
            options={[
              { value: "local", label: `Local (${zoneName})` },
              { value: "utc", label: "UTC" },
            ]}
            value={zone}
            onChange={(e) => {
              const next = e.target.value === "utc" ? "utc" : "local";
              panel.set("zone", next);
              setZone(next);
              panel.reset(render(panel.lines));
            }}
          />
        </div>
        {/* Level with the inputs beside it, below their labels. */}
        <label className="flex items-center gap-1.5 text-sm text-slate-700 sm:mt-8">
          <input
            type="checkbox"
            checked={timestamps}
            onChange={(e) => {
              panel.set("timestamps", e.target.checked);
              setTimestamps(e.target.checked);
              panel.reset(render(panel.lines));
            }}
          />
          Timestamps
        </label>
        {activeFilters > 0 && (
          <button
            type="button"
            onClick={clearFilters}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50 sm:mt-6"
          >
            Clear filters
          </button>
        )}
      </div>
      {stream.status === "error" && <Alert tone="error">{errorMessage(stream.error)}</Alert>}
      <div className="flex items-center gap-3 text-sm">
        <button
          type="button"
          onClick={() => void loadOlder()}
          disabled={older.loading}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50 disabled:text-slate-400"
        >
          {older.loading ? "Loading…" : "Load older lines"}
        </button>
        {older.message && <span className="text-slate-500">{older.message}</span>}
      </div>
      <div className="relative">
        <LogTerminal
          ref={(handle) => panel.attach(handle)}
          label="Process logs"
          className="h-[32rem]"
          downloadName={`${appName}-logs.txt`}
        />
        {caughtUp && count === 0 && (
          <p
            role="status"
            className="pointer-events-none absolute inset-x-0 top-24 mx-auto w-fit max-w-[90%] rounded-md bg-slate-800/90 px-4 py-2 text-center text-sm text-slate-100"
          >
            {activeFilters > 0
              ? "No lines match these filters. New lines that match appear here as they are printed."
              : "No log lines yet. Lines appear here as the app prints them."}
          </p>
        )}
      </div>
    </div>
  );
}
