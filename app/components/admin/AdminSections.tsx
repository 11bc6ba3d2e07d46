import { Form, Link, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CREDIT_STATUSES } from "~/domain/admin/credit-status";
import type { AdminView } from "~/domain/admin/admin-view";

/** Every company with its people, and its credit status for the admin to change. */
export function CompanyCreditTable({ companies }: { companies: AdminView["companies"] }) {
  const { t } = useTranslation("account");
  return (
    <section aria-labelledby="companies-heading">
      <h2 id="companies-heading">{t("admin.companies")}</h2>
      <table className="capacity-table">
        <thead>
          <tr>
            <th scope="col">{t("company.title")}</th>
            <th scope="col">{t("admin.creditCode")}</th>
            <th scope="col">{t("admin.members")}</th>
            <th scope="col">{t("admin.creditStatus")}</th>
          </tr>
        </thead>
        <tbody>
          {companies.map((company) => (
            <tr key={company.id}>
              <td>
                {company.name}
                <br />
                <span className="iso-code">{company.latinName}</span>
              </td>
              <td>{company.creditCode}</td>
              <td>{company.members}</td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="creditStatus" />
                  <input type="hidden" name="companyId" value={company.id} />
                  <label className="visually-hidden" htmlFor={`credit-${company.id}`}>
                    {t("admin.creditStatusOf", { company: company.name })}
                  </label>
                  <select id={`credit-${company.id}`} name="creditStatus" defaultValue={company.creditStatus}>
                    {CREDIT_STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {t(`company.creditStatus.${status}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit">{t("admin.save")}</button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Every place, each linking to its edit page. */
export function PlaceList({ places }: { places: AdminView["places"] }) {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  return (
    <section aria-labelledby="places-heading">
      <h2 id="places-heading">{t("admin.places")}</h2>
      <ul className="place-list">
        {places.map((place) => (
          <li key={place.code}>
            <Link to={`/${lang}/admin/ports/${encodeURIComponent(place.code)}`}>{place.name}</Link>{" "}
            <span className="iso-code">
              {place.code} · {place.timeZone}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
