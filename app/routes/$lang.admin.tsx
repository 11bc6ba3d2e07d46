import { PortBoxes, StaffRoleSelect } from "~/components/admin/StaffFields";
import { adminOverview } from "~/domain/admin/companies.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { LANGUAGE_OPTIONS, SelectField } from "~/components/SelectField";
import { setCreditStatus } from "~/domain/admin/companies.server";
import { CREDIT_STATUSES } from "~/domain/admin/credit-status";
import { createStaff, updateStaff } from "~/domain/admin/staff.server";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { requestMeta, takeNotice } from "~/domain/identity/session.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { fixedT } from "~/i18n/i18next.server";
import { CreateStaffSchema, CreditStatusSchema, UpdateStaffSchema } from "~/schemas/admin";
import { db } from "~/utils/db.server";
import { failureFromError, parseForm, throwAsResponse, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

/** Platform administration: companies' credit status, port staff and their ports. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor } = await requireActor(db(), request, locale);
  // Not even the existence of this page is shown to anyone but the platform admin.
  if (!can(actor, "manage:company")) throw data(null, { status: 404 });
  const [{ companies, staff }, catalog, t, { notice, headers }] = await Promise.all([
    adminOverview(db()),
    loadCatalog(db()),
    fixedT(locale, "account"),
    takeNotice(request),
  ]);
  const portCodes = [...catalog.places.values()]
    .filter(
      (place) =>
        place.countryCode === "CN" &&
        (place.kind === "AIRPORT" || (place.kind === "RAIL_PORT" && catalog.originCodes.includes(place.code))),
    )
    .map((place) => place.code);
  const page = {
    title: t("admin.title"),
    companies: companies.map((company) => ({
      id: company.id,
      name: company.legalNameZh,
      latinName: company.legalNameLatin,
      creditCode: company.creditCode,
      creditStatus: company.creditStatus,
      members: company._count.memberships,
    })),
    staff: staff.map((member) => ({
      id: member.id,
      name: member.name,
      email: member.email,
      role: member.staffRole ?? "OPERATOR",
      ports: member.staffPorts.map((port) => port.placeCode),
    })),
    ports: portCodes.map((code) => ({ code, name: placeName(catalog, code, locale) })),
    places: [...catalog.places.values()].map((place) => ({
      code: place.code,
      name: placeName(catalog, place.code, locale),
      kind: place.kind,
      timeZone: place.timeZone,
    })),
    notice,
  };
  return data(page, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const { actor } = await requireActor(db(), request, locale);
  if (!can(actor, "manage:company")) throw data(null, { status: 404 });
  const formData = await request.formData();
  const meta = requestMeta(context, request);
  const intent = formData.get("intent");
  try {
    if (intent === "creditStatus") {
      const parsed = parseForm(formData, CreditStatusSchema);
      if (!parsed.ok) return parsed.failure;
      await setCreditStatus(db(), actor, parsed.data.companyId, parsed.data.creditStatus, meta).catch(throwAsResponse);
      return { saved: true as const };
    }
    if (intent === "createStaff") {
      const parsed = parseForm(formData, CreateStaffSchema, ["ports"]);
      if (!parsed.ok) return parsed.failure;
      await createStaff(db(), actor, parsed.data, meta);
      return { created: parsed.data.email };
    }
    if (intent === "updateStaff") {
      const parsed = parseForm(formData, UpdateStaffSchema, ["ports"]);
      if (!parsed.ok) return parsed.failure;
      await updateStaff(db(), actor, parsed.data.userId, parsed.data, meta).catch(throwAsResponse);
      return { saved: true as const };
    }
  } catch (error) {
    return failureFromError(error, formData);
  }
  throw data(null, { status: 400 });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Administration() {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { saved: true } | { created: string } | FormFailure | undefined;
  const failure = result && "errors" in result ? result : undefined;
  const createErrors = failure?.values.intent === "createStaff" ? failure.errors : {};
  const createValues = failure?.values.intent === "createStaff" ? failure.values : {};
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <NoticeMessage notice={page.notice} />
      {result && "saved" in result ? (
        <p className="notice" role="status">
          {t("admin.saved")}
        </p>
      ) : null}
      {result && "created" in result ? (
        <p className="notice" role="status">
          {t("admin.staffCreated", { email: result.created })}
        </p>
      ) : null}
      <FormError
        error={failure && failure.values.intent !== "createStaff" ? (failure.errors.form ?? "errors.form") : undefined}
      />

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
            {page.companies.map((company) => (
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

      <section aria-labelledby="places-heading">
        <h2 id="places-heading">{t("admin.places")}</h2>
        <ul className="place-list">
          {page.places.map((place) => (
            <li key={place.code}>
              <Link to={`/${lang}/admin/ports/${encodeURIComponent(place.code)}`}>{place.name}</Link>{" "}
              <span className="iso-code">
                {place.code} · {place.timeZone}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="staff-heading">
        <h2 id="staff-heading">{t("admin.staff")}</h2>
        {page.staff.map((member) => (
          <Form method="post" key={member.id} className="staff-row" aria-label={member.name}>
            <input type="hidden" name="intent" value="updateStaff" />
            <input type="hidden" name="userId" value={member.id} />
            <p>
              <strong>{member.name}</strong> ({member.email})
            </p>
            <StaffRoleSelect id={`staff-role-${member.id}`} defaultValue={member.role} />
            <PortBoxes prefix={`staff-${member.id}`} ports={page.ports} checked={member.ports} />
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
          <PortBoxes prefix="new-staff" ports={page.ports} checked={[]} />
          {createErrors.ports ? <p className="field-error">{t(createErrors.ports)}</p> : null}
          <button type="submit">{t("admin.create")}</button>
        </Form>
      </section>
    </>
  );
}
