import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { bookHeldCapacity } from "~/domain/booking/holds.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import type { Actor } from "~/domain/identity/permissions";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import type { Locale } from "~/i18n/config";
import { invoiceHeldBooking } from "./invoices.server";
import { payableBooking, requireLiveHold } from "./settlement.server";
import { switchHeldBooking } from "./switch-held-booking.server";
import { recordConfirmation } from "~/domain/tracking/consignment-events.server";
import { countPayment } from "~/domain/ops/metrics.server";

/** Invoices of an on-account company fall due 30 days after the departure. */
const ON_ACCOUNT_TERM_DAYS = 30;

/**
 * A company trusted to pay on account confirms a held booking at once: its slots become
 * booked, and an invoice falls due after the departure.
 */
export async function confirmOnAccount(db: Db, actor: Actor, reference: string, locale: Locale, now = new Date()) {
  const booking = await payableBooking(db, actor, reference);
  if (booking.status === "CONFIRMED") return;
  if (booking.company.creditStatus !== "ON_ACCOUNT") throw new AppError("notOnAccount", 403);
  requireLiveHold(booking, now);
  const dueAt = new Date(booking.departure.departureAt.getTime() + ON_ACCOUNT_TERM_DAYS * 86_400_000);

  const confirmed = await switchHeldBooking(db, booking, now, async (tx, locked) => {
    await tx.booking.update({ where: { id: booking.id }, data: { status: "CONFIRMED", holdExpiresAt: null } });
    await bookHeldCapacity(tx, booking.departureId, locked.lines);
    await invoiceHeldBooking(tx, booking, "ON_ACCOUNT", "CONFIRMED", { actor, dueAt, locale, now });
    await recordConfirmation(tx, booking.id, actor.userId, now);
    return true;
  });
  if (!confirmed) {
    if ((await db.booking.findUniqueOrThrow({ where: { id: booking.id } })).status === "CONFIRMED") return;
    throw new AppError("notPayable", 409);
  }
  countPayment("on_account", "succeeded");
  invalidateBoard();
  kickBookingNotifications();
}
