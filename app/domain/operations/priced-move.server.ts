import type { Db } from "~/utils/db.server";
import { everyPeriod, jobPeriodMs } from "~/domain/ops/jobs.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { returnCapacity, takeCapacity } from "~/domain/booking/holds.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { readPriceLines } from "~/domain/booking/pricing";
import type { Actor } from "~/domain/identity/permissions";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import type { RefundToSend } from "~/domain/payments/refunds.server";
import { lockBooking } from "~/domain/payments/settlement.server";
import { CHECKOUT_LOCALES, checkoutMethods, sessionExpiry, stripeClient } from "~/domain/payments/stripe.server";
import type { Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { AFFECTED_STATUSES } from "./disruptions";
import { applyMove, type MovePrice, type MoveTarget, type MovingBooking } from "./booking-move.server";
import { logger } from "~/domain/ops/logger.server";

/*
 * A move to a dearer departure (decision 022): the booking moves only once the difference is
 * paid. The move holds the new capacity and opens a Stripe Checkout for the difference; the
 * paid webhook moves the booking (the held slots become its own), a failed or expired payment
 * — or the sweep after the session's end — gives the held slots back, and the booking stays on
 * its cancelled departure with the choice still open.
 */

/** How long the held capacity waits for the difference: Stripe's shortest Checkout Session. */
const PENDING_MOVE_MS = 31 * 60_000;

/** The open move of a booking (for its page): where to, for how much, and its checkout. */
export async function pendingMoveOf(db: Db, bookingId: string) {
  const move = await db.bookingMove.findFirst({
    where: { bookingId, status: "PENDING" },
    select: { id: true, toDepartureId: true, differenceMinor: true, currency: true, expiresAt: true, paymentId: true },
  });
  if (!move?.paymentId) return move ? { ...move, checkoutUrl: null } : null;
  const payment = await db.payment.findUnique({ where: { id: move.paymentId }, select: { checkoutUrl: true } });
  return { ...move, checkoutUrl: payment?.checkoutUrl ?? null };
}

/**
 * Holds the capacity on the dearer departure and opens the Checkout for the difference, in one
 * transaction that locks the booking first: one open move per booking (a second click reuses
 * the open checkout; a move to another departure waits until this one ends). Returns the
 * checkout's address.
 */
export async function startPricedMove(
  db: Db,
  {
    actor,
    booking,
    target,
    price,
    payer,
    now,
  }: {
    actor: Actor;
    booking: MovingBooking & { reference: string; companyId: string };
    target: MoveTarget;
    price: MovePrice;
    payer: { email: string; locale: Locale };
    now: Date;
  },
): Promise<string> {
  const stripe = stripeClient();
  if (!stripe) throw new AppError("stripeNotConfigured", 404);
  const expiresAt = new Date(now.getTime() + PENDING_MOVE_MS);
  const opened = await db.$transaction(async (tx) => {
    const locked = await lockBooking(tx, booking.id, now);
    if (locked.status !== booking.status || locked.departureId !== booking.departureId)
      throw new AppError("notMovable", 409);
    const open = await tx.bookingMove.findFirst({ where: { bookingId: booking.id, status: "PENDING" } });
    if (open) {
      const payment = open.paymentId ? await tx.payment.findUnique({ where: { id: open.paymentId } }) : null;
      if (open.toDepartureId === target.id && payment?.checkoutUrl)
        return { reuse: payment.checkoutUrl, payment: null, move: null };
      throw new AppError("moveInProgress", 409);
    }
    await takeCapacity(tx, target.id, booking.lines, "held");
    const payment = await tx.payment.create({
      data: {
        bookingId: booking.id,
        companyId: booking.companyId,
        method: "STRIPE_CHECKOUT",
        status: "PENDING",
        currency: price.currency,
        amountMinor: price.differenceMinor,
        createdById: actor.userId,
        createdAt: now,
      },
    });
    const move = await tx.bookingMove.create({
      data: {
        bookingId: booking.id,
        fromDepartureId: booking.departureId,
        toDepartureId: target.id,
        status: "PENDING",
        openKey: booking.id,
        currency: price.currency,
        totalMinor: price.totalMinor,
        differenceMinor: price.differenceMinor,
        priceLines: JSON.stringify(price.lines),
        paymentId: payment.id,
        expiresAt,
        createdById: actor.userId,
        createdAt: now,
      },
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "booking.move_started",
      entity: "Booking",
      entityId: booking.id,
      after: { toDepartureId: target.id, totalMinor: price.totalMinor, differenceMinor: price.differenceMinor },
    });
    return { reuse: null, payment, move };
  }, TRANSACTION_OPTIONS);
  const { reuse, payment, move } = opened;
  if (reuse !== null || !payment || !move) return reuse!;
  invalidateBoard();
  const t = await fixedT(payer.locale, "disruptions");
  const metadata = { bookingId: booking.id, reference: booking.reference, paymentId: payment.id, moveId: move.id };
  const back = `${env().APP_URL}/${payer.locale}/bookings/${booking.reference}`;
  const methods = checkoutMethods(price.currency);
  try {
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: price.currency.toLowerCase(),
              unit_amount: price.differenceMinor,
              product_data: {
                name: t("pricedMove.lineItem", { reference: booking.reference, service: target.service.serviceNumber }),
              },
            },
          },
        ],
        allowed_payment_method_types: methods,
        ...(methods.includes("wechat_pay") ? { payment_method_options: { wechat_pay: { client: "web" } } } : {}),
        customer_email: payer.email,
        client_reference_id: booking.reference,
        metadata,
        payment_intent_data: { metadata },
        expires_at: sessionExpiry(expiresAt, now),
        locale: CHECKOUT_LOCALES[payer.locale],
        success_url: `${back}?payment=returned`,
        cancel_url: `${back}?payment=cancelled`,
      },
      { idempotencyKey: `move-checkout-${payment.id}` },
    );
    if (!session.url) throw new Error("Checkout Session without a URL");
    await db.payment.update({
      where: { id: payment.id },
      data: { checkoutSessionId: session.id, checkoutUrl: session.url },
    });
    return session.url;
  } catch (error) {
    logger.error("Stripe Checkout for a move failed", {
      reference: booking.reference,
      reason: (error as Error).message,
    });
    await db.$transaction(async (tx) => {
      await tx.payment.update({ where: { id: payment.id }, data: { status: "FAILED" } });
      await voidMoveOfPayment(tx, payment.id, now);
    }, TRANSACTION_OPTIONS);
    invalidateBoard();
    throw new AppError("stripeUnavailable", 502);
  }
}

