import { importPorts } from "~/domain/imports/import-departures.server";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StaffDashboard } from "~/components/StaffDashboard";
import { staffDashboard } from "~/domain/operations/dashboard.server";
import { dashboardView } from "~/domain/operations/dashboard-view.server";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";
import { domainRoute } from "~/utils/forms.server";

export const handle = {
  i18n: [
    "common",
    "schedules",
    "account",
    "payments",
    "instructions",
    "waybill",
    "terminal",
    "operations",
    "imports",
    "dashboard",
  ],
};

/** Port staff's console: links to their pages and the dashboard of their ports (issue 13). */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor } = await requireActor(db(), request, locale);
  const ports = actor.staffPorts.filter((portCode) => can(actor, "read:departure", { portCode }));
  if (ports.length === 0) throw data(null, { status: 404 });
  const now = new Date();
  const [catalog, t] = await Promise.all([loadCatalog(db()), fixedT(locale, "account")]);
  const dashboard = await staffDashboard(db(), catalog, ports, now);
  return {
    title: t("staff.title"),
    confirmsPayments: actor.staffPorts.some((portCode) => can(actor, "confirm:payment", { portCode })),
    keepsRates: can(actor, "manage:exchangeRate"),
    seesServices: actor.staffPorts.some((portCode) => can(actor, "read:service", { portCode })),
    importsDepartures: importPorts(actor).length > 0,
    reopensInstructions: actor.staffPorts.some((portCode) => can(actor, "reopen:instructions", { portCode })),
    handlesWaybills: actor.staffPorts.some(
      (portCode) => can(actor, "issue:waybill", { portCode }) || can(actor, "surrender:waybill", { portCode }),
    ),
    ports: ports.map((code) => ({ code, name: placeName(catalog, code, locale) })),
    portList: new Intl.ListFormat(locale, { type: "conjunction" }).format(
      ports.map((code) => placeName(catalog, code, locale)),
    ),
    dashboard: dashboardView(dashboard, catalog, locale, await fixedT(locale, "dashboard"), now),
  };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffConsole() {
  const { t } = useTranslation(["account", "common"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staff.title")}</h1>
      <p className="lead" data-testid="staff-ports">
        {t("staff.ports", { ports: page.portList })}
      </p>
      {page.seesServices ? (
        <p>
          <Link to={`/${lang}/staff/services`}>{t("operations:services.link")}</Link>
        </p>
      ) : null}
      {page.confirmsPayments ? (
        <p>
          <Link to={`/${lang}/staff/payments`}>{t("payments:staff.link")}</Link>
        </p>
      ) : null}
      {page.reopensInstructions ? (
        <p>
          <Link to={`/${lang}/staff/instructions`}>{t("instructions:staff.link")}</Link>
        </p>
      ) : null}
      {page.handlesWaybills ? (
        <p>
          <Link to={`/${lang}/staff/waybills`}>{t("waybill:staff.link")}</Link>
        </p>
      ) : null}
      {page.importsDepartures ? (
        <p>
          <Link to={`/${lang}/staff/imports`}>{t("imports:link")}</Link>
        </p>
      ) : null}
      {page.keepsRates ? (
        <p>
          <Link to={`/${lang}/staff/rates`}>{t("rates.link")}</Link>
        </p>
      ) : null}
      <StaffDashboard view={page.dashboard} lang={lang!} />
    </>
  );
}
