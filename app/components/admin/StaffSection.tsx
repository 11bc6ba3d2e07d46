import { Form, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField } from "~/components/FormField";
import { LANGUAGE_OPTIONS, SelectField } from "~/components/SelectField";
import type { AdminView } from "~/domain/admin/admin-view";
import { PortBoxes, StaffRoleSelect } from "./StaffFields";

/** Port staff, each with their role and ports to change, and creating a new staff account. */
export function StaffSection({
  staff,
  ports,
  createErrors,
  createValues,
}: {
  staff: AdminView["staff"];
  ports: AdminView["ports"];
  createErrors: Record<string, string>;
  createValues: Record<string, string>;
}) {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  return (
    <section aria-labelledby="staff-heading">
      <h2 id="staff-heading">{t("admin.staff")}</h2>
      {staff.map((member) => (
        <Form method="post" key={member.id} className="staff-row" aria-label={member.name}>
          <input type="hidden" name="intent" value="updateStaff" />
          <input type="hidden" name="userId" value={member.id} />
          <p>
            <strong>{member.name}</strong> ({member.email})
          </p>
          <StaffRoleSelect id={`staff-role-${member.id}`} defaultValue={member.role} />
          <PortBoxes prefix={`staff-${member.id}`} ports={ports} checked={member.ports} />
          <button type="submit">{t("admin.save")}</button>
        </Form>
      ))}

      <h3>{t("admin.createStaff")}</h3>
      <Form method="post" className="stacked-form" noValidate>
        <input type="hidden" name="intent" value="createStaff" />
        <FormField
          name="name"
          id="new-staff-name"
          label={t("account.name")}
          required
          defaultValue={createValues.name ?? ""}
          error={createErrors.name}
        />
        <FormField
          name="email"
          id="new-staff-email"
          label={t("account.email")}
          type="email"
          required
          defaultValue={createValues.email ?? ""}
          error={createErrors.email}
        />
        <StaffRoleSelect id="new-staff-role" defaultValue={createValues.role ?? "OPERATOR"} />
        <SelectField
          id="new-staff-locale"
          name="locale"
          label={t("profile.language")}
          defaultValue={createValues.locale ?? lang}
          options={LANGUAGE_OPTIONS}
        />
        <PortBoxes prefix="new-staff" ports={ports} checked={[]} />
        {createErrors.ports ? <p className="field-error">{t(createErrors.ports)}</p> : null}
        <button type="submit">{t("admin.create")}</button>
      </Form>
    </section>
  );
}
