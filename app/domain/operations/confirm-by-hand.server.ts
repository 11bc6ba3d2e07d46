import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { recordAudit } from "~/domain/audit/audit.server";
import type { Actor } from "~/domain/identity/permissions";
import { bookHeldCapacity, tryTakeCapacity } from "~/domain/booking/holds.server";
import { allows, nextStatus } from "~/domain/booking/lifecycle";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { lockBooking } from "~/domain/payments/settlement.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { terminalDeparture } from "./departure-access.server";
import { recordConfirmation } from "~/domain/tracking/consignment-events.server";

/**
 * A supervisor of the origin port confirms a booking by hand (money or a guarantee arrived
 * outside the portal), with a reason: the lifecycle's `confirm`, as a payment would — a hold's
 * slots become booked; a lapsed hold's are taken again if still free. Recorded as the booking's
 * CONFIRMED event (the booker is told) and in the audit log.
 */
export async function confirmBookingByHand(
  db: Db,
  actor: Actor,
  input: { departureId: string; reference: string; reason: string },
  now = new Date(),
) {
  const departure = await terminalDeparture(db, actor, input.departureId, "confirm:booking");
  const booking = await db.booking.findFirst({ where: { reference: input.reference, departureId: departure.id } });
  if (!booking) throw new AppError("notFound", 404);
  const reason = input.reason.trim();
  if (reason.length < 3) throw new AppError("required", 400, "reason");

  await db.$transaction(async (tx) => {
    const locked = await lockBooking(tx, booking.id, now);
    if (!allows(locked.status, "confirm")) throw new AppError("notConfirmable", 409, "reason");
    if (locked.status === "EXPIRED") {
      if (!(await tryTakeCapacity(tx, departure.id, locked.lines, "booked"))) {
        throw new AppError("capacityGone", 409, "reason");
      }
    } else {
      await bookHeldCapacity(tx, departure.id, locked.lines);
    }
    const status = nextStatus(locked.status, "confirm");
    await tx.booking.update({ where: { id: booking.id }, data: { status, holdExpiresAt: null } });
    await tx.bookingEvent.create({
      data: {
        bookingId: booking.id,
        actorId: actor.userId,
        type: "CONFIRMED",
        fromStatus: locked.status,
        toStatus: status,
        detail: JSON.stringify({ byHand: true, reason }),
        createdAt: now,
      },
    });
    await recordConfirmation(tx, booking.id, actor.userId, now);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "booking.confirmed_by_hand",
      entity: "Booking",
      entityId: booking.id,
      before: { status: locked.status, holdExpiresAt: locked.holdExpiresAt?.toISOString() ?? null },
      after: { status, reason },
    });
  }, TRANSACTION_OPTIONS);
  invalidateBoard();
  kickBookingNotifications();
}
