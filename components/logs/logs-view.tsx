"use client";

import { useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { LogTerminal, TerminalSink } from "@/components/terminal/log-terminal";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { LiveLogLine } from "@/server/live/live-events";

const DEFAULT_PROGRAMS = ["nginx", "gunicorn"];
const PROGRAM_COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[34m", "\x1b[32m", "\x1b[33m"];

function formatLine(line: LiveLogLine, programs: string[], timestamps: boolean): string {
  const time = timestamps ? `\x1b[90m${line.timestamp.slice(11, 23)}\x1b[0m ` : "";
  const color = PROGRAM_COLORS[Math.max(0, programs.indexOf(line.program)) % PROGRAM_COLORS.length] ?? "";
  const severity = line.severity === "Error" || line.severity === "Critical" ? "\x1b[31m" : "";
  return `${time}${color}${line.program}\x1b[0m ${severity}${line.message}${severity ? "\x1b[0m" : ""}`;
}

/** The app's process logs, live: recent lines, then every new one as it is printed. */
export function LogsView({ appName }: { appName: string }) {
  const trpc = useTRPC();
  const [panel] = useState(() => new TerminalSink());
  const [chosen, setChosen] = useState<string[]>(DEFAULT_PROGRAMS);
  const [text, setText] = useState("");
  const [appliedText, setAppliedText] = useState("");
  const [timestamps, setTimestamps] = useState(true);
  const [count, setCount] = useState(0);
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
  const input = useMemo(
    () => ({ app: appName, programs: chosen, ...(appliedText ? { text: appliedText } : {}) }),
    [appName, chosen, appliedText],
  );

  /** A new filter is a new stream: the panel starts afresh. */
  const restart = () => {
    panel.reset();
    setCount(0);
  };

  const stream = useSubscription(
    trpc.live.logs.subscriptionOptions(input, {
      onData: ({ data }) => {
        if (data.type === "skipped") {
          panel.append([
            `\x1b[33m… ${data.count} lines skipped while this view fell behind; they are stored: reload to see them.\x1b[0m`,
          ]);
          return;
        }
        const shownPrograms = (panel.settings.programs as string[] | undefined) ?? DEFAULT_PROGRAMS;
        panel.append([formatLine(data.line, shownPrograms, panel.settings.timestamps !== false)]);
        setCount((n) => n + 1);
      },
    }),
  );

  const toggle = (program: string) => {
    restart();
    setChosen((current) =>
      current.includes(program) ? current.filter((p) => p !== program) : [...current, program].sort(),
    );
  };

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/apps" className="hover:underline">
          Apps
        </Link>{" "}
        /{" "}
        <Link href={`/apps/${appName}`} className="hover:underline">
          {appName}
        </Link>{" "}
        / <span className="text-slate-700">Logs</span>
      </nav>
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Logs of {appName}</h1>
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
      <div className="flex flex-wrap items-end gap-6">
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
        <form
          className="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            restart();
            setAppliedText(text.trim());
          }}
        >
          <div className="w-64">
            <TextField
              label="Only lines containing"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="error, GET /api…"
            />
          </div>
          <button
            type="submit"
            className="mb-0.5 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
          >
            Filter
          </button>
        </form>
        <label className="flex items-center gap-1.5 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={timestamps}
            onChange={(e) => {
              panel.set("timestamps", e.target.checked);
              setTimestamps(e.target.checked);
            }}
          />
          Timestamps
        </label>
      </div>
      {stream.status === "error" && <Alert tone="error">{errorMessage(stream.error)}</Alert>}
      <LogTerminal
        ref={(handle) => panel.attach(handle)}
        label="Process logs"
        className="h-[32rem]"
        downloadName={`${appName}-logs.txt`}
      />
    </div>
  );
}
