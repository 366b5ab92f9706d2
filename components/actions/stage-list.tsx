import { STAGE_TITLES } from "@/server/pipeline/stage-titles";
import type { LogbookMessageView } from "@/server/services/actions/logbook";

type Stage = { name: string; state: "done" | "running" | "failed"; seconds: number };

/** The named stages the logbook went through, in order, with how long each took. */
export function stagesOf(messages: LogbookMessageView[], status: string): Stage[] {
  const stages: (Stage & { first: number; last: number })[] = [];
  for (const message of messages) {
    if (!message.step) continue;
    const time = message.asctime.getTime();
    const current = stages.find((s) => s.name === message.step);
    if (current) current.last = time;
    else stages.push({ name: message.step, state: "done", seconds: 0, first: time, last: time });
  }
  const last = stages.at(-1);
  if (last && status === "running") last.state = "running";
  if (last && status === "error") last.state = "failed";
  return stages.map((s) => ({ name: s.name, state: s.state, seconds: (s.last - s.first) / 1000 }));
}

const MARKS = { done: "✓", running: "…", failed: "✗" } as const;
const COLORS = {
  done: "text-green-700",
  running: "text-amber-700",
  failed: "text-red-700 font-semibold",
} as const;

export function StageList({ messages, status }: { messages: LogbookMessageView[]; status: string }) {
  const stages = stagesOf(messages, status);
  if (stages.length === 0) return null;
  const failure = status === "error" ? [...messages].reverse().find((m) => m.loglevel >= 3) : undefined;
  return (
    <>
      <StageItems stages={stages} />
      {failure && (
        <p role="alert" className="mt-3 rounded-md bg-red-50 p-2 text-xs whitespace-pre-wrap text-red-800">
          {failure.message}
        </p>
      )}
    </>
  );
}

function StageItems({ stages }: { stages: Stage[] }) {
  return (
    <ol className="space-y-1 text-sm" aria-label="Stages">
      {stages.map((stage) => (
        <li key={stage.name} className={`flex items-center justify-between gap-3 ${COLORS[stage.state]}`}>
          <span>
            <span aria-hidden="true">{MARKS[stage.state]}</span> {STAGE_TITLES[stage.name] ?? stage.name}
            <span className="sr-only"> ({stage.state})</span>
          </span>
          <span className="font-mono text-xs text-slate-500">{stage.seconds.toFixed(1)} s</span>
        </li>
      ))}
    </ol>
  );
}
