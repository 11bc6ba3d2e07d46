import Stripe from "stripe";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { readPriceLines, type PriceLine } from "~/domain/booking/pricing";
import type { Actor } from "~/domain/identity/permissions";
import type { Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { lockBooking, payableBooking, requireLiveHold } from "./settlement.server";
import { ATTEMPT_IN_FLIGHT } from "./payment-status";
import { countPayment } from "~/domain/ops/metrics.server";
import { logger } from "~/domain/ops/logger.server";

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
export const CHECKOUT_LOCALES: Record<Locale, Stripe.Checkout.SessionCreateParams.Locale> = {
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

/** The ways Checkout offers for a currency: card, and the wallets that take it. */
export function checkoutMethods(currency: string): Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType[] {
  const code = currency.toLowerCase();
  return [
    "card",
    ...(ALIPAY_CURRENCIES.has(code) ? ["alipay"] : []),
    ...(WECHAT_PAY_CURRENCIES.has(code) ? ["wechat_pay"] : []),
  ] as Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType[];
}

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
  const methods = checkoutMethods(booking.currency);
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
    countPayment("stripe", "started");
    return session.url;
  } catch (error) {
    logger.error("Stripe Checkout failed", { reference, reason: (error as Error).message });
    await db.payment.update({ where: { id: payment.id }, data: { status: "FAILED" } });
    countPayment("stripe", "start_failed");
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
    logger.warn("Stripe webhook refused: signature timestamp in the future", { timestamp: String(timestamp) });
    throw new AppError("badSignature", 400);
  }
  return event;
}

/** Closes Checkout Sessions of attempts voided in the portal, so they can no longer be paid (best effort). */
export async function expireCheckoutSessions(sessionIds: string[]): Promise<void> {
  const stripe = stripeClient();
  if (!stripe) return;
  for (const id of sessionIds) {
    await stripe.checkout.sessions.expire(id).catch((error: unknown) => {
      // Already paid or expired at Stripe: a payment that still arrives is refunded by the webhook.
      logger.warn("Checkout Session not expired", { session: id, reason: (error as Error).message });
    });
  }
}
