import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Fact } from "~/components/DepartureCard";
import { NoticeMessage } from "~/components/NoticeMessage";
import { Amount, withElements } from "~/components/Isolate";
import { RouteMapSvg } from "~/components/RouteMapSvg";
import { TransitTime } from "~/components/TransitTime";
import { loadActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { findSession, takeNotice } from "~/domain/identity/session.server";
import { findDeparture } from "~/domain/scheduling/departure.server";
import { presentDeparture } from "~/domain/scheduling/departure-view";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { RECORD_ID } from "~/schemas/fields";
import { domainRoute } from "~/utils/forms.server";

export const handle = { i18n: ["common", "schedules", "account"] };

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "id", RECORD_ID);
  const [detail, session, { notice, headers }] = await Promise.all([
    findDeparture(db(), params.id ?? ""),
    findSession(db(), request),
    // A new company's admin comes back here from the e-mail link, welcomed.
    takeNotice(request),
  ]);
  if (!detail) throw data(null, { status: 404 });
  const view = presentDeparture(detail, locale, new Date());
  const t = await fixedT(locale, "schedules");
  const actor = session ? await loadActor(db(), session.userId) : null;
  return data(
    {
      notice,
      title: t("departure.title", {
        origin: view.originName,
        destination: view.destinationName,
        service: view.serviceNumber,
      }),
      view,
      booking: {
        open: view.status === "OPEN",
        signedIn: Boolean(actor),
        allowed: Boolean(
          actor?.memberships.some((membership) => can(actor, "create:booking", { companyId: membership.companyId })),
        ),
      },
    },
    { headers },
  );
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function DeparturePage() {
  const { view, booking, notice } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["schedules", "common"]);
  const { lang } = useParams();
  return (
    <article className="departure-page">
      <p className="breadcrumb">
        <Link to={`/${lang}/schedules`}>{t("departure.back")}</Link>
      </p>
      <h1>
        {withElements((markers) => t("departure.title", markers), {
          origin: <bdi>{view.originName}</bdi>,
          destination: <bdi>{view.destinationName}</bdi>,
          service: <bdi>{view.serviceNumber}</bdi>,
        })}
      </h1>
      <NoticeMessage notice={notice} />
      <p className="badges">
        <span className="badge">{view.corridorName}</span>
        <span className="badge">{t(`mode.${view.mode}`, { ns: "common" })}</span>
        <span className={`badge status status-${view.status.toLowerCase()}`}>
          {t(`status.${view.status}`, { ns: "common" })}
        </span>
      </p>
      <dl className="facts summary">
        <Fact label={t("board.departure")}>{view.departureLocal}</Fact>
        <Fact label={t("board.cargoCutoff")}>{view.cargoCutoffLocal}</Fact>
        <Fact label={t("departure.docCutoff")}>{view.docCutoffLocal}</Fact>
        <Fact label={t("board.eta")}>{view.etaLocal}</Fact>
        <Fact label={t("board.transit")}>
          <TransitTime hours={view.transitHours} />
        </Fact>
        <Fact label={t("departure.operator")}>
          <bdi>{view.operatorName}</bdi>
        </Fact>
      </dl>

      {booking.open ? (
        booking.allowed ? (
          <Form method="post" action={`/${lang}/departures/${view.id}/book`}>
            <button type="submit">{t("departure.book")}</button>
          </Form>
        ) : booking.signedIn ? null : (
          <p>
            <Link to={`/${lang}/login?redirectTo=${encodeURIComponent(`/${lang}/departures/${view.id}`)}`}>
              {t("departure.signInToBook")}
            </Link>
          </p>
        )
      ) : null}

      <section aria-labelledby="route-heading">
        <h2 id="route-heading">{t("departure.route")}</h2>
        <RouteMapSvg
          map={view.map}
          title={t("map.title", { origin: view.originName, destination: view.destinationName })}
        />
        <ol className="legs">
          {view.legs.map((leg) => (
            <li key={leg.sequence} className={`leg-item leg-${leg.mode.toLowerCase()}`}>
              <h3>
                {withElements(
                  (markers) => t("departure.leg", { mode: t(`legMode.${leg.mode}`, { ns: "common" }), ...markers }),
                  { from: <bdi>{leg.fromName}</bdi>, to: <bdi>{leg.toName}</bdi> },
                )}
              </h3>
              <p>{t("departure.legTimes", { start: leg.startLocal, end: leg.endLocal })}</p>
              {leg.toIsBorder ? (
                <p className="border-note">
                  {leg.gaugeChange
                    ? t("departure.borderGauge", {
                        place: leg.toName,
                        fromGauge: leg.gaugeChange.split(">")[0],
                        toGauge: leg.gaugeChange.split(">")[1],
                      })
                    : t("departure.border", { place: leg.toName })}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="capacity-heading">
        <h2 id="capacity-heading">{t("departure.capacityTitle")}</h2>
        <table className="capacity-table stacked-table">
          <thead>
            <tr>
              <th scope="col">{t("departure.equipment")}</th>
              <th scope="col">{t("departure.available")}</th>
              <th scope="col">{t("departure.tariff")}</th>
            </tr>
          </thead>
          <tbody>
            {view.capacities.map((capacity) => (
              <tr key={capacity.equipmentCode} className={capacity.free ? "free" : "full"}>
                <th scope="row">
                  {t(`equipment.${capacity.equipmentCode}`, { ns: "common" })}
                  {capacity.perKg ? null : <span className="iso-code"> {capacity.equipmentCode}</span>}
                </th>
                <td data-label={t("departure.available")}>
                  {capacity.perKg
                    ? t("board.kgLeft", { available: capacity.available })
                    : t("board.slotsLeft", { available: capacity.available, total: capacity.total })}
                </td>
                <td data-label={t("departure.tariff")}>
                  {withElements((markers) => t(capacity.perKg ? "board.pricePerKg" : "board.pricePerSlot", markers), {
                    amount: <Amount>{capacity.tariff}</Amount>,
                  })}
                  {capacity.minCharge ? (
                    <span className="min-charge">
                      {" "}
                      {withElements((markers) => t("departure.minCharge", markers), {
                        amount: <Amount>{capacity.minCharge}</Amount>,
                      })}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="note">{t("departure.allInNote")}</p>
      </section>
    </article>
  );
}
