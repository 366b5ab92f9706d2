import { CliError } from "./errors";

/** Service labels as the API names them, and the names people type for them. */
const LABEL_ALIASES: Record<string, string> = {
  repository: "repository",
  database: "postgres",
  postgres: "postgres",
  mongodb: "mongodb",
  worker: "worker",
};

export type Target = { app: string; label?: string };

/** `<app>` or `<app>.<service>`, e.g. `blog.worker`, `blog.database` (= postgres). */
export function parseTarget(text: string): Target {
  const dot = text.indexOf(".");
  if (dot < 0) {
    if (!text) throw new CliError("name an app");
    return { app: text };
  }
  const app = text.slice(0, dot);
  const typed = text.slice(dot + 1);
  const label = LABEL_ALIASES[typed];
  if (!app || !label) {
    throw new CliError(
      `"${text}" is not <app> or <app>.<service> (services: repository, database, postgres, mongodb, worker)`,
    );
  }
  return { app, label };
}

export function appPath(app: string): string {
  return `apps/${encodeURIComponent(app)}`;
}

export function targetPath(target: Target): string {
  return target.label ? `${appPath(target.app)}/services/${target.label}` : appPath(target.app);
}

/** Only some services take a given command (e.g. `scale` an app or its worker). */
export function requireLabel(target: Target, allowed: (string | undefined)[], command: string): void {
  if (!allowed.includes(target.label)) {
    const names = allowed.map((l) => (l ? `<app>.${l}` : "<app>")).join(" or ");
    throw new CliError(`${command} works on ${names}`);
  }
}
