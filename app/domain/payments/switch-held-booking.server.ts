import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { lockBooking, voidOpenCheckouts, type LockedBooking } from "./settlement.server";
import { expireCheckoutSessions } from "./stripe.server";

/**
 * Starts a way of paying for a held booking in one transaction that first locks the booking:
 * a Stripe checkout not paid yet is voided (its session is expired at Stripe after commit),
 * one being processed blocks the change, so a booking never has two attempts that can both
 * take money.
 */
export async function switchHeldBooking<T>(
  db: Db,
  booking: { id: string },
  now: Date,
  change: (tx: Tx, locked: LockedBooking) => Promise<T>,
): Promise<T | null> {
  const { result, sessions } = await db.$transaction(async (tx) => {
    const locked = await lockBooking(tx, booking.id, now);
    if (locked.status !== "HELD") return { result: null, sessions: [] };
    const processing = await tx.payment.count({ where: { bookingId: booking.id, status: "PROCESSING" } });
    if (processing > 0) throw new AppError("paymentInProgress", 409);
    const sessions = await voidOpenCheckouts(tx, booking.id);
    return { result: await change(tx, locked), sessions };
  }, TRANSACTION_OPTIONS);
  await expireCheckoutSessions(sessions);
  return result;
}
