import { ATTEMPT_IN_FLIGHT, isIn, MONEY_CAME_IN, statusAfterRefunds } from "./payment-status";
import Stripe from "stripe";
import type { Db } from "~/utils/db.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { RECORD_ID } from "~/schemas/fields";
import { env } from "~/utils/env.server";
import type { Prisma } from "~/generated/prisma/sqlite/client";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { readPriceLines, type PriceLine } from "~/domain/booking/pricing";
import type { Actor } from "~/domain/identity/permissions";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import type { Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { lockBooking, payableBooking, refundedOrDue, requireLiveHold, settleBooking } from "./settlement.server";
import { checkStripeEvent, MalformedStripeEvent, type CheckedEvent } from "./stripe-events";

/**
 * Stripe Checkout: the portal creates a Checkout Session for a held booking and sends the
 * exporter to Stripe's page; only Stripe's signed webhook confirms anything. The secret key
 * stays on the server (this module is server-only by name) and is never logged.
 */
let client: { key: string; api?: string; stripe: Stripe } | undefined;

/** The Stripe client, or null when Stripe is not configured (bank transfer is then the way). */
export function stripeClient(): Stripe | null {
  const { STRIPE_SECRET_KEY, STRIPE_API_URL } = env();
  if (!STRIPE_SECRET_KEY) return null;
  if (!client || client.key !== STRIPE_SECRET_KEY || client.api !== STRIPE_API_URL) {
    const api = STRIPE_API_URL ? new URL(STRIPE_API_URL) : null;
    client = {
      key: STRIPE_SECRET_KEY,
      api: STRIPE_API_URL,
      stripe: new Stripe(STRIPE_SECRET_KEY, {
        maxNetworkRetries: 2,
        // A person waits on most of these calls: better a clear error than a long hang.
        timeout: 15_000,
        telemetry: false,
        ...(api
          ? { host: api.hostname, port: Number(api.port), protocol: api.protocol.replace(":", "") as "http" | "https" }
          : {}),
      }),
    };
  }
  return client.stripe;
}

export const stripeConfigured = () => Boolean(env().STRIPE_SECRET_KEY && env().STRIPE_WEBHOOK_SECRET);

/** Currencies in which Stripe takes each wallet (card takes all ours). */
const ALIPAY_CURRENCIES = new Set(["aud", "cad", "cny", "eur", "gbp", "hkd", "jpy", "myr", "nzd", "sgd", "usd"]);
const WECHAT_PAY_CURRENCIES = new Set([
  "aud",
  "cad",
  "chf",
  "cny",
  "dkk",
  "eur",
  "gbp",
  "hkd",
  "jpy",
  "nok",
  "sek",
  "sgd",
  "usd",
]);

/** Checkout's page language for ours; the ones Checkout lacks follow the browser. */
const CHECKOUT_LOCALES: Record<Locale, Stripe.Checkout.SessionCreateParams.Locale> = {
  "zh-CN": "zh",
  en: "en",
  ru: "ru",
  de: "de",
  pl: "pl",
  kk: "auto",
  uz: "auto",
  tr: "tr",
  vi: "vi",
  ar: "auto",
};

/** Stripe keeps a Checkout Session open between 30 minutes and 24 hours. */
const MIN_SESSION_MS = 31 * 60_000;
const MAX_SESSION_MS = 23 * 3_600_000;

export function sessionExpiry(holdExpiresAt: Date, now: Date): number {
  const wanted = Math.min(
    Math.max(holdExpiresAt.getTime(), now.getTime() + MIN_SESSION_MS),
    now.getTime() + MAX_SESSION_MS,
  );
  return Math.floor(wanted / 1000);
}

/** The breakdown as Checkout line items; a line with a fractional quantity (kg) is one item. */
export function checkoutLineItems(
  lines: PriceLine[],
  currency: string,
  name: (line: PriceLine) => string,
): Stripe.Checkout.SessionCreateParams.LineItem[] {
  return lines.map((line) => {
    const whole = Number.isInteger(line.quantity) && line.unitMinor * line.quantity === line.amountMinor;
    return {
      quantity: whole ? line.quantity : 1,
      price_data: {
        currency: currency.toLowerCase(),
        unit_amount: whole ? line.unitMinor : line.amountMinor,
        product_data: { name: whole ? name(line) : `${name(line)} × ${line.quantity}` },
      },
    };
  });
}

/**
 * Sends the exporter to Stripe Checkout for a held booking: one payment record and one
 * Checkout Session per attempt (the payment's id is the idempotency key, so a retried request
 * is the same session); an open session is reused when the form is submitted twice.
 */
export async function startCheckout(
  db: Db,
  actor: Actor,
  reference: string,
  payer: { email: string; locale: Locale },
  now = new Date(),
): Promise<string> {
  const stripe = stripeClient();
  if (!stripe) throw new AppError("stripeNotConfigured", 404);
  const booking = await payableBooking(db, actor, reference);
  requireLiveHold(booking, now);

  // One attempt at a time: the booking is locked while its open attempts are looked at.
  const attempt = await db.$transaction(async (tx) => {
    const locked = await lockBooking(tx, booking.id, now);
    if (locked.status !== "HELD") throw new AppError("notPayable", 409);
    const open = await tx.payment.findFirst({
      where: { bookingId: booking.id, method: "STRIPE_CHECKOUT", status: { in: [...ATTEMPT_IN_FLIGHT] } },
      orderBy: { createdAt: "desc" },
    });
    if (open?.status === "PROCESSING") throw new AppError("paymentInProgress", 409);
    if (open?.checkoutUrl) return { reuse: open.checkoutUrl, payment: null };
    if (open) throw new AppError("checkoutInProgress", 409);
    const payment = await tx.payment.create({
      data: {
        bookingId: booking.id,
        companyId: booking.companyId,
        method: "STRIPE_CHECKOUT",
        status: "PENDING",
        currency: booking.currency,
        amountMinor: booking.totalMinor,
        createdById: actor.userId,
        createdAt: now,
      },
    });
    return { reuse: null, payment };
  }, TRANSACTION_OPTIONS);
  if (attempt.reuse || !attempt.payment) return attempt.reuse!;
  const { payment } = attempt;
  const [t, common] = await Promise.all([fixedT(payer.locale, "booking"), fixedT(payer.locale, "common")]);
  const currency = booking.currency.toLowerCase();
  const methods = [
    "card",
    ...(ALIPAY_CURRENCIES.has(currency) ? ["alipay"] : []),
    ...(WECHAT_PAY_CURRENCIES.has(currency) ? ["wechat_pay"] : []),
  ] as Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType[];
  const metadata = { bookingId: booking.id, companyId: booking.companyId, reference, paymentId: payment.id };
  const back = `${env().APP_URL}/${payer.locale}/bookings/${reference}`;
  try {
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: checkoutLineItems(readPriceLines(booking.priceLines), booking.currency, (line) =>
          [
            t(`price.kind.${line.kind}`),
            line.equipmentCode && line.kind === "FREIGHT" ? common(`equipment.${line.equipmentCode}`) : null,
            reference,
          ]
            .filter(Boolean)
            .join(" · "),
        ),
        // Offered as Stripe's dynamic payment methods allow, limited to these three.
        allowed_payment_method_types: methods,
        ...(methods.includes("wechat_pay") ? { payment_method_options: { wechat_pay: { client: "web" } } } : {}),
        customer_email: payer.email,
        client_reference_id: reference,
        metadata,
        payment_intent_data: { metadata },
        expires_at: sessionExpiry(booking.holdExpiresAt, now),
        locale: CHECKOUT_LOCALES[payer.locale],
        success_url: `${back}?payment=returned`,
        cancel_url: `${back}?payment=cancelled`,
      },
      { idempotencyKey: `checkout-${payment.id}` },
    );
    if (!session.url) throw new Error("Checkout Session without a URL");
    await db.payment.update({
      where: { id: payment.id },
      data: { checkoutSessionId: session.id, checkoutUrl: session.url },
    });
    return session.url;
  } catch (error) {
    console.error(`Stripe Checkout for ${reference} failed:`, (error as Error).message);
    await db.payment.update({ where: { id: payment.id }, data: { status: "FAILED" } });
    throw new AppError("stripeUnavailable", 502);
  }
}

