import { useTranslation } from "react-i18next";
import { STAFF_ROLES } from "~/domain/identity/permissions";

/** The ports a staff member works at, as checkboxes. */
export function PortBoxes({
  prefix,
  ports,
  checked,
}: {
  prefix: string;
  ports: { code: string; name: string }[];
  checked: string[];
}) {
  const { t } = useTranslation("account");
  return (
    <fieldset className="port-boxes">
      <legend>{t("admin.ports")}</legend>
      {ports.map((port) => (
        <label key={port.code}>
          <input
            type="checkbox"
            name="ports"
            value={port.code}
            defaultChecked={checked.includes(port.code)}
            id={`${prefix}-${port.code}`}
          />{" "}
          {port.name}
        </label>
      ))}
    </fieldset>
  );
}

/** A staff member's role (operator or supervisor). */
export function StaffRoleSelect({ id, defaultValue }: { id: string; defaultValue: string }) {
  const { t } = useTranslation("account");
  return (
    <div className="field">
      <label htmlFor={id}>{t("admin.role")}</label>
      <select id={id} name="role" defaultValue={defaultValue}>
        {STAFF_ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`admin.staffRole.${role}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
