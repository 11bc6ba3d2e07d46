import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, shownValue } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { keepWeekdays, ServiceFields, shownWeekdays } from "~/components/operations/ServiceForm";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { servicesPage } from "~/domain/scheduling/operations-view.server";
import { createService } from "~/domain/scheduling/services.server";
import { fixedT } from "~/i18n/i18next.server";
import { CreateServiceSchema } from "~/schemas/operations";
import { db } from "~/utils/db.server";
import { domainRoute, failureFromError, parseForm, type FormFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account", "operations"] };

/** Port staff: the services leaving their ports; supervisors add new ones here. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor } = await requireActor(db(), request, locale);
  const [page, t, { notice, headers }] = await Promise.all([
    servicesPage(db(), actor, locale),
    fixedT(locale, "operations"),
    takeNotice(request),
  ]);
  return data({ ...page, title: t("services.title"), notice }, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  keepWeekdays(formData);
  const parsed = parseForm(formData, CreateServiceSchema, ["weekdays"]);
  if (!parsed.ok) return parsed.failure;
  try {
    const service = await createService(db(), actor, parsed.data, requestMeta(context, request));
    return redirectWithNotice(`/${locale}/staff/services/${service.code}`, { code: "serviceSaved" });
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffServices() {
  const { t } = useTranslation(["operations", "common"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const value = shownValue(failure?.values ?? {});
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/${lang}/staff`}>{t("staffConsole")}</Link>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">{t("services.lead")}</p>
      <NoticeMessage notice={page.notice} />
      {page.services.length === 0 ? (
        <p className="empty">{t("services.empty")}</p>
      ) : (
        <div className="scroll-x">
          <table className="capacity-table" data-testid="services">
            <thead>
              <tr>
                <th scope="col">{t("services.columns.service")}</th>
                <th scope="col">{t("services.columns.route")}</th>
                <th scope="col">{t("services.columns.pattern")}</th>
                <th scope="col">{t("services.columns.departures")}</th>
              </tr>
            </thead>
            <tbody>
              {page.services.map((service) => (
                <tr key={service.code}>
                  <td>
                    <Link to={`/${lang}/staff/services/${service.code}`}>
                      <bdi>{service.code}</bdi>
                    </Link>{" "}
                    · <bdi>{service.serviceNumber}</bdi>
                  </td>
                  <td>
                    <bdi>{service.origin}</bdi> → <bdi>{service.destination}</bdi>
                  </td>
                  <td>
                    {service.weekdays.map((day) => t(`weekday.${day}`)).join(" ")} {service.departureLocalTime}
                  </td>
                  <td>{service.departures}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.origins.length > 0 ? (
        <section aria-labelledby="services-new">
          <h2 id="services-new">{t("services.new")}</h2>
          <FormError error={Object.keys(errors).length > 0 ? (errors.form ?? "errors.form") : undefined} />
          <Form method="post" className="stacked-form narrow" noValidate data-testid="service-form">
            <ServiceFields
              value={(name) => value(name, name === "originCode" ? page.origins[0]?.value : undefined)}
              errors={errors}
              weekdays={shownWeekdays(failure?.values, [])}
              corridors={page.corridors}
              places={page.places}
              origins={page.origins}
            />
            <button type="submit">{t("services.create")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
