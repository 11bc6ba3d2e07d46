import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import type { Db } from "~/utils/db.server";
import { everyPeriod, jobLeaseMs, jobPeriodMs } from "~/domain/ops/jobs.server";
import { AppError } from "~/utils/app-error";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { statusAfterRefunds } from "./payment-status";
import { lockBooking, refundedOrDue } from "./settlement.server";
import { stripeClient } from "./stripe.server";

/*
 * Money going back: refunds recorded inside the transaction that decides them (cancellation,
 * late or duplicate payment, overpayment), Stripe refunds sent after it commits and retried
 * until Stripe has them, and bank refunds that port staff make by hand and then record.
 */

export interface RefundToSend {
  refundId: string;
  paymentIntent: string;
  amountMinor: number;
  key: string;
}

/**
 * A conflict on the idempotency key, not a refusal: the same refund is being created by another
 * request right now (409 idempotency_key_in_use; e.g. one whose sender was killed mid-call), or
 * Stripe's idempotency check objects. The refund stays PENDING and is sent again later, when
 * Stripe answers with the refund it made (or makes it).
 */
export function isIdempotencyConflict(error: unknown): boolean {
  if (error instanceof Stripe.errors.StripeIdempotencyError) return true;
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  return error.statusCode === 409 || error.code === "idempotency_key_in_use" || error.type === "idempotency_error";
}

/**
 * Asks Stripe for a refund recorded as PENDING, after claiming it (decision 027): a conditional
 * update gives one sender a lease (JOB_LEASE_SECONDS), so two instances never send it at once;
 * a sender killed mid-call leaves it to the retrier once the lease has run out. The idempotency
 * key makes any repeat the same refund. When Stripe cannot be reached, or the key is in use,
 * the refund stays PENDING and `retryRefunds` sends it again; when Stripe refuses it, it is
 * FAILED and shown to staff.
 */