/**
 * Ends a pending move without moving (its payment failed or expired, or its time is up):
 * the held capacity goes back, conditionally on the move being still open, so it goes back
 * once. Inside the caller's transaction.
 */
export async function voidMoveOfPayment(tx: Tx, paymentId: string, now: Date): Promise<boolean> {
  const move = await tx.bookingMove.findUnique({
    where: { paymentId },
    include: { booking: { select: { lines: true } } },
  });
  if (!move) return false;
  const { count } = await tx.bookingMove.updateMany({
    where: { id: move.id, status: "PENDING" },
    data: { status: "VOID", openKey: null, closedAt: now },
  });
  if (count !== 1) return false;
  await returnCapacity(tx, move.toDepartureId, move.booking.lines, "held");
  return true;
}

/**
 * checkout.session.completed for a move's payment (called by the webhook handler with the
 * payment's full amount in): the move is closed first, conditionally, then the booking moves
 * with the held slots and its new price. A move that ended meanwhile (expired), or a booking
 * that was cancelled or moved another way, gives the money back. Returns whether the payment
 * was a move's.
 */
export async function settleMovePayment(
  tx: Tx,
  payment: { id: string; bookingId: string; currency: string },
  paid: { amountMinor: number; intent: string | null },
  refunds: RefundToSend[],
  now: Date,
): Promise<boolean> {
  const move = await tx.bookingMove.findUnique({ where: { paymentId: payment.id } });
  if (!move) return false;
  const booking = await lockBooking(tx, payment.bookingId, now);
  const { count } = await tx.bookingMove.updateMany({
    where: { id: move.id, status: "PENDING" },
    data: { status: "DONE", openKey: null, closedAt: now },
  });
  const departure = await tx.departure.findUniqueOrThrow({
    where: { id: booking.departureId },
    select: { status: true, departureAt: true, etaAt: true },
  });
  const movable =
    count === 1 &&
    booking.departureId === move.fromDepartureId &&
    departure.status === "CANCELLED" &&
    (AFFECTED_STATUSES as readonly string[]).includes(booking.status);
  if (movable) {
    const target = await tx.departure.findUniqueOrThrow({
      where: { id: move.toDepartureId },
      select: { id: true, departureAt: true, etaAt: true, service: { select: { serviceNumber: true } } },
    });
    await applyMove(tx, {
      booking: { ...booking, departure },
      target,
      price: {
        currency: move.currency,
        totalMinor: move.totalMinor,
        differenceMinor: move.differenceMinor,
        lines: readPriceLines(move.priceLines),
      },
      heldOnTarget: true,
      by: "payment",
      actorId: move.createdById,
      now,
    });
  } else if (count === 1) {
    // Still open but no longer possible: the held slots go back with the money.
    await tx.bookingMove.update({ where: { id: move.id }, data: { status: "VOID" } });
    await returnCapacity(tx, move.toDepartureId, booking.lines, "held");
  }
  await tx.payment.update({
    where: { id: payment.id },
    data: {
      status: movable ? "SUCCEEDED" : "REFUND_PENDING",
      flag: movable ? null : "MOVE_NOT_MADE",
      receivedMinor: paid.amountMinor,
      paymentIntentId: paid.intent,
    },
  });
  if (!movable && paid.intent) {
    const key = `move-late-${payment.id}`;
    const refund = await tx.refund.create({
      data: {
        paymentId: payment.id,
        amountMinor: paid.amountMinor,
        currency: payment.currency,
        reason: "LATE_PAYMENT",
        status: "PENDING",
        idempotencyKey: key,
        createdAt: now,
      },
    });
    refunds.push({ refundId: refund.id, paymentIntent: paid.intent, amountMinor: paid.amountMinor, key });
  }
  return true;
}

