import type { Command } from "commander";
import { logbookIdOf, type ApiAnswer } from "../api-client";
import { followLogbook } from "../follow-logbook";
import { note, printLines, printRaw } from "../output";
import { openSession, type GlobalOptions, type Session } from "../session";

export function sessionFor(command: Command): Promise<Session> {
  return openSession(command.optsWithGlobals<GlobalOptions>());
}

/** The server's JSON as sent with -R; otherwise the text rendering. */
export function present(session: Session, answer: ApiAnswer, render: () => string[]): void {
  if (session.settings.raw) printRaw(answer.text);
  else printLines(render());
}

/** A change without a body to show (204): silent with -R, a short confirmation otherwise. */
export function done(session: Session, message: string): void {
  if (!session.settings.raw) note(message);
}

/**
 * Every action answers 202 with its logbook's location; the command's outcome is the
 * action's: follow the logbook to its end and exit with its result.
 */
export async function queueAndFollow(
  session: Session,
  path: string,
  action: string,
  options?: Record<string, unknown>,
): Promise<number> {
  const answer = await session.api.request("POST", path, options ? { action, options } : { action });
  const id = logbookIdOf(answer);
  if (!session.settings.raw) note(`${action} queued; logbook ${id}`);
  const code = await followLogbook({ api: session.api, id, raw: session.settings.raw });
  if (!session.settings.raw) note(code === 0 ? `${action} finished.` : `${action} ended in error.`);
  return code;
}

/** Parses a whole number option, with the option's name in the message. */
export function wholeNumber(name: string, min = 0): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < min) {
      throw new Error(
        `${name} must be a whole number${min > 0 ? ` of at least ${min}` : ""}, not "${value}"`,
      );
    }
    return Number(value);
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
