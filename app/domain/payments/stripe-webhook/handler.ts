import type { Tx } from "~/utils/transactions.server";
import type { RefundToSend } from "../refunds.server";
import type { EventObject, HandledEventType } from "../stripe-events";

/** What a handler may use: the event's transaction, the clock, and the refunds to send after commit. */
export interface WebhookContext {
  tx: Tx;
  now: Date;
  refunds: RefundToSend[];
}

/** One Stripe event type's effect on our payments, inside the transaction that records the event. */
export type EventHandler<T extends HandledEventType> = (
  object: EventObject<T>,
  context: WebhookContext,
) => Promise<"processed" | "ignored">;
