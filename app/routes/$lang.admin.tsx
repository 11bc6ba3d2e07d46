import { CompanyCreditTable, PlaceList } from "~/components/admin/AdminSections";
import { StaffSection } from "~/components/admin/StaffSection";
import { presentAdmin } from "~/domain/admin/admin-view";
import { adminOverview, setCreditStatus } from "~/domain/admin/companies.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { createStaff, updateStaff } from "~/domain/admin/staff.server";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { requestMeta, takeNotice } from "~/domain/identity/session.server";
import { loadCatalog } from "~/domain/places/catalog.server";
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
  const [overview, catalog, t, { notice, headers }] = await Promise.all([
    adminOverview(db()),
    loadCatalog(db()),
    fixedT(locale, "account"),
    takeNotice(request),
  ]);
  const page = { title: t("admin.title"), notice, ...presentAdmin(overview, catalog, locale) };
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
      <p>
        <Link to={`/${lang}/staff/rates`}>{t("rates.link")}</Link>
      </p>
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

      <CompanyCreditTable companies={page.companies} />
      <PlaceList places={page.places} />
      <StaffSection staff={page.staff} ports={page.ports} createErrors={createErrors} createValues={createValues} />
    </>
  );
}
