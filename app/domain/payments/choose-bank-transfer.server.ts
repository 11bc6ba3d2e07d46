import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import type { Actor } from "~/domain/identity/permissions";
import type { Locale } from "~/i18n/config";
import { bankTransferDueAt } from "./bank-days";
import { invoiceHeldBooking } from "./invoices.server";
import { OPEN_PAYMENT_STATUSES } from "./payment-status";
import { payableBooking, requireLiveHold } from "./settlement.server";
import { switchHeldBooking } from "./switch-held-booking.server";
import { countPayment } from "~/domain/ops/metrics.server";

/** When an invoice issued now would fall due, or null when bank transfer is not offered (too close to the cut-off). */
export function bankTransferDue(now: Date, cargoCutoffAt: Date): Date | null {
  const { BANK_TRANSFER_DAYS: days, BANK_TRANSFER_MIN_BUSINESS_DAYS: minimumDays } = env();
  return bankTransferDueAt(now, { days, minimumDays }, cargoCutoffAt);
}

/**
 * The exporter chooses to pay a held booking by bank transfer: an invoice is issued, and the
 * hold becomes "awaiting payment" until the invoice's due time. Choosing twice (a double
 * submit) gives the same invoice.
 */
export async function chooseBankTransfer(db: Db, actor: Actor, reference: string, locale: Locale, now = new Date()) {
  const booking = await payableBooking(db, actor, reference);
  const existing = () =>
    db.invoice.findFirst({
      where: {
        payment: { bookingId: booking.id, method: "BANK_TRANSFER", status: { in: [...OPEN_PAYMENT_STATUSES] } },
      },
    });
  if (booking.status === "AWAITING_PAYMENT") {
    const open = await existing();
    if (open) return open;
  }
  requireLiveHold(booking, now);
  const dueAt = bankTransferDue(now, booking.departure.cargoCutoffAt);
  if (!dueAt) throw new AppError("bankTransferTooLate", 409);

  const invoice = await switchHeldBooking(db, booking, now, async (tx) => {
    await tx.booking.update({
      where: { id: booking.id },
      data: { status: "AWAITING_PAYMENT", holdExpiresAt: dueAt },
    });
    return invoiceHeldBooking(tx, booking, "BANK_TRANSFER", "AWAITING_PAYMENT", { actor, dueAt, locale, now });
  });
  if (!invoice) {
    const open = await existing();
    if (open) return open;
    throw new AppError("notPayable", 409);
  }
  countPayment("bank_transfer", "started");
  kickBookingNotifications();
  return invoice;
}
