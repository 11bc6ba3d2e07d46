import { data } from "@remix-run/node";
import type { z } from "zod";
import { SECRET_FIELDS } from "~/schemas/identity";
import { AppError } from "./app-error";

export type FieldErrors = Record<string, string>;

export interface FormFailure {
  /** Translation keys by field; "form" for a message about the whole form. */
  errors: FieldErrors;
  /** What was typed, to fill the form again (never passwords). */
  values: Record<string, string>;
}

export function submittedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !SECRET_FIELDS.has(key)) values[key] = value;
  }
  return values;
}

/**
 * The one action shape: parse the form with its zod schema; on failure answer 400 with the
 * field errors (translation keys) and the submitted values, so the page shows each message at
 * its field and keeps the rest of the input.
 */
export function parseForm<S extends z.ZodTypeAny>(
  formData: FormData,
  schema: S,
  /** Fields sent several times (checkboxes), read as lists. */
  lists: string[] = [],
): { ok: true; data: z.infer<S> } | { ok: false; failure: ReturnType<typeof data<FormFailure>> } {
  const input: Record<string, unknown> = Object.fromEntries(formData.entries());
  for (const name of lists) input[name] = formData.getAll(name);
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, failure: data({ errors, values: submittedValues(formData) }, { status: 400 }) };
}

/** An AppError from the domain, answered like a validation failure (message at its field). */
export function failureFromError(error: unknown, formData: FormData) {
  if (!(error instanceof AppError)) throw error;
  return data<FormFailure>(
    { errors: { [error.field ?? "form"]: `errors.${error.code}` }, values: submittedValues(formData) },
    { status: error.status },
  );
}

/** For actions without a form to show errors on: a domain refusal becomes its HTTP status. */
export function throwAsResponse(error: unknown): never {
  if (error instanceof AppError) throw data(null, { status: error.status });
  throw error;
}
