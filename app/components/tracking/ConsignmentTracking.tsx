import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { RouteMapSvg } from "~/components/RouteMapSvg";
import type { Clock, ConsignmentView } from "~/domain/tracking/consignment.server";

/** A time on the place's clock, with the viewer's own below it when the two differ. */
function Time({ at, anonymous }: { at: Clock | null; anonymous?: boolean }) {
  const { t } = useTranslation("tracking");
  if (!at) return <span className="muted">{t("timeline.notKnown")}</span>;
  return (
    <>
      <bdi>{at.local}</bdi>
      {at.viewer !== at.local ? (
        <span className="viewer-time">
          {t(anonymous ? "timeline.destinationTime" : "timeline.yourTime", { time: at.viewer })}
        </span>
      ) : null}
    </>
  );
}

/** Where the consignment is, in one sentence (also the map's text equivalent). */
export function positionText(t: TFunction<"tracking">, position: ConsignmentView["position"]) {
  if (position.state === "notDeparted") return t("position.notDeparted", { place: position.placeName });
  if (position.state === "arrived") return t("position.arrived", { place: position.placeName });
  return t("position.enRoute", { from: position.fromName, to: position.toName, percent: position.percent });
}

/**
 * One consignment's tracking (the signed-in page and a share link's page alike): ETA and where
 * it is, the route map with the current position, the timeline per route place (planned,
 * estimated, actual; late rows marked with the delay) and each container's own events.
 */
export function ConsignmentTracking({
  view,
  extra,
  anonymous = false,
}: {
  view: ConsignmentView;
  extra?: ReactNode;
  /** A share link's reader: times in the destination's zone, not "yours". */
  anonymous?: boolean;
}) {
  const { t } = useTranslation("tracking");
  const position = positionText(t, view.position);
  const places = view.stops.map((stop) => stop.name).join(" → ");
  return (
    <>
      <p className="lead">
        <bdi>{view.serviceNumber}</bdi> ·{" "}
        {t("track.routeValue", { origin: view.origin, destination: view.destination })}
      </p>
      <dl className="facts" data-testid="tracking-summary">
        <div>
          <dt>{t(`eta.${view.eta.kind}`)}</dt>
          <dd data-testid="tracking-eta">
            {t("eta.atDestination", { time: view.eta.local })}
            {view.eta.viewer !== view.eta.local ? (
              <span className="viewer-time">{t("timeline.yourTime", { time: view.eta.viewer })}</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t("position.label")}</dt>
          <dd data-testid="tracking-position">{position}</dd>
        </div>
      </dl>
      {extra}
      <RouteMapSvg
        map={view.map}
        title={t("map.title", { origin: view.origin, destination: view.destination })}
        description={t("map.description", { places, position })}
        marker={view.map.marker ? { ...view.map.marker, label: position } : null}
      />
      <h2>{t("timeline.title")}</h2>
      <p className="field-hint">
        {t(anonymous ? "timeline.zonesDestination" : "timeline.zones", { zone: view.viewerZone })}
      </p>
      <table className="capacity-table stacked-table tracking-timeline" data-testid="tracking-timeline">
        <thead>
          <tr>
            <th scope="col">{t("timeline.place")}</th>
            <th scope="col">{t("timeline.planned")}</th>
            <th scope="col">{t("timeline.estimated")}</th>
            <th scope="col">{t("timeline.actual")}</th>
            <th scope="col">{t("timeline.status")}</th>
          </tr>
        </thead>
        <tbody>
          {view.stops.map((stop) => (
            <tr key={stop.code} className={stop.delay ? "late" : undefined} data-testid={`stop-${stop.code}`}>
              <th scope="row" data-label={t("timeline.place")}>
                {t(`timeline.milestones.${stop.milestone}`)}: {stop.name}
                {stop.gaugeChange ? (
                  <span className="viewer-time">
                    {t("timeline.gaugeChange", { gauge: stop.gaugeChange.replace(">", " → ") })}
                  </span>
                ) : null}
              </th>
              <td data-label={t("timeline.planned")}>
                <Time at={stop.planned} anonymous={anonymous} />
              </td>
              <td data-label={t("timeline.estimated")}>
                <Time at={stop.estimated} anonymous={anonymous} />
              </td>
              <td data-label={t("timeline.actual")}>
                <Time at={stop.actual} anonymous={anonymous} />
              </td>
              <td data-label={t("timeline.status")}>
                {stop.delay ? (
                  <span className="delay">{t("timeline.late", { amount: stop.delay })}</span>
                ) : stop.actual ? (
                  t(stop.planned ? "timeline.onTime" : "timeline.done")
                ) : (
                  t("timeline.pending")
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("containers.title")}</h2>
      {view.containers.length === 0 ? <p className="empty">{t("containers.none")}</p> : null}
      {view.containers.map((box) => (
        <section key={box.containerNumber} data-testid={`container-${box.containerNumber}`}>
          <h3>
            <bdi>{box.containerNumber}</bdi> <span className="muted">({box.isoSizeType})</span>
          </h3>
          {box.events.length === 0 ? (
            <p className="field-hint">{t("containers.noEvents")}</p>
          ) : (
            <ol>
              {box.events.map((event, index) => (
                <li key={index}>
                  {t(`containers.milestones.${event.milestone}`)}, {event.place}:{" "}
                  <Time at={event.at} anonymous={anonymous} />
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
      {view.unnumbered > 0 ? (
        <p className="field-hint">{t("containers.unnumbered", { number: view.unnumbered })}</p>
      ) : null}
    </>
  );
}