/** How far a signature's timestamp may be from our clock, either way (Stripe's default: 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The signed event in a webhook request, or a 400 refusal: nothing else is trusted. Stripe's
 * SDK refuses signatures older than the tolerance; one dated further ahead than the tolerance
 * is refused here too (a replay window must not be opened by a skewed or forged clock).
 */
export function verifyWebhook(rawBody: string, signature: string | null, now = new Date()): Stripe.Event {
  const stripe = stripeClient();
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!stripe || !secret) throw new AppError("stripeNotConfigured", 404);
  if (!signature) throw new AppError("badSignature", 400);
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(
      rawBody,
      signature,
      secret,
      WEBHOOK_TOLERANCE_SECONDS,
      undefined,
      now.getTime(),
    );
  } catch {
    throw new AppError("badSignature", 400);
  }
  // Stripe sends one timestamp; the SDK signs over the last one it finds, so exactly one is taken.
  const timestamps = signature
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("t="));
  const timestamp = timestamps.length === 1 && /^t=\d+$/.test(timestamps[0]!) ? Number(timestamps[0]!.slice(2)) : NaN;
  if (!Number.isSafeInteger(timestamp) || timestamp > Math.floor(now.getTime() / 1000) + WEBHOOK_TOLERANCE_SECONDS) {
    console.warn(`Stripe webhook refused: signature timestamp ${String(timestamp)} is in the future`);
    throw new AppError("badSignature", 400);
  }
  return event;
}

