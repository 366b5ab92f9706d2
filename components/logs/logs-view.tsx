"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { LogTerminal } from "@/components/terminal/log-terminal";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { LogMessageView } from "@/server/services/logs/read-logs";

const DEFAULT_PROGRAMS = ["nginx", "gunicorn"];
const PROGRAM_COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[34m", "\x1b[32m", "\x1b[33m"];

function formatLine(line: LogMessageView, programs: string[]): string {
  const time = line.timestamp.toISOString().slice(11, 23);
  const color = PROGRAM_COLORS[programs.indexOf(line.program) % PROGRAM_COLORS.length] ?? "";
  const severity = line.severity === "Error" || line.severity === "Critical" ? "\x1b[31m" : "";
  return `\x1b[90m${time}\x1b[0m ${color}${line.program}\x1b[0m ${severity}${line.message}${severity ? "\x1b[0m" : ""}`;
}

/** The app's process logs: recent lines of the chosen programs, refreshed while open. */
export function LogsView({ appName }: { appName: string }) {
  const trpc = useTRPC();
  const [chosen, setChosen] = useState<string[]>(DEFAULT_PROGRAMS);
  const [text, setText] = useState("");
  const programs = useQuery({
    ...trpc.logs.programs.queryOptions({ app: appName }),
    refetchInterval: 10_000,
  });
  const logs = useQuery({
    ...trpc.logs.recent.queryOptions({ app: appName, processes: chosen, limit: 1000 }),
    refetchInterval: 1500,
  });
  const available = useMemo(
    () => [...new Set([...DEFAULT_PROGRAMS, ...(programs.data ?? [])])].sort(),
    [programs.data],
  );
  const lines = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (logs.data ?? [])
      .filter((line) => !needle || line.message.toLowerCase().includes(needle))
      .map((line) => formatLine(line, available));
  }, [logs.data, text, available]);

  const toggle = (program: string) =>
    setChosen((current) =>
      current.includes(program) ? current.filter((p) => p !== program) : [...current, program],
    );

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
      <header>
        <h1 className="text-2xl font-semibold text-slate-900">Logs of {appName}</h1>
        <p className="mt-1 text-sm text-slate-500">
          Every line your processes print and every request the router answers (as nginx), newest at the
          bottom.
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
        <div className="w-64">
          <TextField
            label="Filter text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="error, GET /api…"
          />
        </div>
      </div>
      {logs.isError && <Alert tone="error">{errorMessage(logs.error)}</Alert>}
      {logs.data && logs.data.length === 0 && (
        <p className="text-sm text-slate-500">
          No lines yet for these programs. Deploy the app or send it a request.
        </p>
      )}
      <LogTerminal lines={lines} label="Process logs" className="h-[32rem]" />
    </div>
  );
}
