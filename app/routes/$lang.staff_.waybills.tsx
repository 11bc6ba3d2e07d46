import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { NoticeMessage } from "~/components/NoticeMessage";
import { requireActor } from "~/domain/identity/actor.server";
import { takeNotice } from "~/domain/identity/session.server";
import { listStaffWaybills, STAFF_WAYBILL_FILTERS } from "~/domain/waybill/waybill-pages.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account", "booking", "waybill"] };

const QuerySchema = z.object({ show: z.enum(STAFF_WAYBILL_FILTERS).catch("review") });

/** Port staff: the through waybills of their ports' departures, by stage (before issue, issued, closed). */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user } = await requireActor(db(), request, locale);
  const { show } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [waybills, t, { notice, headers }] = await Promise.all([
    listStaffWaybills(db(), actor, show, { locale, timeZone: user.timeZone }),
    fixedT(locale, "waybill"),
    takeNotice(request),
  ]);
  return data({ title: t("staff.title"), show, waybills, notice }, { headers });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffWaybills() {
  const { t } = useTranslation("waybill");
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{page.title}</h1>
      <p className="lead">{t("staff.lead")}</p>
      <NoticeMessage notice={page.notice} />
      <nav aria-label={t("staff.filter")}>
        <ul className="tabs">
          {STAFF_WAYBILL_FILTERS.map((filter) => (
            <li key={filter}>
              <Link to={`?show=${filter}`} aria-current={page.show === filter ? "page" : undefined}>
                {t(`staff.show.${filter}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {page.waybills.length === 0 ? (
        <p className="empty">{t("staff.empty")}</p>
      ) : (
        <table className="capacity-table stacked-table" data-testid="staff-waybills">
          <thead>
            <tr>
              <th scope="col">{t("staff.booking")}</th>
              <th scope="col">{t("staff.company")}</th>
              <th scope="col">{t("staff.route")}</th>
              <th scope="col">{t("staff.status")}</th>
              <th scope="col">{t("number")}</th>
            </tr>
          </thead>
          <tbody>
            {page.waybills.map((row) => (
              <tr key={row.reference}>
                <td data-label={t("staff.booking")}>
                  <Link to={`/${lang}/staff/waybills/${row.reference}`}>
                    <bdi>{row.reference}</bdi>
                  </Link>
                </td>
                <td data-label={t("staff.company")}>
                  <bdi>{row.company}</bdi>
                </td>
                <td data-label={t("staff.route")}>
                  {row.route}
                  <br />
                  {row.departure}
                </td>
                <td data-label={t("staff.status")}>
                  {t(`status.${row.status}`)}
                  {row.status === "APPROVED" && !row.paid ? ` · ${t("staff.unpaid")}` : null}
                </td>
                <td data-label={t("number")}>
                  {row.number ? (
                    <>
                      <bdi>{row.number}</bdi> · {t("version")} {row.version}
                    </>
                  ) : (
                    "—"
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
