import { isIn, MONEY_CAME_IN } from "../payment-status";
import { lockBooking, settleBooking } from "../settlement.server";
import { settleMovePayment } from "~/domain/operations/priced-move.server";
import type { EventHandler } from "./handler";

/**
 * checkout.session.completed and checkout.session.async_payment_succeeded: the money is in
 * (or, for a delayed method, on its way). The booking is confirmed if its slots are still
 * there; money for slots that are gone, or for a booking confirmed another way, goes back.
 * An amount or currency other than the payment's — or than the booking's price now — is flagged
 * for staff, never confirmed.
 */
export const checkoutSessionCompleted: EventHandler<
  "checkout.session.completed" | "checkout.session.async_payment_succeeded"
> = async (session, { tx, now, refunds }) => {
  const payment = await tx.payment.findUnique({ where: { checkoutSessionId: session.id } });
  if (!payment) return "ignored";
  const intent = session.payment_intent;
  if (session.payment_status !== "paid") {
    await tx.payment.updateMany({
      where: { id: payment.id, status: "PENDING" },
      data: { status: "PROCESSING", paymentIntentId: intent ?? null },
    });
    return "processed";
  }
  if (isIn(payment.status, MONEY_CAME_IN) && payment.receivedMinor > 0) return "processed";
  const amount = session.amount_total ?? 0;
  const matches = amount === payment.amountMinor && session.currency === payment.currency.toLowerCase();
  if (!matches) {
    await tx.payment.update({
      where: { id: payment.id },
      data: {
        status: "PROCESSING",
        flag: "AMOUNT_MISMATCH",
        receivedMinor: amount,
        paymentIntentId: intent ?? null,
      },
    });
    return "processed";
  }
  if (payment.refundedMinor >= amount) {
    // The refund came first (events out of order): the money is back with the payer.
    await tx.payment.update({
      where: { id: payment.id },
      data: { status: "REFUNDED", receivedMinor: amount, paymentIntentId: intent ?? null },
    });
    return "processed";
  }
  // The difference of a move to a dearer departure (decision 022): the booking moves now.
  if (await settleMovePayment(tx, payment, { amountMinor: amount, intent: intent ?? null }, refunds, now))
    return "processed";
  const booking = await lockBooking(tx, payment.bookingId, now);
  // Opened for another price than the booking's now (it was moved to a dearer or cheaper train
  // meanwhile, decision 022): this money does not confirm it; staff sort it out.
  if (booking.status !== "CONFIRMED" && (booking.totalMinor !== amount || booking.currency !== payment.currency)) {
    await tx.payment.update({
      where: { id: payment.id },
      data: { status: "PROCESSING", flag: "AMOUNT_MISMATCH", receivedMinor: amount, paymentIntentId: intent ?? null },
    });
    return "processed";
  }
  const settled = await settleBooking(
    tx,
    booking,
    payment.id,
    null,
    { method: "STRIPE_CHECKOUT", paymentId: payment.id },
    now,
  );
  // Paid when the slots are gone, or when the booking was confirmed another way: it goes back.
  const back = settled === "NEEDS_REFUND" || settled === "ALREADY_CONFIRMED";
  await tx.payment.update({
    where: { id: payment.id },
    data: {
      status: back ? "REFUND_PENDING" : "SUCCEEDED",
      flag: back ? (settled === "NEEDS_REFUND" ? "LATE_NO_CAPACITY" : "DUPLICATE_PAYMENT") : null,
      receivedMinor: amount,
      paymentIntentId: intent ?? null,
    },
  });
  if (back && intent) {
    const key = `${settled === "NEEDS_REFUND" ? "late" : "duplicate"}-${payment.id}`;
    const refund = await tx.refund.create({
      data: {
        paymentId: payment.id,
        amountMinor: amount,
        currency: payment.currency,
        reason: settled === "NEEDS_REFUND" ? "LATE_PAYMENT" : "DUPLICATE",
        status: "PENDING",
        idempotencyKey: key,
        createdAt: now,
      },
    });
    refunds.push({ refundId: refund.id, paymentIntent: intent, amountMinor: amount, key });
  }
  return "processed";
};
