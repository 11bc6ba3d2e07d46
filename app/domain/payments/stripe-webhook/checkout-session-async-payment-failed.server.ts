import { ATTEMPT_IN_FLIGHT } from "../payment-status";
import { voidMoveOfPayment } from "~/domain/operations/priced-move.server";
import type { EventHandler } from "./handler";

/** checkout.session.async_payment_failed: a delayed payment (e.g. a bank debit) did not arrive. */
export const checkoutSessionAsyncPaymentFailed: EventHandler<"checkout.session.async_payment_failed"> = async (
  session,
  { tx, now },
) => {
  await tx.payment.updateMany({
    where: { checkoutSessionId: session.id, status: { in: [...ATTEMPT_IN_FLIGHT] } },
    data: { status: "FAILED" },
  });
  // A move waiting for this payment (decision 022) gives its held capacity back; the booking stays.
  const payment = await tx.payment.findUnique({ where: { checkoutSessionId: session.id }, select: { id: true } });
  if (payment) await voidMoveOfPayment(tx, payment.id, now);
  return "processed";
};
