import { RECORD_ID } from "~/schemas/fields";
import type { EventHandler } from "./handler";
import { logger } from "~/domain/ops/logger.server";

/**
 * Stripe says what became of a refund (refund.failed, refund.updated, charge.refund.updated).
 * Our refund moves forward only — PENDING → SUCCEEDED or FAILED, SUCCEEDED → FAILED (Stripe
 * can fail a refund after reporting it done); FAILED is final — each with one conditional
 * update, so a redelivered or late event changes nothing. A failed refund flags its payment
 * (REFUND_FAILED) for the staff of the departure's port: the money must go back another way.
 * What the charge shows as refunded in total stays `charge.refunded`'s business.
 */
export const refundUpdated: EventHandler<"refund.updated" | "refund.failed" | "charge.refund.updated"> = async (
  stripeRefund,
  { tx, now },
) => {
  const byMetadata = stripeRefund.metadata.refundId;
  const refund =
    (await tx.refund.findUnique({ where: { providerRefundId: stripeRefund.id } })) ??
    (byMetadata && RECORD_ID.test(byMetadata) ? await tx.refund.findUnique({ where: { id: byMetadata } }) : null);
  if (!refund || (refund.providerRefundId && refund.providerRefundId !== stripeRefund.id)) return "ignored";
  if (!refund.providerRefundId) {
    // The answer to our refund request was lost (crash, timeout): the event tells us its id.
    await tx.refund.updateMany({
      where: { id: refund.id, providerRefundId: null },
      data: { providerRefundId: stripeRefund.id },
    });
  }
  const target =
    stripeRefund.status === "succeeded"
      ? "SUCCEEDED"
      : stripeRefund.status === "failed" || stripeRefund.status === "canceled"
        ? "FAILED"
        : null;
  if (!target) return "processed";
  const from = target === "SUCCEEDED" ? ["PENDING"] : ["PENDING", "SUCCEEDED"];
  const { count } = await tx.refund.updateMany({
    where: { id: refund.id, status: { in: from } },
    data: { status: target, updatedAt: now },
  });
  if (count === 0 || target !== "FAILED") return "processed";
  logger.warn("Stripe refund failed", {
    stripeRefund: stripeRefund.id,
    refundId: refund.id,
    reason: stripeRefund.failure_reason ?? "no reason given",
  });
  const payment = await tx.payment.findUniqueOrThrow({ where: { id: refund.paymentId } });
  // A refund counted as done is no longer done: the payment shows what really went back.
  const refundedMinor =
    refund.status === "SUCCEEDED" ? Math.max(0, payment.refundedMinor - refund.amountMinor) : payment.refundedMinor;
  await tx.payment.update({
    where: { id: payment.id },
    data: {
      flag: "REFUND_FAILED",
      refundedMinor,
      ...(refund.status === "SUCCEEDED" ? { status: refundedMinor > 0 ? "PARTIALLY_REFUNDED" : "REFUND_PENDING" } : {}),
    },
  });
  return "processed";
};
