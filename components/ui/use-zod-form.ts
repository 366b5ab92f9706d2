"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type FieldValues, type Path, type UseFormProps, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import { errorMessage, fieldIssues } from "@/lib/trpc/errors";

/**
 * react-hook-form driven by the same zod schema the server parses with, so the browser
 * shows the server's own messages before a request is even sent.
 */
export function useZodForm<TInput extends FieldValues, TOutput extends FieldValues>(
  schema: z.ZodType<TOutput, TInput>,
  options?: Omit<UseFormProps<TInput, unknown, TOutput>, "resolver">,
): UseFormReturn<TInput, unknown, TOutput> {
  return useForm<TInput, unknown, TOutput>({ mode: "onTouched", ...options, resolver: zodResolver(schema) });
}

/**
 * Puts a failed mutation's field messages on the matching fields; returns the message to
 * show above the form, or null when every issue found its field.
 */
export function applyServerError<T extends FieldValues>(
  form: UseFormReturn<T, unknown, FieldValues> | UseFormReturn<T, unknown, T>,
  error: unknown,
  fieldPrefix = "",
): string | null {
  const issues = fieldIssues(error);
  const known = new Set(Object.keys(form.getValues()));
  let unmatched = issues.length === 0;
  for (const issue of issues) {
    const path =
      fieldPrefix && issue.path.startsWith(fieldPrefix) ? issue.path.slice(fieldPrefix.length) : issue.path;
    const root = path.split(".")[0] ?? "";
    if (known.has(root)) {
      form.setError(path as Path<T>, { type: "server", message: issue.message });
    } else {
      unmatched = true;
    }
  }
  return unmatched ? errorMessage(error) : null;
}
