import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/domain/identity/actor.server";
import { homePath } from "~/domain/identity/session.server";
import { listSharedConsignments } from "~/domain/tracking/track.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "tracking", "verification", "alerts"] };

/**
 * The partner's tracking page (decision 017; issue 14 adds timelines and maps): the
 * consignments exporters shared with them and each one's through waybill once issued (where a
 * partner lands on signing in). Exporters have their bookings list instead; a partner no longer
 * linked to any company their account page; other users their own home.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user } = await requireActor(db(), request, locale);
  if (actor.partnerOf.length === 0) {
    const home = { EXPORTER: `/${locale}/bookings`, PARTNER: `/${locale}/account` }[user.kind];
    throw redirect(home ?? homePath(user, locale));
  }
  const [t, consignments] = await Promise.all([
    fixedT(locale, "tracking"),
    listSharedConsignments(db(), actor, { locale, timeZone: user.timeZone }),
  ]);
  return { title: t("track.title"), zone: user.timeZone, consignments };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Track() {
  const { t } = useTranslation(["tracking", "verification", "alerts"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{page.title}</h1>
      <p className="lead">{t("track.lead", { zone: page.zone })}</p>
      {page.consignments.length === 0 ? (
        <p className="empty">{t("track.empty")}</p>
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
                  <bdi>{row.reference}</bdi> <a href={`/${lang}/track/${row.reference}/alerts`}>{t("alerts:link")}</a>
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