/** The event's shape for its type, or a 400 refusal (logged with the event id), never a 500. */
function checkedEvent(event: unknown): CheckedEvent {
  try {
    return checkStripeEvent(event);
  } catch (error) {
    if (!(error instanceof MalformedStripeEvent)) throw error;
    console.warn(`Stripe event ${error.eventId ?? "(no id)"} refused as malformed: ${error.problem}`);
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
      switch (event.type) {
        case "checkout.session.completed":
        case "checkout.session.async_payment_succeeded": {
          const session = event.object;
          const payment = await tx.payment.findUnique({ where: { checkoutSessionId: session.id } });
          if (!payment) return "ignored";
          const intent = session.payment_intent;
          if (session.payment_status !== "paid") {
            await tx.payment.updateMany({
              where: { id: payment.id, status: "PENDING" },
              data: { status: "PROCESSING", paymentIntentId: intent ?? null },
            });
            return "processed";
          }
          if (isIn(payment.status, MONEY_CAME_IN) && payment.receivedMinor > 0) return "processed";
          const amount = session.amount_total ?? 0;
          const matches = amount === payment.amountMinor && session.currency === payment.currency.toLowerCase();
          if (!matches) {
            await tx.payment.update({
              where: { id: payment.id },
              data: {
                status: "PROCESSING",
                flag: "AMOUNT_MISMATCH",
                receivedMinor: amount,
                paymentIntentId: intent ?? null,
              },
            });
            return "processed";
          }
          if (payment.refundedMinor >= amount) {
            // The refund came first (events out of order): the money is back with the payer.
            await tx.payment.update({
              where: { id: payment.id },
              data: { status: "REFUNDED", receivedMinor: amount, paymentIntentId: intent ?? null },
            });
            return "processed";
          }
          const booking = await lockBooking(tx, payment.bookingId, now);
          const settled = await settleBooking(
            tx,
            booking,
            payment.id,
            null,
            { method: "STRIPE_CHECKOUT", paymentId: payment.id },
            now,
          );
          // Paid when the slots are gone, or when the booking was confirmed another way: it goes back.
          const back = settled === "NEEDS_REFUND" || settled === "ALREADY_CONFIRMED";
          await tx.payment.update({
            where: { id: payment.id },
            data: {
              status: back ? "REFUND_PENDING" : "SUCCEEDED",
              flag: back ? (settled === "NEEDS_REFUND" ? "LATE_NO_CAPACITY" : "DUPLICATE_PAYMENT") : null,
              receivedMinor: amount,
              paymentIntentId: intent ?? null,
            },
          });
          if (back && intent) {
            const key = `${settled === "NEEDS_REFUND" ? "late" : "duplicate"}-${payment.id}`;
            const refund = await tx.refund.create({
              data: {
                paymentId: payment.id,
                amountMinor: amount,
                currency: payment.currency,
                reason: settled === "NEEDS_REFUND" ? "LATE_PAYMENT" : "DUPLICATE",
                status: "PENDING",
                idempotencyKey: key,
                createdAt: now,
              },
            });
            refunds.push({ refundId: refund.id, paymentIntent: intent, amountMinor: amount, key });
          }
          return "processed";
        }
        case "checkout.session.async_payment_failed": {
          await tx.payment.updateMany({
            where: { checkoutSessionId: event.object.id, status: { in: [...ATTEMPT_IN_FLIGHT] } },
            data: { status: "FAILED" },
          });
          return "processed";
        }
        case "checkout.session.expired": {
          await tx.payment.updateMany({
            where: { checkoutSessionId: event.object.id, status: { in: [...ATTEMPT_IN_FLIGHT] } },
            data: { status: "EXPIRED", checkoutUrl: null },
          });
          return "processed";
        }
        case "charge.refunded": {
          const charge = event.object;
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
        }
        case "refund.failed":
        case "refund.updated":
        case "charge.refund.updated":
          return applyRefundStatus(tx, event.object, now);
        default:
          return "ignored";
      }
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    // The same event delivered twice at once: the second insert of its id is refused.
    if (isUniqueViolation(error) && (await db.webhookEvent.findUnique({ where: { id: event.id } }))) return "duplicate";
    throw error;
  }
  for (const refund of refunds) await sendRefund(db, refund);
  if (outcome === "processed") {
    invalidateBoard();
    kickBookingNotifications();
  }
  return outcome;
}

type StripeRefund = Extract<CheckedEvent, { type: "refund.failed" }>["object"];

