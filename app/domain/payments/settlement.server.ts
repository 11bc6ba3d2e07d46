import type { Tx } from "~/utils/transactions.server";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { bookHeldCapacity, tryTakeCapacity } from "~/domain/booking/holds.server";
import { effectiveStatus } from "~/domain/scheduling/departure-status";
import { ATTEMPT_IN_FLIGHT } from "./payment-status";
import { allows, canPay } from "~/domain/booking/lifecycle";
import { recordConfirmation } from "~/domain/tracking/consignment-events.server";

/** A booking the actor may pay for (their company's, with the right to change it, its train not cancelled), or 404/403/409. */
export async function payableBooking(db: Db, actor: Actor, reference: string) {
  const booking = await db.booking.findUnique({
    where: { reference },
    include: { lines: true, company: true, departure: { include: { service: true } } },
  });
  if (!booking) throw new AppError("notFound", 404);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  // The port cancelled the train: the exporter moves the booking or cancels it (decision 022).
  if (booking.departure.status === "CANCELLED") throw new AppError("departureCancelled", 409);
  return booking;
}

/** Every way to pay starts from a hold that has not lapsed. */
export function requireLiveHold<T extends { status: string; holdExpiresAt: Date | null }>(
  booking: T,
  now: Date,
): asserts booking is T & { holdExpiresAt: Date } {
  if (!allows(booking.status, "pay")) throw new AppError("notPayable", 409);
  if (!canPay(booking, now)) throw new AppError("holdLapsed", 409);
}

/**
 * The booking, locked for the rest of the caller's transaction, with its lines and departure
 * as they are now. Every payment change takes the booking first and its payments after, so
 * that concurrent receipts, webhooks, expiry sweeps and cancellations queue up on PostgreSQL
 * instead of deadlocking, and none of them acts on lines read before another changed them.
 */
export async function lockBooking(tx: Tx, bookingId: string, now: Date) {
  return tx.booking.update({
    where: { id: bookingId },
    data: { updatedAt: now },
    include: { lines: true, departure: { select: { status: true, cargoCutoffAt: true } } },
  });
}
export type LockedBooking = Awaited<ReturnType<typeof lockBooking>>;

/** What paying in full did to the booking. */
export type SettleOutcome = "CONFIRMED" | "LATE_CONFIRMED" | "ALREADY_CONFIRMED" | "NEEDS_REFUND";

/**
 * The booking of a payment that has just been paid in full, inside the caller's transaction
 * and after `lockBooking`: a hold or an awaiting booking is confirmed (held → booked); a
 * booking whose hold lapsed is confirmed if the departure still takes cargo and the slots can
 * be taken again; otherwise the money must go back. Other unpaid attempts of a booking that
 * gets confirmed are void.
 */
export async function settleBooking(
  tx: Tx,
  booking: LockedBooking,
  paymentId: string,
  actorId: string | null,
  detail: Record<string, unknown>,
  now: Date,
): Promise<SettleOutcome> {
  const event = (type: string, toStatus: string, extra: Record<string, unknown> = {}) =>
    tx.bookingEvent.create({
      data: {
        bookingId: booking.id,
        actorId,
        type,
        fromStatus: booking.status,
        toStatus,
        detail: JSON.stringify({ ...detail, ...extra }),
        createdAt: now,
      },
    });
  if (booking.status === "CONFIRMED") return "ALREADY_CONFIRMED";
  const takesCargo = effectiveStatus(booking.departure.status, booking.departure.cargoCutoffAt, now) === "OPEN";
  let confirmed: "CONFIRMED" | "LATE_CONFIRMED" | null = null;
  if (takesCargo && (booking.status === "HELD" || booking.status === "AWAITING_PAYMENT")) {
    await bookHeldCapacity(tx, booking.departureId, booking.lines);
    confirmed = "CONFIRMED";
  } else if (takesCargo && booking.status === "EXPIRED") {
    if (await tryTakeCapacity(tx, booking.departureId, booking.lines, "booked")) confirmed = "LATE_CONFIRMED";
  }
  if (!confirmed) {
    await event("LATE_PAYMENT_REFUND", booking.status);
    return "NEEDS_REFUND";
  }
  await tx.booking.update({ where: { id: booking.id }, data: { status: "CONFIRMED", holdExpiresAt: null } });
  await event("CONFIRMED", "CONFIRMED", confirmed === "LATE_CONFIRMED" ? { late: true } : {});
  await recordConfirmation(tx, booking.id, actorId, now);
  await tx.payment.updateMany({
    where: { bookingId: booking.id, id: { not: paymentId }, status: { in: [...ATTEMPT_IN_FLIGHT] } },
    data: { status: "CANCELLED", checkoutUrl: null },
  });
  // Money already in on another attempt is now paid twice: staff give it back.
  await tx.payment.updateMany({
    where: { bookingId: booking.id, id: { not: paymentId }, status: "PARTIALLY_PAID" },
    data: { flag: "DUPLICATE_PAYMENT" },
  });
  return confirmed;
}

/**
 * Voids the booking's unpaid Stripe attempts inside the caller's transaction (another way to
 * pay was chosen, or the booking is cancelled); returns their Checkout Sessions, which the
 * caller expires at Stripe after commit.
 */
export async function voidOpenCheckouts(tx: Tx, bookingId: string): Promise<string[]> {
  const open = await tx.payment.findMany({
    where: { bookingId, method: "STRIPE_CHECKOUT", status: "PENDING" },
    select: { id: true, checkoutSessionId: true },
  });
  if (open.length === 0) return [];
  await tx.payment.updateMany({
    where: { id: { in: open.map((payment) => payment.id) } },
    data: { status: "CANCELLED", checkoutUrl: null },
  });
  return open.flatMap((payment) => (payment.checkoutSessionId ? [payment.checkoutSessionId] : []));
}

/** What of a payment's money is already going back (refunds not failed). */
export function refundedOrDue(refunds: { amountMinor: number; status: string }[]): number {
  return refunds.filter((refund) => refund.status !== "FAILED").reduce((sum, refund) => sum + refund.amountMinor, 0);
}
