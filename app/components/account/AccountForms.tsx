import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { LANGUAGE_OPTIONS, SelectField, timeZoneOptions } from "~/components/SelectField";
import type { AccountView } from "~/domain/identity/account-view";
import { NewPasswordFields } from "./NewPasswordFields";
import type { FormFailure } from "~/utils/forms.server";

/** Name, language and time zone. */
export function ProfileForm({
  user,
  timeZones,
  errors,
  values,
}: { user: AccountView["user"]; timeZones: string[] } & FormFailure) {
  const { t } = useTranslation("account");
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t("profile.title")}</h2>
      <Form method="post" className="stacked-form" noValidate>
        <input type="hidden" name="intent" value="updateProfile" />
        <FormField
          name="name"
          id="profile-name"
          label={t("account.name")}
          required
          defaultValue={values.name ?? user.name}
          error={errors.name}
        />
        <SelectField
          id="profile-locale"
          name="locale"
          label={t("profile.language")}
          defaultValue={user.locale}
          options={LANGUAGE_OPTIONS}
        />
        <SelectField
          id="profile-timeZone"
          name="timeZone"
          label={t("profile.timeZone")}
          defaultValue={user.timeZone}
          error={errors.timeZone}
          options={timeZoneOptions(timeZones)}
        />
        <button type="submit">{t("profile.save")}</button>
      </Form>
    </section>
  );
}

/** Changing the password: the current one, and the new one twice. */
export function ChangePasswordForm({ errors }: Pick<FormFailure, "errors">) {
  const { t } = useTranslation("account");
  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">{t("changePassword.title")}</h2>
      <FormError error={errors.form} />
      <Form method="post" className="stacked-form" noValidate>
        <input type="hidden" name="intent" value="changePassword" />
        <FormField
          name="currentPassword"
          label={t("changePassword.current")}
          type="password"
          required
          autoComplete="current-password"
          error={errors.currentPassword}
        />
        <NewPasswordFields
          labels={{ password: t("changePassword.new"), confirm: t("changePassword.confirm") }}
          ids={{ password: "new-password", confirm: "confirm-new-password" }}
          errors={errors}
        />
        <button type="submit">{t("changePassword.submit")}</button>
      </Form>
    </section>
  );
}
