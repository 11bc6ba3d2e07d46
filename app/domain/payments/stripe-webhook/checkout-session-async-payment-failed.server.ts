import { ATTEMPT_IN_FLIGHT } from "../payment-status";
import type { EventHandler } from "./handler";

/** checkout.session.async_payment_failed: a delayed payment (e.g. a bank debit) did not arrive. */
export const checkoutSessionAsyncPaymentFailed: EventHandler<"checkout.session.async_payment_failed"> = async (
  session,
  { tx },
) => {
  await tx.payment.updateMany({
    where: { checkoutSessionId: session.id, status: { in: [...ATTEMPT_IN_FLIGHT] } },
    data: { status: "FAILED" },
  });
  return "processed";
};
