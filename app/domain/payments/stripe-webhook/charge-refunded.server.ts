import { RECORD_ID } from "~/schemas/fields";
import { statusAfterRefunds } from "../payment-status";
import { refundedOrDue } from "../settlement.server";
import type { EventHandler } from "./handler";

/**
 * charge.refunded: Stripe reports the running total refunded on the charge. The payment takes
 * the larger of what it knew and what the event says (an older event changes nothing), and
 * the refunds asked for are done once the charge shows them all.
 */
export const chargeRefunded: EventHandler<"charge.refunded"> = async (charge, { tx }) => {
  const intent = charge.payment_intent;
  const payment =
    (intent ? await tx.payment.findUnique({ where: { paymentIntentId: intent } }) : null) ??
    (charge.metadata.paymentId && RECORD_ID.test(charge.metadata.paymentId)
      ? await tx.payment.findUnique({ where: { id: charge.metadata.paymentId } })
      : null);
  if (!payment) return "ignored";
  // Stripe reports the running total refunded on the charge; a smaller figure is an older event.
  const refunded = Math.max(payment.refundedMinor, charge.amount_refunded);
  const paidIn = payment.receivedMinor || payment.amountMinor;
  await tx.payment.update({
    where: { id: payment.id },
    data: {
      refundedMinor: refunded,
      status: statusAfterRefunds({ refundedMinor: refunded, receivedMinor: paidIn }),
      paymentIntentId: payment.paymentIntentId ?? intent ?? null,
    },
  });
  // Refunds asked for are done once the charge shows them all.
  const asked = await tx.refund.findMany({
    where: { paymentId: payment.id, status: { in: ["PENDING", "SUCCEEDED"] } },
  });
  if (refunded >= refundedOrDue(asked)) {
    await tx.refund.updateMany({
      where: { paymentId: payment.id, status: "PENDING" },
      data: { status: "SUCCEEDED" },
    });
  }
  return "processed";
};
