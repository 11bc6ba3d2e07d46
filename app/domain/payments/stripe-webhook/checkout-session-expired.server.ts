import { ATTEMPT_IN_FLIGHT } from "../payment-status";
import type { EventHandler } from "./handler";

/** checkout.session.expired: the exporter never paid on Stripe's page; the attempt is over. */
export const checkoutSessionExpired: EventHandler<"checkout.session.expired"> = async (session, { tx }) => {
  await tx.payment.updateMany({
    where: { checkoutSessionId: session.id, status: { in: [...ATTEMPT_IN_FLIGHT] } },
    data: { status: "EXPIRED", checkoutUrl: null },
  });
  return "processed";
};
