import type { InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

interface Props extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  hint?: string;
  /** A translation key from the server's validation (account, booking or payments namespace). */
  error?: string;
}

/** A labelled input with its hint and its error message, both announced with the field. */
export function FormField({ name, label, hint, error, id, ...input }: Props) {
  // Field messages come from the account, booking or payments namespace, whichever has the key.
  const { t } = useTranslation(["account", "booking", "payments"], { nsMode: "fallback" });
  const fieldId = id ?? `field-${name}`;
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p className="field-hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {error ? (
        <p className="field-error" id={`${fieldId}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

/** A message about the whole form (e.g. wrong e-mail or password), announced when it appears. */
export function FormError({ error }: { error?: string }) {
  // Field messages come from the account, booking or payments namespace, whichever has the key.
  const { t } = useTranslation(["account", "booking", "payments"], { nsMode: "fallback" });
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {t(error)}
    </p>
  );
}
