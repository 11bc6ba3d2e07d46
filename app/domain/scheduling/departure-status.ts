export const DEPARTURE_STATUSES = ["SCHEDULED", "OPEN", "CLOSED", "DEPARTED", "ARRIVED", "CANCELLED"] as const;
export type DepartureStatus = (typeof DEPARTURE_STATUSES)[number];

/**
 * The status a visitor sees. Staff record departures, arrivals and cancellations; the cargo
 * cut-off closes booking by itself, so an open departure past its cut-off shows as closed.
 */
export function effectiveStatus(status: string, cargoCutoffAt: Date, now: Date): DepartureStatus {
  const known = (DEPARTURE_STATUSES as readonly string[]).includes(status) ? (status as DepartureStatus) : "SCHEDULED";
  if ((known === "OPEN" || known === "SCHEDULED") && now >= cargoCutoffAt) return "CLOSED";
  return known;
}
