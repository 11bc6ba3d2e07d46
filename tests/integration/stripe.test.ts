import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { releaseExpiredHolds } from "~/domain/booking/holds.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { chooseBankTransfer } from "~/domain/payments/choose-bank-transfer.server";
import { portPaymentsToConfirm } from "~/domain/payments/payment-queries.server";
import { recordBankReceipt } from "~/domain/payments/record-bank-receipt.server";
import { startCheckout, verifyWebhook, WEBHOOK_TOLERANCE_SECONDS } from "~/domain/payments/stripe.server";
import { processStripeEvent } from "~/domain/payments/stripe-webhook/process-event.server";
import { retryRefunds } from "~/domain/payments/refunds.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { startStripeStandIn, type StripeStandIn } from "../support/stripe-stand-in";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
const WEBHOOK_SECRET = "whsec_test_secret";
const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };
let test: TestDatabase;
let stripe: StripeStandIn;
let booker: Actor;
let lanzhouStaff: Actor;
let departureId: string;
let freshDepartures: string[];

const capacity = () =>
  test.db.departureCapacity.findUniqueOrThrow({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
  });
const bookingOf = (reference: string) => test.db.booking.findUniqueOrThrow({ where: { reference } });
const paymentOf = (reference: string) =>
  test.db.payment.findFirstOrThrow({ where: { booking: { reference } }, include: { refunds: true } });

async function heldBooking(): Promise<string> {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  return reference!;
}

/** Checkout for a held booking; returns the session the stand-in created. */
async function checkout(reference: string) {
  const url = await startCheckout(test.db, booker, reference, { email: "li.qiang@example.cn", locale: "ru" }, NOW);
  return stripe.sessions.get(url.split("/pay/")[1]!)!;
}

/** Delivers a signed event the way the webhook route does: verify, then process. */
function deliver(type: string, object: Record<string, unknown>, id?: string) {
  const { payload, signature } = stripe.signedEvent(type, object, id);
  return processStripeEvent(test.db, verifyWebhook(payload, signature), NOW);
}

const paid = (session: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  ...session,
  status: "complete",
  payment_status: "paid",
  payment_intent: `pi_${String(session.id).slice(-12)}`,
  ...overrides,
});

beforeAll(async () => {
  stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET });
  // env() is read on first use in this file's module graph: point the SDK at the stand-in.
  process.env.STRIPE_SECRET_KEY = "sk_test_portal";
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_API_URL = stripe.url;
  process.env.APP_URL = "https://silu.test";
  test = await createTestDatabase();
  // The webhook route reaches the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  booker = await loadActor(
    test.db,
    (await test.db.user.findUniqueOrThrow({ where: { email: "booker@lanzhou-silkroad.example" } })).id,
  );
  lanzhouStaff = await loadActor(
    test.db,
    (await test.db.user.findUniqueOrThrow({ where: { email: "staff.lanzhou@silu-gateway.example" } })).id,
  );
  const departures = await test.db.departure.findMany({
    where: {
      status: "OPEN",
      service: { originCode: "CNLAZ", code: { not: "LAZ-DUI-AKL" } },
      capacities: { some: { equipmentCode: "45G1" } },
      cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) },
    },
    orderBy: { departureAt: "asc" },
  });
  freshDepartures = departures.map((departure) => departure.id);
});

beforeEach(async () => {
  departureId = freshDepartures.shift()!;
  await test.db.departureCapacity.update({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
    data: { total: 50, available: 50, held: 0, booked: 0 },
  });
  stripe.requests.length = 0;
});

afterAll(async () => {
  await test?.drop();
  await stripe?.close();
  for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL", "APP_URL"])
    delete process.env[name];
});