/** Ends the pending moves whose time is up and whose payment never came (the sweep's part). */
export async function releaseExpiredMoves(db: Db, now = new Date()): Promise<number> {
  const expired = await db.bookingMove.findMany({
    where: { status: "PENDING", expiresAt: { lte: new Date(now.getTime() - 5 * 60_000) } },
    select: { paymentId: true },
    take: 100,
  });
  let released = 0;
  for (const move of expired) {
    if (!move.paymentId) continue;
    const done = await db.$transaction(async (tx) => {
      // A payment being processed (a delayed method) still decides.
      const payment = await tx.payment.findUnique({ where: { id: move.paymentId! }, select: { status: true } });
      if (payment?.status === "PROCESSING") return false;
      await tx.payment.updateMany({
        where: { id: move.paymentId!, status: "PENDING" },
        data: { status: "EXPIRED", checkoutUrl: null },
      });
      return voidMoveOfPayment(tx, move.paymentId!, now);
    }, TRANSACTION_OPTIONS);
    if (done) released += 1;
  }
  if (released > 0) {
    invalidateBoard();
    kickBookingNotifications();
  }
  return released;
}

/** The server's sweep of pending moves whose payment never came. Returns a function that stops it. */
export function startMoveSweeper(db: Db, everyMs = jobPeriodMs(60_000)): () => Promise<void> {
  return everyPeriod("Move sweeper", everyMs, () => releaseExpiredMoves(db)).stop;
}
