/**
 * The line that best says why a deploy failed, for the app page's banner. The app's own
 * output comes first: a Python exception's summary (`SyntaxError: expected ':'`,
 * `ModuleNotFoundError: …`), then any other line of its output that reads as an error. The
 * server's own boot trace (gunicorn's `[time] [pid] [LEVEL]` lines, "Worker failed to boot")
 * and the traceback's header say nothing about the cause and are passed over. Without any of
 * those: the first line of the platform's own failure message.
 */

// "program: text": how the runtime prefixes a process's output (program names are lowercase).
const PROGRAM_PREFIX = /^[a-z0-9_-]+: /;
// gunicorn's own log format: [2026-01-01 10:00:00 +0000] [12] [ERROR] …
const SERVER_OWN = /^\[\d{4}-\d\d-\d\d [\d:]+ [+-]\d{4}\] \[\d+\] \[[A-Z]+\]/;
// A Python exception's last line: an optionally dotted CamelCase class name, a colon, a reason.
const EXCEPTION_SUMMARY = /^(?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Configured|Exit|Failure)(?::|$)/;
const ERROR_WORDS = /\b(error|exception|fatal|failed|not found|no such|cannot|could not)\b/i;
const NOISE = /^(Traceback \(most recent call last\):|==> |\^+$)/;
// The server's own exceptions (gunicorn.errors.HaltServer: Worker failed to boot) are effects.
const SERVER_EXCEPTION = /^gunicorn\./;
const STAGE_FAILED = /^[A-Z][\w ]* failed: /;

function withoutPrefix(line: string): string {
  return line.replace(PROGRAM_PREFIX, "").trim();
}

export function firstAppError(messages: readonly string[]): string | null {
  const lines = messages.flatMap((m) => m.split("\n"));
  const output = lines
    .map(withoutPrefix)
    .filter((l) => l && !SERVER_OWN.test(l) && !NOISE.test(l) && !SERVER_EXCEPTION.test(l));
  const exception = output.find((l) => EXCEPTION_SUMMARY.test(l));
  const erroring = output.find(
    (l) => ERROR_WORDS.test(l) && !STAGE_FAILED.test(l) && !/^Instance \d+ failed/.test(l),
  );
  const platform = lines.find((l) => STAGE_FAILED.test(l));
  const chosen = exception ?? erroring ?? platform ?? null;
  return chosen ? chosen.slice(0, 300) : null;
}