describe(`Stripe Checkout (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("sends exactly the Checkout Session the booking needs, once per attempt", async () => {
    const reference = await heldBooking();
    const booking = await bookingOf(reference);
    await checkout(reference);
    const again = await startCheckout(test.db, booker, reference, { email: "li.qiang@example.cn", locale: "ru" }, NOW);
    expect(stripe.requests).toHaveLength(1);
    const [request] = stripe.requests;
    const payment = await paymentOf(reference);
    expect(again).toBe(payment.checkoutUrl);
    expect(request).toMatchObject({
      method: "POST",
      path: "/v1/checkout/sessions",
      idempotencyKey: `checkout-${payment.id}`,
      authorization: "Bearer sk_test_portal",
    });
    const lines = JSON.parse(booking.priceLines) as { unitMinor: number; quantity: number }[];
    expect(request!.body).toEqual({
      mode: "payment",
      line_items: lines.map((line) => ({
        quantity: String(line.quantity),
        price_data: {
          currency: booking.currency.toLowerCase(),
          unit_amount: String(line.unitMinor),
          product_data: { name: expect.stringContaining(reference) as unknown },
        },
      })),
      allowed_payment_method_types: ["card", "alipay", "wechat_pay"],
      payment_method_options: { wechat_pay: { client: "web" } },
      customer_email: "li.qiang@example.cn",
      client_reference_id: reference,
      metadata: { bookingId: booking.id, companyId: booking.companyId, reference, paymentId: payment.id },
      payment_intent_data: {
        metadata: { bookingId: booking.id, companyId: booking.companyId, reference, paymentId: payment.id },
      },
      // The hold ends in 30 minutes; Stripe needs at least 30, so the session lasts 31.
      expires_at: String(Math.floor(NOW.getTime() / 1000) + 31 * 60),
      locale: "ru",
      success_url: `https://silu.test/ru/bookings/${reference}?payment=returned`,
      cancel_url: `https://silu.test/ru/bookings/${reference}?payment=cancelled`,
    });
    expect(payment).toMatchObject({ method: "STRIPE_CHECKOUT", status: "PENDING", amountMinor: booking.totalMinor });
  });

  it("confirms only on a correctly signed webhook, and once however often it is delivered", async () => {
    const reference = await heldBooking();
    const session = await checkout(reference);
    const forged = stripe.signedEvent("checkout.session.completed", paid(session));
    expect(() => verifyWebhook(forged.payload.replace('"paid"', '"paid" '), forged.signature)).toThrow(
      expect.objectContaining({ code: "badSignature", status: 400 }),
    );
    expect(() => verifyWebhook(forged.payload, "t=1,v1=deadbeef")).toThrow(expect.objectContaining({ status: 400 }));
    expect((await bookingOf(reference)).status).toBe("HELD");

    const event = stripe.signedEvent("checkout.session.completed", paid(session), "evt_same_event");
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        processStripeEvent(test.db, verifyWebhook(event.payload, event.signature), NOW).catch(
          (error: unknown) => `error: ${String(error)}`,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "processed")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "duplicate")).toHaveLength(9);
    expect(await test.db.webhookEvent.count({ where: { id: "evt_same_event" } })).toBe(1);
    expect((await bookingOf(reference)).status).toBe("CONFIRMED");
    expect(await paymentOf(reference)).toMatchObject({ status: "SUCCEEDED", receivedMinor: session.amount_total });
    expect(await capacity()).toMatchObject({ available: 48, held: 0, booked: 2 });
    expect(await test.db.bookingEvent.count({ where: { booking: { reference }, type: "CONFIRMED" } })).toBe(1);
  });

  it("answers the webhook route with 400 for a bad signature and 200 for a good one", async () => {
    const { action } = await import("../../app/routes/webhooks.stripe");
    const reference = await heldBooking();
    const session = await checkout(reference);
    const { payload, signature } = stripe.signedEvent("checkout.session.completed", paid(session));
    const post = (body: string, header: string) =>
      action({
        request: new Request("http://localhost/webhooks/stripe", {
          method: "POST",
          headers: { "Stripe-Signature": header, "Content-Type": "application/json" },
          body,
        }),
        params: {},
        context: {},
      });
    const refused = await post(payload, signature.replace(/v1=\w{4}/, "v1=0000"));
    expect(refused.status).toBe(400);
    expect((await bookingOf(reference)).status).toBe("HELD");
    const accepted = await post(payload, signature);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ received: true, outcome: "processed" });
    expect((await bookingOf(reference)).status).toBe("CONFIRMED");
  });

  it("does not confirm when the amount paid differs from the booking: staff are asked to look", async () => {
    const reference = await heldBooking();
    const session = await checkout(reference);
    expect(await deliver("checkout.session.completed", paid(session, { amount_total: 100 }))).toBe("processed");
    expect((await bookingOf(reference)).status).toBe("HELD");
    expect(await paymentOf(reference)).toMatchObject({ flag: "AMOUNT_MISMATCH", receivedMinor: 100 });
  });

  it("takes a refund that arrives before the completion as final", async () => {
    const reference = await heldBooking();
    const session = await checkout(reference);
    const payment = await paymentOf(reference);
    const done = paid(session);
    await deliver("charge.refunded", {
      id: "ch_early",
      object: "charge",
      amount: session.amount_total,
      amount_refunded: session.amount_total,
      payment_intent: done.payment_intent,
      metadata: { paymentId: payment.id },
    });
    await deliver("checkout.session.completed", done);
    expect((await bookingOf(reference)).status).toBe("HELD");
    expect(await paymentOf(reference)).toMatchObject({ status: "REFUNDED", refundedMinor: session.amount_total });
  });

  it("waits for an asynchronous payment, and lets a failed one be retried", async () => {
    const reference = await heldBooking();
    const session = await checkout(reference);
    await deliver("checkout.session.completed", { ...session, status: "complete", payment_status: "unpaid" });
    expect(await paymentOf(reference)).toMatchObject({ status: "PROCESSING" });
    await deliver("checkout.session.async_payment_failed", { ...session, payment_status: "unpaid" });
    expect(await paymentOf(reference)).toMatchObject({ status: "FAILED" });
    expect((await bookingOf(reference)).status).toBe("HELD");

    const retry = await checkout(reference);
    expect(retry.id).not.toBe(session.id);
    await deliver("checkout.session.async_payment_succeeded", paid(retry));
    expect((await bookingOf(reference)).status).toBe("CONFIRMED");
  });

  it("refunds a late payment through Stripe when the slots are gone, and tracks it until charge.refunded", async () => {
    const { reference, session, done, payment } = await lateRefund();
    expect(payment).toMatchObject({ status: "REFUND_PENDING", flag: "LATE_NO_CAPACITY" });
    expect((await bookingOf(reference)).status).toBe("EXPIRED");
    const refundRequest = stripe.requests.find((request) => request.path === "/v1/refunds");
    expect(refundRequest).toMatchObject({
      idempotencyKey: `late-${payment.id}`,
      body: {
        payment_intent: done.payment_intent,
        amount: String(session.amount_total),
        metadata: { refundId: payment.refunds[0]!.id },
      },
    });
    expect(payment.refunds[0]).toMatchObject({ reason: "LATE_PAYMENT", status: "PENDING" });
    expect(payment.refunds[0]!.providerRefundId).toMatch(/^re_/);

    await deliver("charge.refunded", {
      id: "ch_late",
      object: "charge",
      amount: session.amount_total,
      amount_refunded: session.amount_total,
      payment_intent: done.payment_intent,
      metadata: {},
    });
    const refunded = await paymentOf(reference);
    expect(refunded).toMatchObject({ status: "REFUNDED", refundedMinor: session.amount_total });
    expect(refunded.refunds[0]!.status).toBe("SUCCEEDED");
  });

  it("voids an open checkout when the exporter turns to bank transfer, and refunds it if it is paid anyway", async () => {
    const reference = await heldBooking();
    const session = await checkout(reference);
    const invoice = await chooseBankTransfer(test.db, booker, reference, "en", NOW);
    expect(stripe.requests.map((request) => request.path)).toContain(
      `/v1/checkout/sessions/${String(session.id)}/expire`,
    );
    expect(await test.db.payment.findUniqueOrThrow({ where: { checkoutSessionId: String(session.id) } })).toMatchObject(
      {
        status: "CANCELLED",
      },
    );
    // The bank transfer is paid; the voided checkout still completes (it was paid before it closed).
    await recordBankReceipt(
      test.db,
      lanzhouStaff,
      invoice.number,
      { amountMinor: invoice.amountMinor, receivedOn: "2026-12-02", bankReference: "BOTH-1" },
      meta,
      NOW,
    );
    expect((await bookingOf(reference)).status).toBe("CONFIRMED");
    const done = paid(session);
    await deliver("checkout.session.completed", done);
    const card = await test.db.payment.findUniqueOrThrow({
      where: { checkoutSessionId: String(session.id) },
      include: { refunds: true },
    });
    expect(card).toMatchObject({ status: "REFUND_PENDING", flag: "DUPLICATE_PAYMENT" });
    expect(card.refunds).toEqual([expect.objectContaining({ reason: "DUPLICATE", amountMinor: session.amount_total })]);
    expect(stripe.requests.find((request) => request.path === "/v1/refunds")).toMatchObject({
      idempotencyKey: `duplicate-${card.id}`,
      body: { payment_intent: done.payment_intent, amount: String(session.amount_total) },
    });
    expect(await capacity()).toMatchObject({ available: 48, held: 0, booked: 2 });
  });

  it("sends again a refund that could not reach Stripe", async () => {
    const reference = await heldBooking();
    const session = await checkout(reference);
    await deliver("checkout.session.completed", paid(session));
    const payment = await paymentOf(reference);
    // As if the server stopped between recording the refund and sending it.
    const refund = await test.db.refund.create({
      data: {
        paymentId: payment.id,
        amountMinor: 1_000,
        currency: payment.currency,
        reason: "OVERPAYMENT",
        status: "PENDING",
        idempotencyKey: `retry-${payment.id}`,
        createdAt: NOW,
      },
    });
    expect(await retryRefunds(test.db, new Date(NOW.getTime() + 2 * 60_000))).toBe(1);
    expect(stripe.requests.filter((request) => request.path === "/v1/refunds")).toEqual([
      expect.objectContaining({
        idempotencyKey: `retry-${payment.id}`,
        body: expect.objectContaining({ amount: "1000" }),
      }),
    ]);
    expect((await test.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).providerRefundId).toMatch(/^re_/);
  });

  it("refunds a cancelled paid booking less the policy's fee", async () => {
    const reference = await heldBooking();
    const session = await checkout(reference);
    const done = paid(session);
    await deliver("checkout.session.completed", done);
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    // Three days before departure: 50 % under the default policy.
    const threeDaysBefore = new Date(departure.departureAt.getTime() - 3 * 86_400_000);
    const fee = await cancelBooking(test.db, { actor: booker, reference, meta, now: threeDaysBefore });
    expect(fee.feeMinor).toBeGreaterThan(0);
    const payment = await paymentOf(reference);
    const refund = stripe.requests.find((request) => request.path === "/v1/refunds");
    expect(refund).toMatchObject({
      idempotencyKey: `cancel-${payment.id}`,
      body: { payment_intent: done.payment_intent, amount: String(Number(session.amount_total) - fee.feeMinor) },
    });
    expect(payment).toMatchObject({ status: "REFUND_PENDING" });
    expect(payment.refunds).toEqual([
      expect.objectContaining({ reason: "CANCELLATION", amountMinor: Number(session.amount_total) - fee.feeMinor }),
    ]);
    expect(await capacity()).toMatchObject({ available: 50, booked: 0 });
  });
});

