import { Link, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { BoardRowView } from "~/domain/scheduling/board-view";
import { TransitTime } from "./TransitTime";

export function DepartureCard({ row }: { row: BoardRowView }) {
  const { t } = useTranslation(["schedules", "common"]);
  const { lang } = useParams();
  return (
    <article className={`departure-card status-${row.status.toLowerCase()}`} data-testid="departure-row">
      <h3>
        <Link to={`/${lang}/departures/${row.id}`}>
          {t("board.route", { origin: row.originName, destination: row.destinationName })}
        </Link>
        <span className="service-number">{row.serviceNumber}</span>
      </h3>
      <p className="badges">
        <span className="badge">{row.corridorName}</span>
        <span className="badge">{t(`mode.${row.mode}`, { ns: "common" })}</span>
        <span className={`badge status status-${row.status.toLowerCase()}`}>
          {row.soldOut && row.status !== "CANCELLED" ? t("board.soldOut") : t(`status.${row.status}`, { ns: "common" })}
        </span>
      </p>
      <dl className="facts">
        <div>
          <dt>{t("board.departure")}</dt>
          <dd>{row.departureLocal}</dd>
        </div>
        <div>
          <dt>{t("board.cargoCutoff")}</dt>
          <dd>{row.cargoCutoffLocal}</dd>
        </div>
        <div>
          <dt>{t("board.eta")}</dt>
          <dd>{row.etaLocal}</dd>
        </div>
        <div>
          <dt>{t("board.transit")}</dt>
          <dd>
            <TransitTime hours={row.transitHours} />
          </dd>
        </div>
        {row.borderCrossings.length > 0 ? (
          <div>
            <dt>{t("board.border")}</dt>
            <dd>{row.borderCrossings.join(" · ")}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("board.priceFrom")}</dt>
          <dd className="price">
            {row.priceFrom
              ? row.priceFrom.perKg
                ? t("board.pricePerKg", { amount: row.priceFrom.amount })
                : t("board.pricePerSlot", { amount: row.priceFrom.amount })
              : "—"}
          </dd>
        </div>
      </dl>
      <ul className="capacity" aria-label={t("board.capacity")}>
        {row.capacities.map((capacity) => (
          <li key={capacity.equipmentCode} className={capacity.free ? "free" : "full"}>
            <span className="equipment">{t(`equipment.${capacity.equipmentCode}`, { ns: "common" })}</span>{" "}
            {capacity.equipmentCode === "KG"
              ? t("board.kgLeft", { available: capacity.available })
              : t("board.slotsLeft", { available: capacity.available, total: capacity.total })}
          </li>
        ))}
      </ul>
    </article>
  );
}
