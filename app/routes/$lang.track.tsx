import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/domain/identity/actor.server";
import { homePath } from "~/domain/identity/session.server";
import { listTrackedConsignments, normalizeTrackingQuery } from "~/domain/tracking/track.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "tracking", "verification", "alerts"] };

/**
 * The tracking home (decision 017, 023): an exporter's confirmed bookings and the consignments
 * shared with a partner, each opening its timeline and map; searchable by booking reference,
 * waybill number or container number among those only. Other users go to their own home.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user } = await requireActor(db(), request, locale);
  if (actor.partnerOf.length === 0 && actor.memberships.length === 0) {
    throw redirect(user.kind === "PARTNER" ? `/${locale}/account` : homePath(user, locale));
  }
  const query = normalizeTrackingQuery(new URL(request.url).searchParams.get("q"));
  const [t, consignments] = await Promise.all([
    fixedT(locale, "tracking"),
    listTrackedConsignments(db(), actor, { locale, timeZone: user.timeZone, query }),
  ]);
  return {
    title: t("track.title"),
    zone: user.timeZone,
    query,
    exporter: actor.memberships.length > 0,
    consignments,
  };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Track() {
  const { t } = useTranslation(["tracking", "verification", "alerts"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{page.title}</h1>
      <p className="lead">{t(page.exporter ? "track.leadOwn" : "track.lead", { zone: page.zone })}</p>
      <Form method="get" className="tracking-search" role="search">
        <label htmlFor="tracking-query">{t("track.search.label")}</label>
        <input id="tracking-query" name="q" defaultValue={page.query ?? ""} maxLength={40} autoComplete="off" />
        <button type="submit">{t("track.search.submit")}</button>
        {page.query ? <Link to={`/${lang}/track`}>{t("track.search.clear")}</Link> : null}
      </Form>
      {page.query && page.consignments.length === 0 ? (
        <p className="empty" role="status" data-testid="tracking-no-match">
          {t("track.search.none", { query: page.query })}
        </p>
      ) : page.consignments.length === 0 ? (
        <p className="empty">{t(page.exporter ? "track.emptyOwn" : "track.empty")}</p>
      ) : (
        <table className="capacity-table stacked-table" data-testid="shared-consignments">
          <thead>
            <tr>
              <th scope="col">{t("track.reference")}</th>
              <th scope="col">{t("track.exporter")}</th>
              <th scope="col">{t("track.route")}</th>
              <th scope="col">{t("track.departure")}</th>
              <th scope="col">{t("track.eta")}</th>
              <th scope="col">{t("track.waybill")}</th>
            </tr>
          </thead>
          <tbody>
            {page.consignments.map((row) => (
              <tr key={row.reference} data-testid={`consignment-${row.reference}`}>
                <td data-label={t("track.reference")}>
                  <Link to={`/${lang}/track/${row.reference}`}>
                    <bdi>{row.reference}</bdi>
                  </Link>
                  <a href={`/${lang}/track/${row.reference}/alerts`}>{t("alerts:link")}</a>
                </td>
                <td data-label={t("track.exporter")}>
                  <bdi>{row.exporter}</bdi>
                </td>
                <td data-label={t("track.route")}>
                  <bdi>{row.serviceNumber}</bdi>{" "}
                  {t("track.routeValue", { origin: row.origin, destination: row.destination })}
                </td>
                <td data-label={t("track.departure")}>{row.departureLocal}</td>
                <td data-label={t("track.eta")}>{row.etaLocal}</td>
                <td data-label={t("track.waybill")}>
                  {row.waybill ? (
                    <>
                      <bdi>{row.waybill.number}</bdi> · {t(`verification:statuses.${row.waybill.status}`)} ·{" "}
                      {t("track.version", { version: row.waybill.version })}
                      {row.waybill.status === "VOIDED" ? null : (
                        <>
                          {" · "}
                          <a href={`/${lang}/waybills/${row.waybill.number}.pdf`}>{t("track.pdf")}</a>{" "}
                          <a href={`/${lang}/waybills/${row.waybill.number}.json`}>{t("track.json")}</a>
                        </>
                      )}
                    </>
                  ) : (
                    t("track.notIssued")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
