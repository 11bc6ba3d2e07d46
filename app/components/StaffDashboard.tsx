import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RouteName } from "~/components/Isolate";
import type { UtilisationChart } from "~/domain/operations/dashboard";
import type { DashboardView } from "~/domain/operations/dashboard-view.server";

type Departure = DashboardView["missingDepa"][number];

/** Utilisation per equipment type as server-rendered SVG: its numbers are its accessible name. */
export function UtilisationBars({ chart }: { chart: UtilisationChart }) {
  if (chart.bars.length === 0) return null;
  return (
    <svg
      className="utilisation"
      role="img"
      aria-label={chart.label}
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      width={chart.width}
      height={chart.height}
      data-testid="utilisation"
    >
      <title>{chart.label}</title>
      {chart.bars.map((bar) => (
        <g key={bar.equipmentCode} transform={`translate(0 ${bar.y})`} className={bar.over ? "over" : undefined}>
          <text x={0} y={chart.barHeight - 3} className="utilisation-code">
            {bar.equipmentCode}
          </text>
          <rect x={chart.labelWidth} width={chart.trackWidth} height={chart.barHeight} className="utilisation-track" />
          <rect x={chart.labelWidth} width={bar.bookedWidth} height={chart.barHeight} className="utilisation-booked" />
          <rect
            x={chart.labelWidth + bar.bookedWidth}
            width={bar.heldWidth}
            height={chart.barHeight}
            className="utilisation-held"
          />
          <text x={chart.labelWidth + chart.trackWidth + 4} y={chart.barHeight - 3} className="utilisation-text">
            {bar.text}
          </text>
        </g>
      ))}
    </svg>
  );
}

function DepartureLinks({ departure, lang }: { departure: Departure; lang: string }) {
  const { t } = useTranslation("terminal");
  return (
    <>
      <Link to={`/${lang}/staff/departures/${departure.id}`}>{departure.serviceNumber}</Link>{" "}
      <RouteName origin={departure.origin} destination={departure.destination} /> · {departure.departureLocal} ·{" "}
      <Link to={`/${lang}/staff/departures/${departure.id}/terminal`}>{t("link")}</Link>
    </>
  );
}

function Section({ id, title, count, children }: { id: string; title: string; count: number; children: ReactNode }) {
  const { t } = useTranslation("dashboard");
  return (
    <section aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {count === 0 ? <p className="note">{t("none")}</p> : <ul className="dashboard-list">{children}</ul>}
    </section>
  );
}

/** The dashboard's lists: departures with their bars, then what needs doing at the ports. */
export function StaffDashboard({ view, lang }: { view: DashboardView; lang: string }) {
  const { t } = useTranslation("dashboard");
  const departures = (list: DashboardView["today"]) =>
    list.map((departure) => (
      <li key={departure.id}>
        <DepartureLinks departure={departure} lang={lang} />
        <UtilisationBars chart={departure.chart} />
      </li>
    ));
  return (
    <>
      <p className="note">
        <span className="utilisation-key utilisation-booked-key" aria-hidden="true" /> {t("booked")}{" "}
        <span className="utilisation-key utilisation-held-key" aria-hidden="true" /> {t("held")}
      </p>
      <Section id="dashboard-today" title={t("today")} count={view.today.length}>
        {departures(view.today)}
      </Section>
      <Section id="dashboard-week" title={t("week")} count={view.week.length}>
        {departures(view.week)}
      </Section>
      <Section id="dashboard-holds" title={t("holds")} count={view.holds.length}>
        {view.holds.map((hold) => (
          <li key={hold.reference}>
            <bdi>{hold.reference}</bdi> · <bdi>{hold.company}</bdi> · {t("expires", { time: hold.expiresLocal })} ·{" "}
            <DepartureLinks departure={hold.departure} lang={lang} />
          </li>
        ))}
      </Section>
      <Section id="dashboard-documents" title={t("documents")} count={view.documents.length}>
        {view.documents.map((booking) => (
          <li key={booking.reference}>
            <bdi>{booking.reference}</bdi> · <bdi>{booking.company}</bdi> ·{" "}
            {t(booking.cutoffPassed ? "docCutoffPassed" : "docCutoff", { time: booking.cutoffLocal })} ·{" "}
            <DepartureLinks departure={booking.departure} lang={lang} />
          </li>
        ))}
      </Section>
      <Section id="dashboard-boxes" title={t("boxes")} count={view.boxes.length}>
        {view.boxes.map((box) => (
          <li key={box.key}>
            <bdi>{box.containerNumber ?? t("noNumber")}</bdi> ({box.isoSizeType}) · <bdi>{box.reference}</bdi> ·{" "}
            {t("cargoCutoff", { time: box.cutoffLocal })} · <DepartureLinks departure={box.departure} lang={lang} />
          </li>
        ))}
      </Section>
      <Section id="dashboard-missing-depa" title={t("missingDepa")} count={view.missingDepa.length}>
        {view.missingDepa.map((departure) => (
          <li key={departure.id}>
            <DepartureLinks departure={departure} lang={lang} />
          </li>
        ))}
      </Section>
    </>
  );
}