export async function sendRefund(db: Db, refund: RefundToSend, now = new Date()): Promise<void> {
  const stripe = stripeClient();
  if (!stripe) return;
  const token = randomUUID();
  const claimed = await db.refund.updateMany({
    where: {
      id: refund.refundId,
      status: "PENDING",
      providerRefundId: null,
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    data: { claimToken: token, leaseUntil: new Date(now.getTime() + jobLeaseMs()) },
  });
  // Sent already, or another sender has it now.
  if (claimed.count !== 1) return;
  const release = (data: { status?: string; providerRefundId?: string } = {}) =>
    db.refund.updateMany({
      where: { id: refund.refundId, claimToken: token },
      data: { claimToken: null, leaseUntil: null, ...data },
    });
  let sent: Stripe.Refund;
  try {
    sent = await stripe.refunds.create(
      { payment_intent: refund.paymentIntent, amount: refund.amountMinor, metadata: { refundId: refund.refundId } },
      { idempotencyKey: refund.key },
    );
  } catch (error) {
    console.error(`Stripe refund ${refund.refundId} not sent:`, (error as Error).message);
    const unreachable =
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      error instanceof Stripe.errors.StripeRateLimitError;
    await release(unreachable || isIdempotencyConflict(error) ? {} : { status: "FAILED" });
    return;
  }
  // Stripe has it: recorded whoever holds the claim now (a repeat would name the same refund).
  await db.refund.updateMany({
    where: { id: refund.refundId },
    data: { providerRefundId: sent.id, claimToken: null, leaseUntil: null },
  });
}

/**
 * Sends again the Stripe refunds that never reached Stripe (a crash or an outage after they were
 * recorded), each claimed first (see sendRefund): any number of instances may run it at once.
 */
export async function retryRefunds(db: Db, now = new Date()): Promise<number> {
  if (!stripeClient()) return 0;
  const waiting = await db.refund.findMany({
    where: {
      status: "PENDING",
      providerRefundId: null,
      createdAt: { lte: new Date(now.getTime() - 60_000) },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    include: { payment: { select: { paymentIntentId: true } } },
    take: 50,
  });
  for (const refund of waiting) {
    if (!refund.payment.paymentIntentId) continue;
    await sendRefund(
      db,
      {
        refundId: refund.id,
        paymentIntent: refund.payment.paymentIntentId,
        amountMinor: refund.amountMinor,
        key: refund.idempotencyKey,
      },
      now,
    );
  }
  return waiting.length;
}

/** The server's retry of unsent refunds, every few minutes. Returns a function that stops it. */
export function startRefundRetries(db: Db, everyMs = jobPeriodMs(5 * 60_000)): () => Promise<void> {
  return everyPeriod("Refund retries", everyMs, () => retryRefunds(db)).stop;
}

/** The payments a cancellation gives money back from: those that took money and are not closed. */
export const REFUNDABLE_ON_CANCELLATION = ["SUCCEEDED", "PARTIALLY_PAID"] as const;

/** What a payment took and has not given back (or been asked to): what a cancellation can refund. */
export function refundableMinor(payment: {
  receivedMinor: number;
  refunds: { amountMinor: number; status: string }[];
}) {
  return payment.receivedMinor - refundedOrDue(payment.refunds);
}

/**
 * What a cancelled booking's payments took, less the policy's fee, recorded inside the cancel
 * transaction: a Stripe refund (sent after commit, tracked until `charge.refunded`) for a card
 * payment, a bank refund for staff otherwise. Returns the Stripe refunds to send.
 */
export async function recordCancellationRefunds(
  tx: Tx,
  bookingId: string,
  feeMinor: number,
  now: Date,
): Promise<RefundToSend[]> {
  const payments = await tx.payment.findMany({
    where: { bookingId, status: { in: [...REFUNDABLE_ON_CANCELLATION] }, receivedMinor: { gt: 0 } },
    include: { refunds: true },
    orderBy: { createdAt: "asc" },
  });
  const toSend: RefundToSend[] = [];
  let fee = feeMinor;
  for (const payment of payments) {
    const refundable = refundableMinor(payment);
    const kept = Math.min(fee, refundable);
    fee -= kept;
    const amount = refundable - kept;
    if (amount <= 0) continue;
    const stripe = payment.method === "STRIPE_CHECKOUT";
    const refund = await tx.refund.create({
      data: {
        paymentId: payment.id,
        amountMinor: amount,
        currency: payment.currency,
        reason: "CANCELLATION",
        status: stripe ? "PENDING" : "MANUAL",
        idempotencyKey: `cancel-${payment.id}`,
        createdAt: now,
      },
    });
    await tx.payment.update({ where: { id: payment.id }, data: { status: "REFUND_PENDING" } });
    if (stripe && payment.paymentIntentId) {
      toSend.push({
        refundId: refund.id,
        paymentIntent: payment.paymentIntentId,
        amountMinor: amount,
        key: refund.idempotencyKey,
      });
    }
  }
  return toSend;
}

/**
 * A booking moved to a cheaper departure (decision 022) gives the difference back, inside the
 * move's transaction: from the money its payments took first (a Stripe refund, sent after
 * commit and retried, for a card payment; a bank refund for staff otherwise), and what is left
 * as a credit on its on-account invoice (a bank refund staff make once the invoice is paid).
 * The payments stay as they are: the booking is still paid for, at its new price.
 */
export async function recordMoveRefunds(
  tx: Tx,
  bookingId: string,
  differenceMinor: number,
  moveKey: string,
  now: Date,
): Promise<RefundToSend[]> {
  const payments = await tx.payment.findMany({
    where: { bookingId, status: { in: [...REFUNDABLE_ON_CANCELLATION, "PENDING"] } },
    include: { refunds: true },
    orderBy: { createdAt: "asc" },
  });
  const toSend: RefundToSend[] = [];
  let left = differenceMinor;
  const record = async (payment: (typeof payments)[number], amount: number) => {
    const stripe = payment.method === "STRIPE_CHECKOUT" && payment.paymentIntentId !== null;
    const refund = await tx.refund.create({
      data: {
        paymentId: payment.id,
        amountMinor: amount,
        currency: payment.currency,
        reason: "MOVE_DIFFERENCE",
        status: stripe ? "PENDING" : "MANUAL",
        idempotencyKey: `move-${moveKey}-${payment.id}`,
        createdAt: now,
      },
    });
    left -= amount;
    if (stripe) {
      toSend.push({
        refundId: refund.id,
        paymentIntent: payment.paymentIntentId!,
        amountMinor: amount,
        key: refund.idempotencyKey,
      });
    }
  };
  for (const payment of payments) {
    if (left <= 0) break;
    if (payment.status === "PENDING") continue;
    const amount = Math.min(left, refundableMinor(payment));
    if (amount > 0) await record(payment, amount);
  }
  // Not paid yet (on account): the rest is a credit on the invoice.
  const onAccount = payments.find((payment) => payment.method === "ON_ACCOUNT");
  if (left > 0 && onAccount) await record(onAccount, left);
  if (left > 0) throw new Error(`Move refund of ${differenceMinor} for ${bookingId}: ${left} has nowhere to go`);
  return toSend;
}

/** Sends Stripe refunds recorded in a transaction that has committed. */
export async function sendRefunds(db: Db, refunds: RefundToSend[]): Promise<void> {
  for (const refund of refunds) await sendRefund(db, refund);
}

/**
 * Port staff record that a refund they had to make by hand (bank transfer back) has been
 * made: the refund is done and the payment shows what went back.
 */
export async function recordManualRefund(
  db: Db,
  actor: Actor,
  refundId: string,
  bankReference: string,
  meta: RequestMeta,
  now = new Date(),
) {
  const refund = await db.refund.findUnique({
    where: { id: refundId },
    include: { payment: { include: { booking: { include: { departure: { include: { service: true } } } } } } },
  });
  if (!refund) throw new AppError("notFound", 404);
  authorize(actor, "confirm:payment", { portCode: refund.payment.booking.departure.service.originCode });
  const done = await db.$transaction(async (tx) => {
    await lockBooking(tx, refund.payment.bookingId, now);
    const { count } = await tx.refund.updateMany({
      where: { id: refund.id, status: "MANUAL" },
      data: { status: "SUCCEEDED", providerRefundId: `bank:${refund.paymentId}:${bankReference}` },
    });
    if (count !== 1) return false;
    const payment = await tx.payment.update({
      where: { id: refund.paymentId },
      data: { refundedMinor: { increment: refund.amountMinor } },
      include: { refunds: true },
    });
    const open = payment.refunds.some((other) => ["MANUAL", "PENDING"].includes(other.status));
    if (open) return true;
    if (payment.status === "SUCCEEDED" && payment.receivedMinor - payment.refundedMinor === payment.amountMinor) {
      // An overpayment given back: the invoice is simply paid.
      await tx.payment.update({ where: { id: payment.id }, data: { flag: null } });
    } else if (payment.status === "REFUND_PENDING") {
      await tx.payment.update({
        where: { id: payment.id },
        data: { status: statusAfterRefunds(payment) },
      });
    }
    return true;
  }, TRANSACTION_OPTIONS);
  if (!done) throw new AppError("refundNotOpen", 409);
  await recordAudit(db, {
    actorId: actor.userId,
    action: "payment.refund_made",
    entity: "Refund",
    entityId: refund.id,
    ipAddress: meta.ipAddress,
    before: { status: "MANUAL" },
    after: { status: "SUCCEEDED", bankReference },
  });
}