/**
 * Stripe says what became of a refund (refund.failed, refund.updated, charge.refund.updated).
 * Our refund moves forward only — PENDING → SUCCEEDED or FAILED, SUCCEEDED → FAILED (Stripe
 * can fail a refund after reporting it done); FAILED is final — each with one conditional
 * update, so a redelivered or late event changes nothing. A failed refund flags its payment
 * (REFUND_FAILED) for the staff of the departure's port: the money must go back another way.
 * What the charge shows as refunded in total stays `charge.refunded`'s business.
 */
async function applyRefundStatus(
  tx: Prisma.TransactionClient,
  stripeRefund: StripeRefund,
  now: Date,
): Promise<"processed" | "ignored"> {
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
  console.warn(
    `Stripe refund ${stripeRefund.id} (ours ${refund.id}) failed: ${stripeRefund.failure_reason ?? "no reason given"}`,
  );
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
}

interface RefundToSend {
  refundId: string;
  paymentIntent: string;
  amountMinor: number;
  key: string;
}

/**
 * Asks Stripe for a refund recorded as PENDING; the idempotency key makes a retry the same
 * refund. When Stripe cannot be reached the refund stays PENDING and `retryRefunds` sends it
 * again; when Stripe refuses it, it is FAILED and shown to staff.
 */
async function sendRefund(db: Db, refund: RefundToSend): Promise<void> {
  const stripe = stripeClient();
  if (!stripe) return;
  try {
    const sent = await stripe.refunds.create(
      { payment_intent: refund.paymentIntent, amount: refund.amountMinor, metadata: { refundId: refund.refundId } },
      { idempotencyKey: refund.key },
    );
    await db.refund.update({ where: { id: refund.refundId }, data: { providerRefundId: sent.id } });
  } catch (error) {
    console.error(`Stripe refund ${refund.refundId} not sent:`, (error as Error).message);
    const unreachable =
      error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError;
    if (!unreachable) await db.refund.update({ where: { id: refund.refundId }, data: { status: "FAILED" } });
  }
}

/** Sends again the Stripe refunds that never reached Stripe (a crash or an outage after they were recorded). */
export async function retryRefunds(db: Db, now = new Date()): Promise<number> {
  if (!stripeClient()) return 0;
  const waiting = await db.refund.findMany({
    where: { status: "PENDING", providerRefundId: null, createdAt: { lte: new Date(now.getTime() - 60_000) } },
    include: { payment: { select: { paymentIntentId: true } } },
    take: 50,
  });
  for (const refund of waiting) {
    if (!refund.payment.paymentIntentId) continue;
    await sendRefund(db, {
      refundId: refund.id,
      paymentIntent: refund.payment.paymentIntentId,
      amountMinor: refund.amountMinor,
      key: refund.idempotencyKey,
    });
  }
  return waiting.length;
}

/** The server's retry of unsent refunds, every few minutes. Returns a function that stops it. */
export function startRefundRetries(db: Db, everyMs = 5 * 60_000): () => void {
  const timer = setInterval(() => {
    retryRefunds(db).catch((error: unknown) => console.error("Refund retries:", error));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Closes Checkout Sessions of attempts voided in the portal, so they can no longer be paid (best effort). */
export async function expireCheckoutSessions(sessionIds: string[]): Promise<void> {
  const stripe = stripeClient();
  if (!stripe) return;
  for (const id of sessionIds) {
    await stripe.checkout.sessions.expire(id).catch((error: unknown) => {
      // Already paid or expired at Stripe: a payment that still arrives is refunded by the webhook.
      console.error(`Checkout Session ${id} not expired:`, (error as Error).message);
    });
  }
}

/**
 * What a cancelled booking's payments took, less the policy's fee, recorded inside the cancel
 * transaction: a Stripe refund (sent after commit, tracked until `charge.refunded`) for a card
 * payment, a bank refund for staff otherwise. Returns the Stripe refunds to send.
 */
export async function recordCancellationRefunds(
  tx: Prisma.TransactionClient,
  bookingId: string,
  feeMinor: number,
  now: Date,
): Promise<RefundToSend[]> {
  const payments = await tx.payment.findMany({
    where: { bookingId, status: { in: ["SUCCEEDED", "PARTIALLY_PAID"] }, receivedMinor: { gt: 0 } },
    include: { refunds: true },
    orderBy: { createdAt: "asc" },
  });
  const toSend: RefundToSend[] = [];
  let fee = feeMinor;
  for (const payment of payments) {
    const refundable = payment.receivedMinor - refundedOrDue(payment.refunds);
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

/** Sends Stripe refunds recorded in a transaction that has committed. */
export async function sendRefunds(db: Db, refunds: RefundToSend[]): Promise<void> {
  for (const refund of refunds) await sendRefund(db, refund);
}
