import { refProblem } from "@/server/services/repositories/ref-rule";
import { z } from "zod";
import { ZAppName } from "@/server/services/names";
import { ZRepositoryInput } from "@/server/services/repositories/schemas";

/** Branch, tag or commit. Refs are passed to git/hg, so nothing that reads as an option. */
export const ZRepoCommit = z
  .string()
  .trim()
  .min(1, "Enter a branch, tag or commit (HEAD for the default branch).")
  .superRefine((ref, ctx) => {
    const problem = refProblem(ref);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const ZInstances = z
  .number({ error: "Instances must be a whole number." })
  .int("Instances must be a whole number.")
  .min(0, "Instances cannot be negative (0 pauses the app).")
  .max(50, "An app can run at most 50 instances.");

export const ZEnvVarName = z
  .string()
  .trim()
  .min(1, "Enter the variable's name.")
  .max(128, "A variable name can be at most 128 characters.")
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    "Variable names use letters, digits and underscores, and cannot start with a digit.",
  );

export const ZEnvVar = z.object({
  name: ZEnvVarName,
  value: z.string().max(8192, "A variable's value can be at most 8192 characters."),
  /** Secret values are encrypted at rest and masked when read. Defaults by name. */
  secret: z.boolean().optional(),
});
export type TEnvVar = z.infer<typeof ZEnvVar>;

export const ZEnvVars = z
  .array(ZEnvVar)
  .max(200, "An app can have at most 200 variables.")
  .superRefine((vars, ctx) => {
    const seen = new Set<string>();
    vars.forEach((v, index) => {
      if (seen.has(v.name)) {
        ctx.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `The variable ${v.name} is listed twice.`,
        });
      }
      seen.add(v.name);
    });
  });

export const ZCnameRecord = z.object({
  record: z
    .string()
    .trim()
    .toLowerCase()
    .max(253, "A host name can be at most 253 characters.")
    .regex(
      /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      "Enter a host name such as www.example.org.",
    ),
});

export const ZCnameRecords = z
  .array(ZCnameRecord)
  .max(20, "An app can have at most 20 CNAMEs.")
  .transform((items) => [...new Set(items.map((item) => item.record))]);

export const ZAppVariant = z.enum(["python", "static"], { error: "An app's variant is python or static." });

export const ZCreateAppRequest = z.object({
  name: ZAppName,
  variant: ZAppVariant.optional(),
  region: z.string().trim().min(1).max(40).optional(),
  instances: ZInstances.optional(),
  repo_commit: ZRepoCommit.optional(),
  repository: z.union([ZRepositoryInput, z.string().trim().min(1)]).optional(),
  cname_records: ZCnameRecords.optional(),
  envvars: ZEnvVars.optional(),
  /** Also create a postgres service (the dashboard's checkbox, the CLI's default). */
  database: z.boolean().optional(),
});
export type TCreateAppRequest = z.input<typeof ZCreateAppRequest>;
export type TCreateAppParsed = z.output<typeof ZCreateAppRequest>;

export const ZUpdateAppRequest = z.object({
  variant: ZAppVariant.optional(),
  region: z.string().trim().min(1).max(40).optional(),
  instances: ZInstances.optional(),
  repo_commit: ZRepoCommit.optional(),
  /** Link the app to another repository (by name, or inline to create one). */
  repository: z.union([ZRepositoryInput, z.string().trim().min(1)]).optional(),
  cname_records: ZCnameRecords.optional(),
  envvars: ZEnvVars.optional(),
});
export type TUpdateAppRequest = z.input<typeof ZUpdateAppRequest>;
export type TUpdateAppParsed = z.output<typeof ZUpdateAppRequest>;