/** A payload signed with the webhook secret at `timestamp` (seconds), as Stripe signs it. */
const signer = new Stripe("sk_test_signer");
const signAt = (payload: string, timestamp = Math.floor(Date.now() / 1000)) =>
  signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp });

/** Posts a body to the webhook route with a signature, as Stripe does. */
async function postWebhook(body: string, signature: string) {
  const { action } = await import("../../app/routes/webhooks.stripe");
  return action({
    request: new Request("http://localhost/webhooks/stripe", {
      method: "POST",
      headers: { "Stripe-Signature": signature, "Content-Type": "application/json" },
      body,
    }),
    params: {},
    context: {},
  });
}

/** A confirmed card payment that then had to go back (slots gone): one Stripe refund sent. */
async function lateRefund() {
  const reference = await heldBooking();
  const session = await checkout(reference);
  await releaseExpiredHolds(test.db, new Date(NOW.getTime() + 31 * 60_000), { departureId });
  await test.db.departureCapacity.update({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
    data: { available: 0, booked: 50 },
  });
  const done = paid(session);
  await deliver("checkout.session.completed", done);
  const payment = await paymentOf(reference);
  const refund = payment.refunds[0]!;
  const stripeRefund = (status: string) => ({
    id: refund.providerRefundId,
    object: "refund",
    amount: refund.amountMinor,
    currency: payment.currency.toLowerCase(),
    payment_intent: done.payment_intent,
    metadata: { refundId: refund.id },
    status,
    ...(status === "failed" ? { failure_reason: "expired_or_canceled_card" } : {}),
  });
  return { reference, payment, refund, stripeRefund, done, session };
}

