import { useTranslation } from "react-i18next";
import type { DepartureView } from "~/domain/scheduling/departure-view";

/**
 * The server-drawn route map: country outlines, legs by mode, labelled places. On a phone only
 * the origin and destination keep their labels, in larger type (app.css, phone layout); the
 * drawing is left to right in every language, so labels anchor the same way in Arabic.
 */
export function RouteMapSvg({
  map,
  title,
  description,
  marker,
}: {
  map: DepartureView["map"];
  title: string;
  /** A text equivalent of what the picture shows (the tracking page: the route and where the train is). */
  description?: string;
  /** The current position, drawn over the route (tracking). */
  marker?: { x: number; y: number; label: string } | null;
}) {
  const { t } = useTranslation("schedules");
  return (
    <figure className="route-map">
      <svg
        viewBox={`0 0 ${map.width} ${map.height}`}
        role="img"
        aria-labelledby="route-map-title"
        aria-describedby={description ? "route-map-desc" : undefined}
        data-testid="route-map"
      >
        <title id="route-map-title">{title}</title>
        {description ? <desc id="route-map-desc">{description}</desc> : null}
        <rect width={map.width} height={map.height} className="sea" />
        <path d={map.land} className="land" />
        {map.legs.map((leg, index) => (
          <path key={index} d={leg.d} className={`leg leg-${leg.mode.toLowerCase()}`} />
        ))}
        {map.points.map((point) => (
          <g
            key={point.code}
            transform={`translate(${point.x} ${point.y})`}
            className={`place place-${point.kind.toLowerCase()} place-${point.role}`}
          >
            <circle r={point.kind === "BORDER" ? 4 : 5} />
            <text x={point.x > map.width * 0.7 ? -8 : 8} y={4} textAnchor={point.x > map.width * 0.7 ? "end" : "start"}>
              {map.labels[point.code]}
            </text>
          </g>
        ))}
        {marker ? (
          <g transform={`translate(${marker.x} ${marker.y})`} className="position-marker" data-testid="position-marker">
            <circle r={9} />
            <circle r={4} className="position-dot" />
            <title>{marker.label}</title>
          </g>
        ) : null}
      </svg>
      <figcaption>
        <span className="legend legend-rail">{t("map.rail")}</span>
        <span className="legend legend-road">{t("map.road")}</span>
        <span className="legend legend-sea">{t("map.sea")}</span>
        <span className="legend legend-air">{t("map.air")}</span>
      </figcaption>
    </figure>
  );
}
