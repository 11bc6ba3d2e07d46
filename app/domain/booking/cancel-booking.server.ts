import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import { type Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { canCancel, feeFor, nextStatus } from "./lifecycle";
import { bucketOf, returnCapacity } from "./holds.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { voidOpenCheckouts } from "~/domain/payments/settlement.server";
import { expireCheckoutSessions } from "~/domain/payments/stripe.server";
import { recordCancellationRefunds, sendRefunds } from "~/domain/payments/refunds.server";
import { kickBookingNotifications } from "./notifications.server";
import { findCompanyBooking } from "./find-bookings.server";
import { voidWaybillOfCancelledBooking } from "~/domain/waybill/void-waybill.server";
import { recordShipmentEvent } from "~/domain/tracking/consignment-events.server";

/**
 * Cancels a booking under the corridor's published fee policy: the capacity it holds or has
 * booked goes back to the departure, and the fee is recorded for the payment step.
 */
export async function cancelBooking(
  db: Db,
  { actor, reference, meta, now = new Date() }: { actor: Actor; reference: string; meta: RequestMeta; now?: Date },
) {
  const booking = await findCompanyBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  if (!canCancel(booking)) throw new AppError("notCancellable", 409);
  const fee = feeFor(booking, now);
  const returned = bucketOf(booking.status);
  const done = await db.$transaction(async (tx) => {
    // On the departure read, too: a booking moved meanwhile (decision 022) gives its slots back
    // elsewhere, at another fee; the exporter is told it changed and sees where it is now.
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: booking.status, departureId: booking.departureId },
      data: { status: nextStatus(booking.status, "cancel"), holdExpiresAt: null },
    });
    if (count !== 1) return null;
    if (booking.status !== "DRAFT") await returnCapacity(tx, booking.departureId, booking.lines, returned);
    // Unpaid attempts are void (their Checkout Sessions expired after commit); paid money goes back.
    const sessions = await voidOpenCheckouts(tx, booking.id);
    await tx.payment.updateMany({
      where: { bookingId: booking.id, status: { in: ["PENDING", "PROCESSING"] } },
      data: { status: "CANCELLED", checkoutUrl: null },
    });
    const refunds = await recordCancellationRefunds(tx, booking.id, fee.feeMinor, now);
    await voidWaybillOfCancelledBooking(tx, booking.id, now);
    await tx.bookingEvent.create({
      data: {
        bookingId: booking.id,
        actorId: actor.userId,
        type: "CANCELLED",
        fromStatus: booking.status,
        toStatus: "CANCELLED",
        detail: JSON.stringify(fee),
        createdAt: now,
      },
    });
    await recordShipmentEvent(tx, {
      bookingId: booking.id,
      change: { typeCode: "VOID", documentTypeCode: "BKG" },
      remark: "cancelled",
      actorId: actor.userId,
      now,
    });
    return { sessions, refunds };
  }, TRANSACTION_OPTIONS);
  if (!done) throw new AppError("notCancellable", 409);
  await expireCheckoutSessions(done.sessions);
  await sendRefunds(db, done.refunds);
  invalidateBoard();
  kickBookingNotifications();
  await recordAudit(db, {
    actorId: actor.userId,
    action: "booking.cancelled",
    entity: "Booking",
    entityId: booking.id,
    ipAddress: meta.ipAddress,
    before: { status: booking.status },
    after: { status: "CANCELLED", fee },
  });
  return fee;
}
