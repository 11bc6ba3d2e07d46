export const DEPARTURE_STATUSES = ["SCHEDULED", "OPEN", "CLOSED", "DEPARTED", "ARRIVED", "CANCELLED"] as const;
export type DepartureStatus = (typeof DEPARTURE_STATUSES)[number];

/**
 * The status a visitor sees. Staff record departures, arrivals and cancellations; a cut-off
 * closes booking by itself, so an open departure past it shows as closed (for new bookings:
 * `bookingClosesAt`; for cargo already booked: the cargo cut-off).
 */
export function effectiveStatus(status: string, closesAt: Date, now: Date): DepartureStatus {
  const known = (DEPARTURE_STATUSES as readonly string[]).includes(status) ? (status as DepartureStatus) : "SCHEDULED";
  if ((known === "OPEN" || known === "SCHEDULED") && now >= closesAt) return "CLOSED";
  return known;
}

/**
 * When a departure stops taking new bookings: at its documents cut-off (the waybill and the
 * customs data are drawn from then on), or at the cargo cut-off if that comes first.
 */
export function bookingClosesAt(departure: { cargoCutoffAt: Date; docCutoffAt: Date }): Date {
  return departure.docCutoffAt < departure.cargoCutoffAt ? departure.docCutoffAt : departure.cargoCutoffAt;
}
