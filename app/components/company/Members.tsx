import { Form, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { LANGUAGE_OPTIONS, SelectField } from "~/components/SelectField";
import type { CompanyView } from "~/domain/identity/company-view";
import { COMPANY_ROLES } from "~/domain/identity/permissions";
import type { FormFailure } from "~/utils/forms.server";

/** The company roles, as the options of a select. */
function CompanyRoleOptions() {
  const { t } = useTranslation("account");
  return (
    <>
      {COMPANY_ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`account.role.${role}`)}
        </option>
      ))}
    </>
  );
}

/** The company's people and their roles; whoever manages members changes the others' roles. */
export function MembersTable({ members, canManage }: { members: CompanyView["members"]; canManage: boolean }) {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">{t("company.members")}</h2>
      <table className="capacity-table stacked-table">
        <thead>
          <tr>
            <th scope="col">{t("account.name")}</th>
            <th scope="col">{t("account.email")}</th>
            <th scope="col">{t("company.role")}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <td data-label={t("account.name")}>
                <bdi>{member.name}</bdi>
              </td>
              <td data-label={t("account.email")}>
                <bdi>{member.email}</bdi>
              </td>
              <td data-label={t("company.role")}>
                {canManage && !member.isMe ? (
                  <Form method="post" action={`/${lang}/company/members/${member.id}`} className="inline-form">
                    <label className="visually-hidden" htmlFor={`role-${member.id}`}>
                      {t("company.roleOf", { name: member.name })}
                    </label>
                    <select id={`role-${member.id}`} name="role" defaultValue={member.role}>
                      <CompanyRoleOptions />
                    </select>
                    <button type="submit">{t("company.changeRole")}</button>
                  </Form>
                ) : (
                  t(`account.role.${member.role}`)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Inviting a colleague by e-mail, with their role and the language of the message. */
export function InviteColleague({ errors, values }: FormFailure) {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t("company.inviteColleague")}</h2>
      <FormError error={errors.form} />
      <Form method="post" className="stacked-form" noValidate>
        <input type="hidden" name="intent" value="inviteColleague" />
        <FormField
          name="email"
          id="colleague-email"
          label={t("company.colleagueEmail")}
          type="email"
          required
          defaultValue={values.email ?? ""}
          error={errors.email}
        />
        <div className="field">
          <label htmlFor="colleague-role">{t("company.role")}</label>
          <select id="colleague-role" name="role" defaultValue={values.role ?? "BOOKER"}>
            <CompanyRoleOptions />
          </select>
        </div>
        <SelectField
          id="colleague-locale"
          name="locale"
          label={t("company.messageLanguage")}
          defaultValue={values.locale ?? lang}
          options={LANGUAGE_OPTIONS}
        />
        <button type="submit">{t("company.sendInvitation")}</button>
      </Form>
    </section>
  );
}
