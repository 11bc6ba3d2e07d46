import { useTranslation } from "react-i18next";
import { translateFieldMessage } from "~/utils/field-message";
import { LANGUAGE_ENDONYMS, SUPPORTED_LOCALES } from "~/i18n/config";

interface SelectFieldProps {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
  /** A translation key (account namespace) from the server's validation. */
  error?: string;
  options: { value: string; label: string; lang?: string }[];
}

/** A labelled select with its error message. */
export function SelectField({ id, name, label, defaultValue, error, options }: SelectFieldProps) {
  // Field messages come from the account or the booking namespace, whichever has the key.
  const { t } = useTranslation(["account", "booking", "payments", "instructions", "terminal", "operations"], {
    nsMode: "fallback",
  });
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {translateFieldMessage(t, error)}
        </p>
      ) : null}
    </div>
  );
}

/** The portal's languages, each named in itself. */
export const LANGUAGE_OPTIONS = SUPPORTED_LOCALES.map((code) => ({
  value: code,
  label: LANGUAGE_ENDONYMS[code],
  lang: code,
}));

/**
 * IANA time zones as options. The list comes from the server's loader: the browser's own
 * list may differ, and the page must render the same on both sides.
 */
export const timeZoneOptions = (zones: string[]) => zones.map((zone) => ({ value: zone, label: zone }));
