import type { Db } from "~/utils/db.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { recordInvoiceVersion } from "./invoice-document.server";
import { CLOSED_FOR_MONEY, isIn } from "./payment-status";
import { lockBooking, refundedOrDue, settleBooking, type SettleOutcome } from "./settlement.server";
import { countPayment } from "~/domain/ops/metrics.server";

export interface ReceiptInput {
  amountMinor: number;
  /** The value date on the bank statement, YYYY-MM-DD. */
  receivedOn: string;
  bankReference: string;
}

/**
 * Port staff record money received on the operator's account against an invoice. The same
 * bank transaction is never counted twice (unique per invoice). When the invoice is paid in
 * full the booking is confirmed; a part payment is recorded and the rest stays due; money
 * beyond the invoice, money for a booking confirmed another way, and money arriving after the
 * payment was closed go back (a refund for staff to make, never more than what came in); money
 * for a booking whose slots are gone is refunded and the exporter is told.
 */
export async function recordBankReceipt(
  db: Db,
  actor: Actor,
  invoiceNumber: string,
  receipt: ReceiptInput,
  meta: RequestMeta,
  now = new Date(),
) {
  const invoice = await db.invoice.findUnique({
    where: { number: invoiceNumber },
    include: { payment: { include: { booking: { include: { departure: { include: { service: true } } } } } } },
  });
  if (!invoice) throw new AppError("notFound", 404);
  const { payment } = invoice;
  authorize(actor, "confirm:payment", { portCode: payment.booking.departure.service.originCode });
  if (!["BANK_TRANSFER", "ON_ACCOUNT"].includes(payment.method)) throw new AppError("notBankPayment", 409);

  const outcome = await db
    .$transaction(async (tx) => {
      const booking = await lockBooking(tx, payment.bookingId, now);
      const current = await tx.payment.findUniqueOrThrow({ where: { id: payment.id }, include: { refunds: true } });
      const duplicate = await tx.bankReceipt.findUnique({
        where: { paymentId_bankReference: { paymentId: payment.id, bankReference: receipt.bankReference } },
      });
      if (duplicate) throw new AppError("duplicateReceipt", 409, "bankReference");
      await tx.bankReceipt.create({
        data: {
          paymentId: payment.id,
          amountMinor: receipt.amountMinor,
          currency: current.currency,
          receivedOn: receipt.receivedOn,
          bankReference: receipt.bankReference,
          recordedById: actor.userId,
          createdAt: now,
        },
      });
      const received = current.receivedMinor + receipt.amountMinor;
      const alreadyBack = refundedOrDue(current.refunds);
      const detail = { invoice: invoice.number, receivedMinor: received, amountMinor: current.amountMinor };
      let settled: SettleOutcome | null = null;
      let status = current.status;
      let flag = current.flag;
      let refund: { amountMinor: number; reason: string } | null = null;

      if (isIn(current.status, CLOSED_FOR_MONEY)) {
        // The payment is closed (booking cancelled, or already being refunded): this goes back.
        refund = { amountMinor: receipt.amountMinor, reason: "LATE_PAYMENT" };
        status = "REFUND_PENDING";
        flag = flag ?? "PAID_AFTER_CLOSE";
      } else if (received < current.amountMinor) {
        status = current.status === "EXPIRED" ? "EXPIRED" : "PARTIALLY_PAID";
        if (current.status === "EXPIRED") flag = "EXPIRED_PARTLY_PAID";
        await tx.bookingEvent.create({
          data: {
            bookingId: booking.id,
            actorId: actor.userId,
            type: "PAYMENT_RECEIVED",
            fromStatus: booking.status,
            toStatus: booking.status,
            detail: JSON.stringify({ ...detail, outstandingMinor: current.amountMinor - received }),
            createdAt: now,
          },
        });
      } else if (current.status === "SUCCEEDED" || current.method === "ON_ACCOUNT") {
        // Settling an on-account invoice, or more money for one already paid.
        settled = "ALREADY_CONFIRMED";
        status = "SUCCEEDED";
        const over = received - current.amountMinor - alreadyBack;
        if (over > 0) {
          refund = { amountMinor: Math.min(over, receipt.amountMinor), reason: "OVERPAYMENT" };
          flag = "OVERPAID";
        }
      } else {
        settled = await settleBooking(tx, booking, payment.id, actor.userId, detail, now);
        if (settled === "NEEDS_REFUND" || settled === "ALREADY_CONFIRMED") {
          refund = {
            amountMinor: received - alreadyBack,
            reason: settled === "NEEDS_REFUND" ? "LATE_PAYMENT" : "DUPLICATE",
          };
          status = "REFUND_PENDING";
          flag = settled === "NEEDS_REFUND" ? "LATE_NO_CAPACITY" : "DUPLICATE_PAYMENT";
        } else {
          status = "SUCCEEDED";
          const over = received - current.amountMinor - alreadyBack;
          if (over > 0) {
            refund = { amountMinor: over, reason: "OVERPAYMENT" };
            flag = "OVERPAID";
          }
        }
      }
      await tx.payment.update({ where: { id: payment.id }, data: { receivedMinor: received, status, flag } });
      // The invoice's next version shows what has been received and what is still due.
      await recordInvoiceVersion(tx, invoice.id, actor.userId, now);
      if (refund && refund.amountMinor > 0) {
        // Bank refunds are made by hand: the record tells staff how much goes back, and why.
        await tx.refund.create({
          data: {
            paymentId: payment.id,
            amountMinor: refund.amountMinor,
            currency: current.currency,
            reason: refund.reason,
            status: "MANUAL",
            idempotencyKey: `bank-${payment.id}-${receipt.bankReference}`,
            createdAt: now,
          },
        });
      }
      return { settled, outstanding: Math.max(0, current.amountMinor - received) };
    }, TRANSACTION_OPTIONS)
    .catch((error: unknown) => {
      // Two people recording the same bank transaction at once: the unique key refuses the second.
      if (isUniqueViolation(error)) throw new AppError("duplicateReceipt", 409, "bankReference");
      throw error;
    });

  await recordAudit(db, {
    actorId: actor.userId,
    action: "payment.receipt_recorded",
    entity: "Payment",
    entityId: payment.id,
    ipAddress: meta.ipAddress,
    before: { receivedMinor: payment.receivedMinor, status: payment.status },
    after: { receipt, outcome: outcome.settled ?? "PARTIAL" },
  });
  countPayment("bank_transfer", outcome.settled ? "succeeded" : "partial");
  if (outcome.settled === "CONFIRMED" || outcome.settled === "LATE_CONFIRMED") invalidateBoard();
  kickBookingNotifications();
  return outcome;
}
