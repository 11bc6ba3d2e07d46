import type { Db } from "~/utils/db.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { AppError, invalidFields } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import { returnCapacity, takeCapacity } from "~/domain/booking/holds.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { findStaffDeparture } from "~/domain/scheduling/departure-admin.server";
import { drawWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { isLocale, DEFAULT_LOCALE, type Locale } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import {
  AFFECTED_STATUSES,
  DISRUPTION_REASONS,
  type DepartureNoticeDetail,
  type DisruptionReason,
} from "./disruptions";
import { recordPlannedCalls } from "~/domain/tracking/consignment-events.server";

/** A departure that has not run yet can be cancelled. */
const CANCELLABLE = ["SCHEDULED", "OPEN", "CLOSED"];
/** A waybill already issued names the train: only the port amends it (decision 022). */
const ISSUED_WAYBILL = ["ISSUED", "SURRENDERED_FOR_DELIVERY"];
/** How many later departures the exporter is offered. */
const ALTERNATIVES = 3;

const bucketOf = (status: string) => (status === "CONFIRMED" ? "booked" : "held");

/**
 * A supervisor cancels a departure with a reason: CANCELLED (no new hold or booking is taken on
 * it: holding needs an OPEN departure), audited, and every affected booking gets a
 * DEPARTURE_CANCELLED event the notifier sends to its booker and shared partners. The bookings
 * stay where they are until their exporter chooses: a later departure, or a full refund.
 */
export async function cancelDeparture(
  db: Db,
  actor: Actor,
  id: string,
  input: { reasonCode: DisruptionReason; remark?: string | null },
  meta: RequestMeta,
  now = new Date(),
) {
  const { departure } = await findStaffDeparture(db, actor, id);
  authorize(actor, "manage:departure", { portCode: departure.service.originCode });
  if (!DISRUPTION_REASONS.includes(input.reasonCode)) throw invalidFields({ reasonCode: "errors.required" });
  if (!CANCELLABLE.includes(departure.status)) throw invalidFields({ form: "disruptions:errors.notCancellable" });
  const remark = input.remark?.trim() || null;
  const bookings = await db.$transaction(async (tx) => {
    const { count } = await tx.departure.updateMany({
      where: { id, status: departure.status },
      data: { status: "CANCELLED" },
    });
    if (count !== 1) throw new AppError("changedMeanwhile", 409);
    const affected = await tx.booking.findMany({
      where: { departureId: id, status: { in: [...AFFECTED_STATUSES] } },
      select: { id: true, reference: true },
      orderBy: { reference: "asc" },
    });
    const detail: DepartureNoticeDetail = {
      previousDepartureAt: departure.departureAt.toISOString(),
      previousEtaAt: departure.etaAt.toISOString(),
      departureAt: departure.departureAt.toISOString(),
      etaAt: departure.etaAt.toISOString(),
      reasonCode: input.reasonCode,
      remark,
    };
    await tx.bookingEvent.createMany({
      data: affected.map((booking) => ({
        bookingId: booking.id,
        actorId: actor.userId,
        type: "DEPARTURE_CANCELLED",
        detail: JSON.stringify(detail),
        createdAt: now,
      })),
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "departure.cancelled",
      entity: "Departure",
      entityId: id,
      ipAddress: meta.ipAddress,
      before: { status: departure.status },
      after: {
        status: "CANCELLED",
        reasonCode: input.reasonCode,
        remark,
        bookings: affected.map((b) => b.reference),
      },
    });
    return affected.map((booking) => booking.reference);
  }, TRANSACTION_OPTIONS);
  invalidateBoard();
  kickBookingNotifications();
  return { bookings };
}

/** The affected bookings of a cancelled departure whose exporter has not chosen yet (staff page). */
export async function undecidedBookings(db: Db, departureId: string) {
  return db.booking.findMany({
    where: { departureId, status: { in: [...AFFECTED_STATUSES] }, departure: { status: "CANCELLED" } },
    select: { reference: true, status: true, company: { select: { legalNameZh: true, legalNameLatin: true } } },
    orderBy: { reference: "asc" },
  });
}

type CompanyBooking = Awaited<ReturnType<typeof findCompanyBooking>>;

/**
 * The later departures a booking on a cancelled departure may move to: OPEN, of the same
 * origin, destination and mode, still taking bookings, with room for every line.
 */
export async function alternativeDepartures(db: Db, booking: CompanyBooking, now: Date) {
  const { service } = booking.departure;
  const candidates = await db.departure.findMany({
    where: {
      status: "OPEN",
      departureAt: { gt: booking.departure.departureAt },
      cargoCutoffAt: { gt: now },
      docCutoffAt: { gt: now },
      service: { originCode: service.originCode, destinationCode: service.destinationCode, mode: service.mode },
    },
    include: { capacities: true, service: { select: { serviceNumber: true } } },
    orderBy: { departureAt: "asc" },
    take: 20,
  });
  return candidates
    .filter((candidate) =>
      booking.lines.every(
        (line) =>
          line.quantity <= 0 ||
          (candidate.capacities.find((capacity) => capacity.equipmentCode === line.equipmentCode)?.available ?? 0) >=
            line.quantity,
      ),
    )
    .slice(0, ALTERNATIVES);
}

/** Whether the booking waits for its exporter's choice: affected, on a cancelled departure. */
export function awaitsChoice(booking: { status: string; departure: { status: string } }): boolean {
  return booking.departure.status === "CANCELLED" && (AFFECTED_STATUSES as readonly string[]).includes(booking.status);
}

/**
 * The exporter moves a booking off a cancelled departure to a later one, in one transaction:
 * the booking changes departure conditionally on the one and status read (a double click, or
 * two people at once, moves it once: the second is refused), capacity is taken on the new
 * departure (never more than there is) and given back on the old one. The price is kept: the
 * operator cancelled. Container units, instructions and the waybill belong to the booking and
 * follow it; a waybill draft is drawn again for the new train; an issued one is refused here
 * (the port amends it; decision 022).
 */
export async function moveBooking(
  db: Db,
  {
    actor,
    reference,
    departureId,
    meta,
    now = new Date(),
  }: { actor: Actor; reference: string; departureId: string; meta: RequestMeta; now?: Date },
) {
  const booking = await findCompanyBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  if (!awaitsChoice(booking)) throw new AppError("notMovable", 409);
  const target = (await alternativeDepartures(db, booking, now)).find((candidate) => candidate.id === departureId);
  if (!target) throw new AppError("capacityGone", 409);
  const waybill = await db.waybill.findUnique({
    where: { bookingId: booking.id },
    select: { status: true, draft: true, consigneeLocale: true },
  });
  if (waybill && ISSUED_WAYBILL.includes(waybill.status)) throw new AppError("waybillIssuedAskPort", 409);
  const bucket = bucketOf(booking.status);
  const from = booking.departureId;
  await db.$transaction(async (tx) => {
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, departureId: from, status: booking.status },
      data: { departureId: target.id },
    });
    if (count !== 1) throw new AppError("notMovable", 409);
    await takeCapacity(tx, target.id, booking.lines, bucket);
    await returnCapacity(tx, from, booking.lines, bucket);
    await tx.bookingEvent.create({
      data: {
        bookingId: booking.id,
        actorId: actor.userId,
        type: "MOVED",
        fromStatus: booking.status,
        toStatus: booking.status,
        detail: JSON.stringify({ fromDepartureId: from, toDepartureId: target.id, priceKept: true }),
        createdAt: now,
      },
    });
    // Tracking compares a confirmed booking's journey with the new train's plan from now on.
    if (booking.status === "CONFIRMED") await recordPlannedCalls(tx, booking.id, now);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "booking.moved",
      entity: "Booking",
      entityId: booking.id,
      ipAddress: meta.ipAddress,
      before: { departureId: from, departureAt: booking.departure.departureAt },
      after: { departureId: target.id, departureAt: target.departureAt, totalMinor: booking.totalMinor },
    });
  }, TRANSACTION_OPTIONS);
  invalidateBoard();
  // A draft names the train: it is drawn again for the new one (and the booker told it is ready).
  if (waybill?.status === "DRAFT" && waybill.draft) {
    const consigneeLocale = isLocale(waybill.consigneeLocale) ? waybill.consigneeLocale : DEFAULT_LOCALE;
    await drawWaybillDraft(db, { bookingId: booking.id, actorId: actor.userId, consigneeLocale, now });
  }
  return { departureId: target.id };
}

/**
 * What the booking page offers on a cancelled departure: why it was cancelled, and one button
 * per later departure with room (price kept) beside one for a full refund. Null otherwise.
 */
export async function presentDepartureChoice(
  db: Db,
  booking: CompanyBooking,
  { locale, timeZone, now }: { locale: Locale; timeZone: string; now: Date },
) {
  if (!awaitsChoice(booking)) return null;
  const cancelled = [...booking.events].reverse().find((event) => event.type === "DEPARTURE_CANCELLED");
  const detail = cancelled?.detail ? (JSON.parse(cancelled.detail) as Partial<DepartureNoticeDetail>) : {};
  const alternatives = await alternativeDepartures(db, booking, now);
  return {
    reasonCode: detail.reasonCode ?? "OTHER",
    remark: detail.remark ?? null,
    departureLocal: formatLocalDateTime(booking.departure.departureAt, locale, timeZone),
    alternatives: alternatives.map((departure) => ({
      id: departure.id,
      serviceNumber: departure.service.serviceNumber,
      departureLocal: formatLocalDateTime(departure.departureAt, locale, timeZone),
      etaLocal: formatLocalDateTime(departure.etaAt, locale, timeZone),
    })),
  };
}
