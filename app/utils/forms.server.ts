import { data } from "@remix-run/node";
import type { z } from "zod";
import { SECRET_FIELDS } from "~/schemas/identity";
import { AppError, isAccessError } from "./app-error";

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

/*
 * The one error path. Domain code throws only AppError; the edge answers it in one of these
 * ways, and nowhere else decides:
 * - a form failure (the message at its field, the input kept) — `failureFromError`;
 * - a status page (404 for outsiders, 403 for insiders without the right, or the refusal's own
 *   status where no form can show it) — `throwAsResponse`, and `domainRoute` around every
 *   loader and action for what nothing caught;
 * - problem details (RFC 9457) for JSON callers — `problemDetails`.
 */

/** An AppError from the domain, answered like a validation failure (message at its field). */
export function failureFromError(
  error: unknown,
  formData: FormData,
  /** Where the form shows a field the domain names (its rows may not be the domain's lines). */
  formField: (field: string) => string = (field) => field,
) {
  if (!(error instanceof AppError)) throw error;
  // Who may not see or do this gets the status page, not a form with a message.
  if (isAccessError(error)) throwAsResponse(error);
  const errors = error.fields
    ? Object.fromEntries(Object.entries(error.fields).map(([field, message]) => [formField(field), message]))
    : { [formField(error.field ?? "form")]: `errors.${error.code}` };
  return data<FormFailure>({ errors, values: submittedValues(formData) }, { status: error.status });
}

/**
 * A refusal shown above a page's forms, where no field can hold it: its message, with its
 * status. What is not found (or not to be seen) is the status page instead.
 */
export function pageFailure(error: unknown) {
  if (!(error instanceof AppError) || error.status === 404) throwAsResponse(error);
  return data({ error: `errors.${error.code}` }, { status: error.status });
}

/** For actions without a form to show errors on: a domain refusal becomes its HTTP status. */
export function throwAsResponse(error: unknown): never {
  if (error instanceof AppError) throw data(null, { status: error.status });
  throw error;
}

/**
 * A loader or action whose domain refusals nothing else caught: they become their status page
 * (what Remix would otherwise answer with a 500). Routes write
 * `export const loader = /* @__PURE__ *\/ domainRoute(async function loader(…) {…})`: Remix drops
 * the export from the browser bundle, and the mark lets esbuild drop the call with it (this
 * module is empty in the browser, so a call left behind would break the page).
 */
export function domainRoute<Args, Result>(handler: (args: Args) => Promise<Result>): (args: Args) => Promise<Result> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (error instanceof AppError) throwAsResponse(error);
      throw error;
    }
  };
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** The refusal's code: what a partner's program branches on. */
  code: string;
  field?: string;
  /** With "invalid": each field's message key. */
  fields?: Record<string, string>;
}

/** RFC 9457 problem details for a refusal, for callers that speak JSON. */
export function problemDetails(error: AppError): ProblemDetails {
  return {
    type: `urn:silu-gateway:problem:${error.code}`,
    title: error.code,
    status: error.status,
    code: error.code,
    ...(error.field ? { field: error.field } : {}),
    ...(error.fields ? { fields: error.fields } : {}),
  };
}

/** The problem details as a response (`application/problem+json`). */
export function problemResponse(error: AppError): Response {
  return new Response(JSON.stringify(problemDetails(error)), {
    status: error.status,
    headers: { "Content-Type": "application/problem+json" },
  });
}
