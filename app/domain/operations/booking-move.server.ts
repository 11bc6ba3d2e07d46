import type { Tx } from "~/utils/transactions.server";
import { AppError } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { readDetails } from "~/domain/booking/consignment";
import { bookHeldCapacity, bucketOf, returnCapacity, takeCapacity } from "~/domain/booking/holds.server";
import { quoteDetails, type QuoteInput } from "~/domain/booking/quote";
import type { PriceLine } from "~/domain/booking/pricing";
import { recordPlannedCalls } from "~/domain/tracking/consignment-events.server";

/** What a move needs of the booking, as read before its transaction. */
export interface MovingBooking {
  id: string;
  status: string;
  departureId: string;
  currency: string;
  totalMinor: number;
  lines: { equipmentCode: string; quantity: number }[];
  departure: { departureAt: Date; etaAt: Date };
}

/** The departure a booking moves to. */
export interface MoveTarget {
  id: string;
  departureAt: Date;
  etaAt: Date;
  service: { serviceNumber: string };
}

/** The booking's price on another departure: what it would cost there at its current tariff. */
export interface MovePrice {
  currency: string;
  totalMinor: number;
  lines: PriceLine[];
  /** New total less the booking's: positive costs more, negative is refunded. */
  differenceMinor: number;
}

/**
 * What the booking would cost on `capacities`' departure at its current tariffs (the same
 * quote a hold takes), and the difference to what it costs now. Null when that departure
 * sells in another currency or does not sell what the booking carries: it is not offered.
 */
export function priceOnDeparture(
  booking: { details: string; currency: string; totalMinor: number },
  capacities: QuoteInput["capacities"],
): MovePrice | null {
  try {
    const { price } = quoteDetails(readDetails(booking.details), capacities);
    if (price.currency !== booking.currency) return null;
    return {
      currency: price.currency,
      totalMinor: price.totalMinor,
      lines: price.lines,
      differenceMinor: price.totalMinor - booking.totalMinor,
    };
  } catch {
    return null;
  }
}

/** What a MOVED booking event carries: the e-mails' facts (times as ISO instants). */
export interface MoveDetail {
  fromDepartureId: string;
  toDepartureId: string;
  previousDepartureAt: string;
  previousEtaAt: string;
  departureAt: string;
  etaAt: string;
  service: string;
  priceKept: boolean;
  currency: string;
  differenceMinor: number;
  /** Who moved it: the exporter, the port (with the waybill amended), or the paid difference. */
  by: "exporter" | "port" | "payment";
}

/**
 * Moves a booking to `target` inside the caller's transaction: the booking's departure changes
 * conditionally on the departure and status read (a second move of the same booking finds it
 * gone and is refused, rolling back its transaction), capacity is taken on the new departure
 * (never more than there is; or, when a pending move held it already, the held slots are
 * booked) and given back on the old one; a new price, when accepted, replaces the old. Writes
 * the MOVED event the notifier e-mails to the booker and partners, and the audit entry.
 */
export async function applyMove(
  tx: Tx,
  {
    booking,
    target,
    price,
    heldOnTarget = false,
    by,
    actorId,
    ipAddress,
    now,
  }: {
    booking: MovingBooking;
    target: MoveTarget;
    /** The accepted new price; null keeps the booking's. */
    price: MovePrice | null;
    /** The slots are already held on the target (a pending move's, decision 022). */
    heldOnTarget?: boolean;
    by: MoveDetail["by"];
    actorId: string | null;
    ipAddress?: string | null;
    now: Date;
  },
): Promise<MoveDetail> {
  const from = booking.departureId;
  const repriced = price && price.differenceMinor !== 0 ? price : null;
  const { count } = await tx.booking.updateMany({
    where: { id: booking.id, departureId: from, status: booking.status },
    data: {
      departureId: target.id,
      ...(repriced ? { totalMinor: repriced.totalMinor, priceLines: JSON.stringify(repriced.lines) } : {}),
    },
  });
  if (count !== 1) throw new AppError("notMovable", 409);
  const bucket = bucketOf(booking.status);
  if (heldOnTarget) {
    if (bucket === "booked") await bookHeldCapacity(tx, target.id, booking.lines);
  } else {
    await takeCapacity(tx, target.id, booking.lines, bucket);
  }
  await returnCapacity(tx, from, booking.lines, bucket);
  const detail: MoveDetail = {
    fromDepartureId: from,
    toDepartureId: target.id,
    previousDepartureAt: booking.departure.departureAt.toISOString(),
    previousEtaAt: booking.departure.etaAt.toISOString(),
    departureAt: target.departureAt.toISOString(),
    etaAt: target.etaAt.toISOString(),
    service: target.service.serviceNumber,
    priceKept: !repriced,
    currency: booking.currency,
    differenceMinor: repriced?.differenceMinor ?? 0,
    by,
  };
  await tx.bookingEvent.create({
    data: {
      bookingId: booking.id,
      actorId,
      type: "MOVED",
      fromStatus: booking.status,
      toStatus: booking.status,
      detail: JSON.stringify(detail),
      createdAt: now,
    },
  });
  // Tracking compares a confirmed booking's journey with the new train's plan from now on.
  if (booking.status === "CONFIRMED") await recordPlannedCalls(tx, booking.id, now);
  await recordAudit(tx, {
    actorId,
    action: "booking.moved",
    entity: "Booking",
    entityId: booking.id,
    ipAddress: ipAddress ?? null,
    before: { departureId: from, departureAt: booking.departure.departureAt, totalMinor: booking.totalMinor },
    after: {
      departureId: target.id,
      departureAt: target.departureAt,
      totalMinor: repriced?.totalMinor ?? booking.totalMinor,
      by,
    },
  });
  return detail;
}