describe(`Stripe webhook edges (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("refuses a signature dated beyond the tolerance in either direction", async () => {
    const reference = await heldBooking();
    const session = await checkout(reference);
    const { payload } = stripe.signedEvent("checkout.session.completed", paid(session));
    const now = Math.floor(Date.now() / 1000);
    for (const skew of [3600, WEBHOOK_TOLERANCE_SECONDS + 30, -3600, -(WEBHOOK_TOLERANCE_SECONDS + 30)]) {
      expect(() => verifyWebhook(payload, signAt(payload, now + skew)), `skew ${skew}`).toThrow(
        expect.objectContaining({ code: "badSignature", status: 400 }),
      );
    }
    expect((await postWebhook(payload, signAt(payload, now + 3600))).status).toBe(400);
    expect((await bookingOf(reference)).status).toBe("HELD");
    // A clock a little ahead of ours is fine.
    expect(verifyWebhook(payload, signAt(payload, now + 60)).type).toBe("checkout.session.completed");
    // A present timestamp put in front of a future one that the signature covers changes nothing.
    const future = signAt(payload, now + 365 * 86_400);
    expect(() => verifyWebhook(payload, `t=${now},${future}`)).toThrow(
      expect.objectContaining({ code: "badSignature" }),
    );
    expect((await postWebhook(payload, `t=${now},${future}`)).status).toBe(400);
    expect((await bookingOf(reference)).status).toBe("HELD");
  });

  it("answers validly signed but malformed events with 400, logs them, and records nothing", async () => {
    const warn = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const bodies = [
      "null",
      "[]",
      "{}",
      JSON.stringify({ type: "checkout.session.completed", data: { object: { id: "cs_test_x" } } }),
      JSON.stringify({ id: "evt_no_data", type: "checkout.session.completed" }),
      JSON.stringify({ id: "evt_no_object", type: "checkout.session.completed", data: {} }),
      JSON.stringify({ id: "evt_no_type", data: { object: { id: "cs_test_x" } } }),
      JSON.stringify({ id: "evt_nul\u0000", type: "charge.refunded", data: { object: { id: "ch_1" } } }),
      JSON.stringify({ id: "evt_session_no_id", type: "checkout.session.expired", data: { object: {} } }),
      JSON.stringify({
        id: "evt_session_fields",
        type: "checkout.session.completed",
        data: { object: { id: "cs_test_x", amount_total: "lots" } },
      }),
      JSON.stringify({ id: "evt_charge_fields", type: "charge.refunded", data: { object: { id: "ch_1" } } }),
      JSON.stringify({
        id: "evt_nul_object",
        type: "charge.refunded",
        data: { object: { id: "ch_\u0000", amount_refunded: 1 } },
      }),
      JSON.stringify({ id: "evt_refund_fields", type: "refund.failed", data: { object: { id: "re_1", amount: 5 } } }),
    ];
    try {
      for (const body of bodies) {
        const response = await postWebhook(body, signAt(body));
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
        expect(response.headers.get("content-type")).toBe("application/problem+json");
        expect(await response.json()).toEqual({
          type: "urn:silu-gateway:problem:malformedEvent",
          title: "malformedEvent",
          status: 400,
          code: "malformedEvent",
        });
      }
      const logged = warn.mock.calls.map((call) => String(call[0]));
      for (const id of ["evt_no_data", "evt_session_fields", "evt_charge_fields", "evt_refund_fields"])
        expect(logged.some((line) => line.includes(id))).toBe(true);
      expect(await test.db.webhookEvent.count({ where: { id: { startsWith: "evt_no" } } })).toBe(0);
      expect(await test.db.webhookEvent.count({ where: { id: { endsWith: "_fields" } } })).toBe(0);
    } finally {
      warn.mockRestore();
    }
    // Events of types the portal does not handle are acknowledged as before.
    const other = JSON.stringify({ id: "evt_other_type", type: "customer.created", data: { object: { id: "cus_1" } } });
    const response = await postWebhook(other, signAt(other));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "ignored" });
  });

  it("shows a failed Stripe refund to the port's staff as needing a person, once", async () => {
    const { reference, refund, stripeRefund } = await lateRefund();
    const warn = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      // Still on its way: nothing changes.
      expect(await deliver("charge.refund.updated", stripeRefund("pending"))).toBe("processed");
      expect((await test.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("PENDING");

      expect(await deliver("refund.failed", stripeRefund("failed"))).toBe("processed");
      expect(await deliver("charge.refund.updated", stripeRefund("failed"))).toBe("processed");
      // A late "succeeded" does not bring a failed refund back.
      expect(await deliver("charge.refund.updated", stripeRefund("succeeded"))).toBe("processed");
    } finally {
      warn.mockRestore();
    }
    const payment = await paymentOf(reference);
    expect(payment.refunds).toEqual([expect.objectContaining({ id: refund.id, status: "FAILED" })]);
    expect(payment).toMatchObject({ status: "REFUND_PENDING", flag: "REFUND_FAILED", refundedMinor: 0 });
    const toLookAt = await portPaymentsToConfirm(test.db, lanzhouStaff);
    expect(toLookAt.find((candidate) => candidate.id === payment.id)).toMatchObject({
      flag: "REFUND_FAILED",
      refunds: [expect.objectContaining({ status: "FAILED" })],
    });
  });

  it("updates a refund's status from charge.refund.updated, idempotently, and undoes a refund that fails after succeeding", async () => {
    const { reference, refund, stripeRefund, session, done } = await lateRefund();
    const succeeded = stripeRefund("succeeded");
    expect(await deliver("charge.refund.updated", succeeded, "evt_refund_succeeded")).toBe("processed");
    expect(await deliver("charge.refund.updated", succeeded, "evt_refund_succeeded")).toBe("duplicate");
    expect(await deliver("charge.refund.updated", succeeded)).toBe("processed");
    expect((await test.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("SUCCEEDED");
    await deliver("charge.refunded", {
      id: "ch_refunded_then_failed",
      object: "charge",
      amount: session.amount_total,
      amount_refunded: session.amount_total,
      payment_intent: done.payment_intent,
      metadata: {},
    });
    expect(await paymentOf(reference)).toMatchObject({ status: "REFUNDED", refundedMinor: session.amount_total });

    const warn = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await deliver("refund.failed", stripeRefund("failed"));
      await deliver("refund.failed", stripeRefund("failed"));
    } finally {
      warn.mockRestore();
    }
    const payment = await paymentOf(reference);
    expect(payment).toMatchObject({ status: "REFUND_PENDING", flag: "REFUND_FAILED", refundedMinor: 0 });
    expect(payment.refunds[0]!.status).toBe("FAILED");
  });

  it("learns the Stripe id of a refund whose answer was lost, from the event's metadata", async () => {
    const { refund, stripeRefund } = await lateRefund();
    await test.db.refund.update({ where: { id: refund.id }, data: { providerRefundId: null } });
    expect(await deliver("charge.refund.updated", stripeRefund("succeeded"))).toBe("processed");
    expect(await test.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({
      status: "SUCCEEDED",
      providerRefundId: refund.providerRefundId,
    });
    // A refund that is not ours is left alone.
    expect(await deliver("refund.failed", { ...stripeRefund("failed"), id: "re_someone_else", metadata: {} })).toBe(
      "ignored",
    );
  });
});
