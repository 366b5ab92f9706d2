import { z } from "zod";

const ZOccurrence = z.union(
  [z.literal("all"), z.number().int().min(1, "occurrence must be at least 1.").max(100)],
  { error: 'occurrence is a number of instances or "all".' },
);

const ZCommand = z
  .string({ error: "Enter the command to run." })
  .trim()
  .min(1, "Enter the command to run.")
  .max(4000, "A command can be at most 4000 characters.");

/** The Actions API body, one schema per action (rest-api.md "Actions API"). */
export const ZActionRequest = z.discriminatedUnion(
  "action",
  [
    z.object({
      action: z.literal("deploy"),
      options: z.object({ clean: z.boolean().default(false) }).default({ clean: false }),
    }),
    z.object({
      action: z.literal("runcommand"),
      options: z.object({ command: ZCommand, occurrence: ZOccurrence.default(1) }),
    }),
    z.object({
      action: z.literal("djangocommand"),
      options: z.object({ command: ZCommand, occurrence: ZOccurrence.default(1) }),
    }),
    z.object({
      action: z.literal("scale"),
      options: z.object({
        instances: z
          .number({ error: "instances is the number of instances to run." })
          .int("instances must be a whole number.")
          .min(0, "instances cannot be negative (0 pauses the app).")
          .max(50, "At most 50 instances."),
      }),
    }),
    z.object({ action: z.literal("restart"), options: z.object({}).default({}) }),
    z.object({ action: z.literal("publish"), options: z.object({}).default({}) }),
    z.object({
      action: z.literal("rollback"),
      // Without a number: the release before the current one (resolved when queued).
      options: z
        .object({
          release: z
            .number({ error: "release is the number of a kept release." })
            .int("release is the number of a kept release.")
            .min(1, "release is the number of a kept release.")
            .optional(),
        })
        .default({}),
    }),
    z.object({ action: z.literal("backup"), options: z.object({}).default({}) }),
    z.object({
      action: z.literal("restore"),
      // From a URL the platform downloads, or from a file uploaded to the platform beforehand.
      options: z
        .object({
          location: z
            .string({ error: "location is the URL of a pg_dump -Fc file." })
            .trim()
            .max(2000, "location can be at most 2000 characters.")
            .refine((value) => /^https?:\/\/[^\s]+$/i.test(value) && URL.canParse(value), {
              message: "location must be an http or https URL of a pg_dump -Fc file.",
            })
            .optional(),
          upload: z
            .string({ error: "upload is the id of a file uploaded for this app's database." })
            .uuid("upload is the id of a file uploaded for this app's database.")
            .optional(),
        })
        .refine((options) => (options.location === undefined) !== (options.upload === undefined), {
          message:
            "Give either location (the URL of a pg_dump -Fc file) or upload (the id of a dump uploaded for this app), not both.",
        }),
    }),
  ],
  {
    error:
      "Unknown action: use deploy, runcommand, djangocommand, scale, restart, publish or rollback (backup and restore on the postgres service).",
  },
);
export type TActionRequest = z.infer<typeof ZActionRequest>;
export type ActionKind = TActionRequest["action"];

/** Which actions make sense for a worker service (deploying is done through the app). */
export const WORKER_ACTIONS: readonly ActionKind[] = ["runcommand", "djangocommand", "scale", "restart"];

/** The postgres service's actions: queued for the app (one action at a time per app). */
export const DATABASE_ACTIONS: readonly ActionKind[] = ["backup", "restore"];

/** The name the original API reported in a logbook's `action` field. */
export function actionClassName(kind: string, target: "app" | "worker"): string {
  const names: Record<string, string> = {
    deploy: "Deploy",
    runcommand: "Runcommand",
    djangocommand: "Djangocommand",
    scale: "Scale",
    restart: "Restart",
    publish: "Publish",
    rollback: "Rollback",
    // Queued by the platform itself, never by a request (billing/free-stop, billing/plan-period).
    freestop: "FreeStop",
    unpublish: "Unpublish",
    delete: "Delete",
    // Recorded, never run: variables changed while nothing ran that a restart could update.
    setvars: "SetVars",
  };
  if (kind === "backup") return "PostgresBackupAction";
  if (kind === "restore") return "PostgresRestoreAction";
  return `${target === "worker" ? "Worker" : "App"}${names[kind] ?? "Unknown"}Action`;
}
