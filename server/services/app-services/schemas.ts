import { z } from "zod";
import { ZEnvVars, ZInstances } from "@/server/services/apps/schemas";
import { ZRepositoryInput, ZUpdateRepositoryRequest } from "@/server/services/repositories/schemas";

export const SERVICE_LABELS = ["repository", "postgres", "mongodb", "worker"] as const;
export type ServiceLabel = (typeof SERVICE_LABELS)[number];
export const ZServiceLabel = z.enum(SERVICE_LABELS, {
  error: "A service's label is repository, postgres, mongodb or worker.",
});

const ZPostgresVariant = z.enum(["postgres_micro"], { error: "The postgres variant is postgres_micro." });
const ZMongodbVariant = z.enum(["mongodb_micro"], { error: "The mongodb variant is mongodb_micro." });
const ZWorkerVariant = z.enum(["python"], { error: "The worker variant is python." });

export const ZWorkerSettings = z.object({
  variant: ZWorkerVariant.optional(),
  instances: ZInstances.optional(),
  envvars: ZEnvVars.optional(),
});
export type TWorkerSettings = z.output<typeof ZWorkerSettings>;

export const ZCreateServiceRequest = z.discriminatedUnion(
  "label",
  [
    ZRepositoryInput.extend({ label: z.literal("repository") }),
    z.object({ label: z.literal("postgres"), variant: ZPostgresVariant.optional() }),
    z.object({ label: z.literal("mongodb"), variant: ZMongodbVariant.optional() }),
    ZWorkerSettings.extend({ label: z.literal("worker") }),
  ],
  { error: "A service's label is repository, postgres, mongodb or worker." },
);
export type TCreateServiceRequest = z.input<typeof ZCreateServiceRequest>;
export type TCreateServiceParsed = z.output<typeof ZCreateServiceRequest>;

/** What may change, per label. */
export const ZUpdateServiceRequests = {
  repository: ZUpdateRepositoryRequest,
  postgres: z.object({ variant: ZPostgresVariant.optional() }),
  mongodb: z.object({ variant: ZMongodbVariant.optional() }),
  worker: ZWorkerSettings,
} as const;

export const ZUpdateServiceRequest = z.discriminatedUnion("label", [
  ZUpdateRepositoryRequest.extend({ label: z.literal("repository") }),
  ZUpdateServiceRequests.postgres.extend({ label: z.literal("postgres") }),
  ZUpdateServiceRequests.mongodb.extend({ label: z.literal("mongodb") }),
  ZWorkerSettings.extend({ label: z.literal("worker") }),
]);
export type TUpdateServiceParsed = z.output<typeof ZUpdateServiceRequest>;
