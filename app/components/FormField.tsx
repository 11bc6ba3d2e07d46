import type { InputHTMLAttributes, TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { translateFieldMessage } from "~/utils/field-message";

interface Props extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  hint?: string;
  /** A translation key from the server's validation (account, booking or payments namespace). */
  error?: string;
}

/** A label, hint and error message around a control, both announced with it. */
function Field({
  fieldId,
  label,
  hint,
  error,
  children,
}: {
  fieldId: string;
  label: string;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined) => React.ReactNode;
}) {
  // Field messages come from the account, booking or payments namespace, whichever has the key.
  const { t } = useTranslation(
    ["account", "booking", "payments", "instructions", "terminal", "operations", "disruptions"],
    {
      nsMode: "fallback",
    },
  );
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p className="field-hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      {children(describedBy || undefined)}
      {error ? (
        <p className="field-error" id={`${fieldId}-error`}>
          {translateFieldMessage(t, error)}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its hint and its error message, both announced with the field. */
export function FormField({ name, label, hint, error, id, ...input }: Props) {
  const fieldId = id ?? `field-${name}`;
  return (
    <Field fieldId={fieldId} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <input
          id={fieldId}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
      )}
    </Field>
  );
}

interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

/** A labelled multi-line text (street lines of an address), like FormField. */
export function TextAreaField({ name, label, hint, error, id, ...textarea }: TextAreaProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <Field fieldId={fieldId} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <textarea
          id={fieldId}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...textarea}
        />
      )}
    </Field>
  );
}

/** A message about the whole form (e.g. wrong e-mail or password), announced when it appears. */
export function FormError({ error }: { error?: string }) {
  // Field messages come from the account, booking or payments namespace, whichever has the key.
  const { t } = useTranslation(
    ["account", "booking", "payments", "instructions", "terminal", "operations", "disruptions"],
    {
      nsMode: "fallback",
    },
  );
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {translateFieldMessage(t, error)}
    </p>
  );
}

/**
 * What a form field shows: what was just submitted (kept after a refusal), else what was saved.
 */
export function shownValue(submitted: Record<string, string>) {
  return (name: string, saved: unknown): string =>
    submitted[name] ?? (saved === undefined || saved === null ? "" : String(saved));
}
