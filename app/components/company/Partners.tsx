import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { LANGUAGE_OPTIONS, SelectField } from "~/components/SelectField";
import type { CompanyView } from "~/domain/identity/company-view";
import { LANGUAGE_ENDONYMS } from "~/i18n/config";
import type { FormFailure } from "~/utils/forms.server";

/** The foreign partners the company works with, and inviting another. */
export function Partners({
  partners,
  canInvite,
  errors,
  values,
}: {
  partners: CompanyView["partners"];
  canInvite: boolean;
} & FormFailure) {
  const { t } = useTranslation("account");
  return (
    <section aria-labelledby="partners-heading">
      <h2 id="partners-heading">{t("company.partners")}</h2>
      <p>{t("company.partnersIntro")}</p>
      {partners.length > 0 ? (
        <ul>
          {partners.map((partner) => (
            <li key={partner.id}>
              <bdi>{partner.name}</bdi> (<bdi>{partner.email}</bdi>) ·{" "}
              {LANGUAGE_ENDONYMS[partner.locale as keyof typeof LANGUAGE_ENDONYMS] ?? partner.locale}
            </li>
          ))}
        </ul>
      ) : null}
      {canInvite ? (
        <>
          <h3>{t("company.invitePartner")}</h3>
          <FormError error={errors.form} />
          <Form method="post" className="stacked-form" noValidate>
            <input type="hidden" name="intent" value="invitePartner" />
            <FormField
              name="email"
              id="partner-email"
              label={t("company.partnerEmail")}
              type="email"
              required
              defaultValue={values.email ?? ""}
              error={errors.email}
            />
            <SelectField
              id="partner-locale"
              name="locale"
              label={t("company.partnerLanguage")}
              defaultValue={values.locale ?? "en"}
              options={LANGUAGE_OPTIONS}
            />
            <button type="submit">{t("company.sendInvitation")}</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
