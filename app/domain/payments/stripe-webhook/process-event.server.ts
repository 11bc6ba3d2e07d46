import type Stripe from "stripe";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import type { Db } from "~/utils/db.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { sendRefunds, type RefundToSend } from "../refunds.server";
import { checkStripeEvent, MalformedStripeEvent, type CheckedEvent, type HandledEventType } from "../stripe-events";
import { chargeRefunded } from "./charge-refunded.server";
import { checkoutSessionAsyncPaymentFailed } from "./checkout-session-async-payment-failed.server";
import { checkoutSessionCompleted } from "./checkout-session-completed.server";
import { checkoutSessionExpired } from "./checkout-session-expired.server";
import type { EventHandler } from "./handler";
import { refundUpdated } from "./refund-updated.server";
import { countStripeEvent } from "~/domain/ops/metrics.server";
import { logger } from "~/domain/ops/logger.server";

/** Each handled event type's handler: the compiler refuses a type without one. */
const HANDLERS: { [T in HandledEventType]: EventHandler<T> } = {
  "checkout.session.completed": checkoutSessionCompleted,
  "checkout.session.async_payment_succeeded": checkoutSessionCompleted,
  "checkout.session.async_payment_failed": checkoutSessionAsyncPaymentFailed,
  "checkout.session.expired": checkoutSessionExpired,
  "charge.refunded": chargeRefunded,
  "refund.failed": refundUpdated,
  "refund.updated": refundUpdated,
  "charge.refund.updated": refundUpdated,
};

/** The event's shape for its type, or a 400 refusal (logged with the event id), never a 500. */
function checkedEvent(event: unknown): CheckedEvent {
  try {
    return checkStripeEvent(event);
  } catch (error) {
    if (!(error instanceof MalformedStripeEvent)) throw error;
    logger.warn("Stripe event refused as malformed", {
      stripeEvent: error.eventId ?? "(no id)",
      problem: error.problem,
    });
    throw new AppError("malformedEvent", 400);
  }
}

type Outcome = "processed" | "duplicate" | "ignored";

/**
 * Acts on a verified Stripe event once: the event id is stored with what it changed, in one
 * transaction, so a redelivery finds it and does nothing. Handlers read the payment's current
 * state and only move it forward, so events arriving out of order do no harm.
 */
export async function processStripeEvent(db: Db, stripeEvent: Stripe.Event, now = new Date()): Promise<Outcome> {
  const refunds: RefundToSend[] = [];
  let outcome: Outcome;
  const event = checkedEvent(stripeEvent);
  const type = event.type === "unhandled" ? event.stripeType : event.type;
  if (await db.webhookEvent.findUnique({ where: { id: event.id } })) return "duplicate";
  try {
    outcome = await db.$transaction(async (tx) => {
      await tx.webhookEvent.create({ data: { id: event.id, type, processedAt: now } });
      if (event.type === "unhandled") return "ignored";
      // One handler per event type; the cast pairs the event's object with its own handler.
      const handle = HANDLERS[event.type] as EventHandler<typeof event.type>;
      return handle(event.object as never, { tx, now, refunds });
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    // The same event delivered twice at once: the second insert of its id is refused.
    if (isUniqueViolation(error) && (await db.webhookEvent.findUnique({ where: { id: event.id } }))) return "duplicate";
    throw error;
  }
  await sendRefunds(db, refunds);
  if (outcome === "processed") {
    countStripeEvent(type);
    invalidateBoard();
    kickBookingNotifications();
  }
  return outcome;
}
