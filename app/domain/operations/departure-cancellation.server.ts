import { randomUUID } from "node:crypto";
import type { Db } from "~/utils/db.server";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { AppError, invalidFields } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { findStaffDeparture } from "~/domain/scheduling/departure-admin.server";
import { drawWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { recordMoveRefunds, sendRefunds } from "~/domain/payments/refunds.server";
import { voidOpenCheckouts } from "~/domain/payments/settlement.server";
import { expireCheckoutSessions } from "~/domain/payments/stripe.server";
import { applyMove, priceOnDeparture } from "./booking-move.server";
import { pendingMoveOf, startPricedMove } from "./priced-move.server";
import { isLocale, DEFAULT_LOCALE, type Locale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney } from "~/i18n/format";
import {
  AFFECTED_STATUSES,
  DISRUPTION_REASONS,
  type DepartureNoticeDetail,
  type DisruptionReason,
} from "./disruptions";

/** A departure that has not run yet can be cancelled. */
const CANCELLABLE = ["SCHEDULED", "OPEN", "CLOSED"];
/** A waybill already issued names the train: only the port amends it (decision 022). */
const ISSUED_WAYBILL = ["ISSUED", "SURRENDERED_FOR_DELIVERY"];
/** How many later departures the exporter is offered. */
const ALTERNATIVES = 3;

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
 * origin, destination and mode, still taking bookings, with room for every line and selling
 * in the booking's currency — each with the booking's price there at its current tariff.
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
    .flatMap((candidate) => {
      const price = priceOnDeparture(booking, candidate.capacities);
      return price ? [{ ...candidate, price }] : [];
    })
    .slice(0, ALTERNATIVES);
}

/** Whether the booking waits for its exporter's choice: affected, on a cancelled departure. */
export function awaitsChoice(booking: { status: string; departure: { status: string } }): boolean {
  return booking.departure.status === "CANCELLED" && (AFFECTED_STATUSES as readonly string[]).includes(booking.status);
}

/**
 * The exporter moves a booking off a cancelled departure to a later one (decision 022). At the
 * same price: in one transaction (`applyMove`: conditional on the departure and status read —
 * a double click, or two people at once, moves it once —, capacity taken on the new departure
 * and given back on the old). At another price, only with that price accepted
 * (`acceptedTotalMinor`, else `priceChanged`): a hold (nothing paid) simply moves at the new
 * price; a paid booking moved to a cheaper train gets the difference back in the same
 * transaction (`recordMoveRefunds`); to a dearer one it moves once the difference is paid
 * (`startPricedMove`: the checkout's address is returned). Container units, instructions and
 * the waybill follow the booking; a waybill draft is drawn again for the new train; an issued
 * one is refused here (the port moves and amends it: move-and-amend.server.ts).
 */
