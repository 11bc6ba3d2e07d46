import { AIR_KG } from "~/domain/scheduling/equipment";
import { Link, useParams } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { BoardRowView } from "~/domain/scheduling/board-view";
import { DEPARTURE_STATUSES } from "~/domain/scheduling/departure-status";
import { EQUIPMENT_CODES, SERVICE_MODES } from "~/domain/scheduling/equipment";
import { Amount, RouteName, withElements } from "./Isolate";
import { TransitTime } from "./TransitTime";

/**
 * The words every card repeats, translated once per page: a board of twenty cards would
 * otherwise ask i18next for the same few hundred strings.
 */
export function useBoardLabels() {
  const { t } = useTranslation(["schedules", "common"]);
  return useMemo(
    () => ({
      departure: t("board.departure"),
      cargoCutoff: t("board.cargoCutoff"),
      docCutoff: t("departure.docCutoff"),
      eta: t("board.eta"),
      transit: t("board.transit"),
      border: t("board.border"),
      priceFrom: t("board.priceFrom"),
      capacity: t("board.capacity"),
      soldOut: t("board.soldOut"),
      mode: Object.fromEntries(SERVICE_MODES.map((mode) => [mode, t(`mode.${mode}`, { ns: "common" })])),
      status: Object.fromEntries(DEPARTURE_STATUSES.map((status) => [status, t(`status.${status}`, { ns: "common" })])),
      equipment: Object.fromEntries(EQUIPMENT_CODES.map((code) => [code, t(`equipment.${code}`, { ns: "common" })])),
    }),
    [t],
  );
}

export type BoardLabels = ReturnType<typeof useBoardLabels>;

export function DepartureCard({ row, labels }: { row: BoardRowView; labels: BoardLabels }) {
  const { t } = useTranslation(["schedules", "common"]);
  const { lang } = useParams();
  return (
    <article
      className={`departure-card status-${row.status.toLowerCase()}${row.open ? "" : " closed"}`}
      data-testid="departure-row"
      data-open={row.open}
    >
      <h3>
        <Link to={`/${lang}/departures/${row.id}`}>
          <RouteName origin={row.originName} destination={row.destinationName} />
        </Link>
        <bdi className="service-number">{row.serviceNumber}</bdi>
      </h3>
      <p className="badges">
        <span className="badge">{row.corridorName}</span>
        <span className="badge">{labels.mode[row.mode]}</span>
        <span className={`badge status status-${row.status.toLowerCase()}`}>
          {row.soldOut && row.status !== "CANCELLED" ? labels.soldOut : labels.status[row.status]}
        </span>
      </p>
      <dl className="facts">
        <Fact label={labels.departure}>{row.departureLocal}</Fact>
        <Fact label={labels.docCutoff}>{row.docCutoffLocal}</Fact>
        <Fact label={labels.cargoCutoff}>{row.cargoCutoffLocal}</Fact>
        <Fact label={labels.eta}>{row.etaLocal}</Fact>
        <Fact label={labels.transit}>
          <TransitTime hours={row.transitHours} />
        </Fact>
        {row.borderCrossings.length > 0 ? <Fact label={labels.border}>{row.borderCrossings.join(" · ")}</Fact> : null}
        <Fact label={labels.priceFrom} className="price">
          {row.priceFrom ? <PriceFrom price={row.priceFrom} /> : "—"}
        </Fact>
      </dl>
      <ul className="capacity" aria-label={labels.capacity}>
        {row.capacities.map((capacity) => (
          <li key={capacity.equipmentCode} className={capacity.free ? "free" : "full"}>
            <span className="equipment">{labels.equipment[capacity.equipmentCode]}</span>{" "}
            {capacity.equipmentCode === AIR_KG
              ? t("board.kgLeft", { available: capacity.available })
              : t("board.slotsLeft", { available: capacity.available, total: capacity.total })}
          </li>
        ))}
      </ul>
    </article>
  );
}

/** "€1,234 (CNY 9,650.00) per container": the converted price first, the tariff as priced after it. */
function PriceFrom({ price }: { price: NonNullable<BoardRowView["priceFrom"]> }) {
  const { t } = useTranslation("schedules");
  // Each amount is its own left-to-right isolate, so "US$" and "(CNY …)" keep their order in Arabic.
  const amount = price.tariff ? (
    withElements((markers) => t("board.priceConverted", markers), {
      amount: <Amount>{price.amount}</Amount>,
      tariff: <Amount>{price.tariff}</Amount>,
    })
  ) : (
    <Amount>{price.amount}</Amount>
  );
  return (
    <span data-testid="price-from">
      {withElements((markers) => t(price.perKg ? "board.pricePerKg" : "board.pricePerSlot", markers), { amount })}
    </span>
  );
}

/** One labelled fact in a description list. */
export function Fact({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={className}>{children}</dd>
    </div>
  );
}
