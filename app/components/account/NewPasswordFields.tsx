import { useTranslation } from "react-i18next";
import { FormField } from "~/components/FormField";
import type { FormFailure } from "~/utils/forms.server";

/**
 * A new password and the same again, with the password rules as the hint: registering,
 * resetting a forgotten password and changing it. Never filled in again after a failure.
 */
export function NewPasswordFields({
  labels,
  errors,
  ids,
}: {
  labels: { password: string; confirm: string };
  /** Where the page has another password field, ids that tell them apart. */
  ids?: { password: string; confirm: string };
} & Pick<FormFailure, "errors">) {
  const { t } = useTranslation("account");
  return (
    <>
      <FormField
        name="password"
        id={ids?.password}
        label={labels.password}
        hint={t("register.passwordHint")}
        type="password"
        required
        autoComplete="new-password"
        error={errors.password}
      />
      <FormField
        name="confirmPassword"
        id={ids?.confirm}
        label={labels.confirm}
        type="password"
        required
        autoComplete="new-password"
        error={errors.confirmPassword}
      />
    </>
  );
}