export async function moveBooking(
  db: Db,
  {
    actor,
    reference,
    departureId,
    acceptedTotalMinor,
    payer,
    meta,
    now = new Date(),
  }: {
    actor: Actor;
    reference: string;
    departureId: string;
    acceptedTotalMinor?: number | null;
    payer?: { email: string; locale: Locale };
    meta: RequestMeta;
    now?: Date;
  },
): Promise<{ departureId: string; checkoutUrl?: string }> {
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
  const { price } = target;
  const difference = price.differenceMinor;
  if (difference !== 0) {
    // Shown and accepted explicitly: a tariff changed since the page was drawn is shown again.
    if (acceptedTotalMinor !== price.totalMinor) throw new AppError("priceChanged", 409);
    // An invoice issued for the old price is paid (or cancelled) first.
    if (booking.status === "AWAITING_PAYMENT") throw new AppError("moveInvoiceOpen", 409);
    if (difference > 0 && booking.status === "CONFIRMED") {
      if (!payer) throw new AppError("invalid", 400);
      const checkoutUrl = await startPricedMove(db, { actor, booking, target, price, payer, now });
      return { departureId: booking.departureId, checkoutUrl };
    }
  }
  const outcome = await db.$transaction(async (tx) => {
    // A hold repriced: its unpaid checkout (for the old price) is void; one being paid blocks the move.
    const sessions = difference !== 0 && booking.status === "HELD" ? await voidHeldAttempts(tx, booking.id) : [];
    await applyMove(tx, {
      booking,
      target,
      price: difference === 0 ? null : price,
      by: "exporter",
      actorId: actor.userId,
      ipAddress: meta.ipAddress,
      now,
    });
    const refunds =
      difference < 0 && booking.status === "CONFIRMED"
        ? await recordMoveRefunds(tx, booking.id, -difference, randomUUID(), now)
        : [];
    return { sessions, refunds };
  }, TRANSACTION_OPTIONS);
  await expireCheckoutSessions(outcome.sessions);
  await sendRefunds(db, outcome.refunds);
  invalidateBoard();
  kickBookingNotifications();
  // A draft names the train: it is drawn again for the new one (and the booker told it is ready).
  if (waybill?.status === "DRAFT" && waybill.draft) {
    const consigneeLocale = isLocale(waybill.consigneeLocale) ? waybill.consigneeLocale : DEFAULT_LOCALE;
    await drawWaybillDraft(db, { bookingId: booking.id, actorId: actor.userId, consigneeLocale, now });
  }
  return { departureId: target.id };
}

/** A held booking's payment attempts for its old price, voided in the move's transaction. */
async function voidHeldAttempts(tx: Tx, bookingId: string): Promise<string[]> {
  const processing = await tx.payment.count({ where: { bookingId, status: "PROCESSING" } });
  if (processing > 0) throw new AppError("paymentInProgress", 409);
  return voidOpenCheckouts(tx, bookingId);
}

/**
 * What the booking page offers on a cancelled departure: why it was cancelled, one button per
 * later departure with room — the price there, and the difference to accept when it is not
 * the same — and one for a full refund; a move waiting for its difference to be paid. Null
 * otherwise.
 */
export async function presentDepartureChoice(
  db: Db,
  booking: CompanyBooking,
  { locale, timeZone, now }: { locale: Locale; timeZone: string; now: Date },
) {
  if (!awaitsChoice(booking)) return null;
  const cancelled = [...booking.events].reverse().find((event) => event.type === "DEPARTURE_CANCELLED");
  const detail = cancelled?.detail ? (JSON.parse(cancelled.detail) as Partial<DepartureNoticeDetail>) : {};
  const [alternatives, pending] = await Promise.all([
    alternativeDepartures(db, booking, now),
    pendingMoveOf(db, booking.id),
  ]);
  const money = (minor: number) => formatMoney(minor, booking.currency, locale);
  return {
    reasonCode: detail.reasonCode ?? "OTHER",
    remark: detail.remark ?? null,
    departureLocal: formatLocalDateTime(booking.departure.departureAt, locale, timeZone),
    // An invoice for the old price is open: only a move at the same price.
    invoiceOpen: booking.status === "AWAITING_PAYMENT",
    paysDifference: booking.status === "CONFIRMED",
    pending: pending
      ? {
          difference: money(pending.differenceMinor),
          checkoutUrl: pending.checkoutUrl,
          serviceNumber: alternatives.find((a) => a.id === pending.toDepartureId)?.service.serviceNumber ?? null,
        }
      : null,
    alternatives: alternatives.map((departure) => ({
      id: departure.id,
      serviceNumber: departure.service.serviceNumber,
      departureLocal: formatLocalDateTime(departure.departureAt, locale, timeZone),
      etaLocal: formatLocalDateTime(departure.etaAt, locale, timeZone),
      totalMinor: departure.price.totalMinor,
      total: money(departure.price.totalMinor),
      differenceMinor: departure.price.differenceMinor,
      difference: money(Math.abs(departure.price.differenceMinor)),
    })),
  };
}
