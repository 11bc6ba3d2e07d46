import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import Stripe from "stripe";
import { isIdempotencyConflict, retryRefunds, sendRefund } from "~/domain/payments/refunds.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { startStripeStandIn, type StripeStandIn } from "../support/stripe-stand-in";
import { createDb, type Db } from "~/utils/db.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/*
 * The Stripe refund retrier on several instances (decision 027): each refund is claimed with a
 * lease before Stripe is called, so two retriers racing send each refund once; a claim left by
 * a killed instance is taken over after its lease; an idempotency conflict is not a refusal.
 */

const NOW = new Date("2026-12-01T00:00:00Z");
const LATER = new Date(NOW.getTime() + 2 * 60_000);
const LEASE_MS = 120_000;
let test: TestDatabase;
let stripe: StripeStandIn;
let bookingId: string;
let companyId: string;
let serial = 0;
/** Another instance: on PostgreSQL a second client (its own connections); SQLite serialises writers in one process. */
let other: Db;

beforeAll(async () => {
  stripe = await startStripeStandIn({ webhookSecret: "whsec_claims" });
  process.env.STRIPE_SECRET_KEY = "sk_test_claims";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_claims";
  process.env.STRIPE_API_URL = stripe.url;
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 2 });
  await seedDemoAccounts(test.db);
  const booker = await test.db.user.findUniqueOrThrow({
    where: { email: "booker@lanzhou-silkroad.example" },
    include: { memberships: true },
  });
  companyId = booker.memberships[0]!.companyId;
  const departure = await test.db.departure.findFirstOrThrow({ where: { status: "OPEN" } });
  const [reference] = await createReviewedDrafts(test.db, {
    companyId,
    userId: booker.id,
    departureId: departure.id,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 1 }],
  });
  bookingId = (await test.db.booking.findUniqueOrThrow({ where: { reference: reference! } })).id;
  other = test.provider === "postgresql" ? createDb(test.url) : test.db;
});

beforeEach(() => {
  stripe.requests.length = 0;
  stripe.refundKeysInFlight.clear();
  stripe.refundDelayMs = 0;
});

afterAll(async () => {
  if (other && other !== test.db) await other.$disconnect();
  await test?.drop();
  await stripe?.close();
  for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL"]) delete process.env[name];
});

/** `count` card payments, each with one PENDING refund recorded and never sent (as after a crash). */
async function pendingRefunds(count: number, lease?: { leaseUntil: Date; claimToken: string }) {
  const refunds = [];
  for (let index = 0; index < count; index += 1) {
    serial += 1;
    const payment = await test.db.payment.create({
      data: {
        bookingId,
        companyId,
        method: "STRIPE_CHECKOUT",
        status: "REFUND_PENDING",
        currency: "USD",
        amountMinor: 10_000,
        receivedMinor: 10_000,
        paymentIntentId: `pi_claims_${serial}`,
      },
    });
    refunds.push(
      await test.db.refund.create({
        data: {
          paymentId: payment.id,
          amountMinor: 1_000 + serial,
          currency: "USD",
          reason: "CANCELLATION",
          status: "PENDING",
          idempotencyKey: `cancel-${payment.id}`,
          createdAt: NOW,
          ...lease,
        },
      }),
    );
  }
  return refunds;
}

const refundRequests = () => stripe.requests.filter((request) => request.path === "/v1/refunds");

describe(`Stripe refunds claimed by one sender (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("two retriers racing send each refund to Stripe exactly once", async () => {
    const refunds = await pendingRefunds(6);
    // Each call takes a while at Stripe: without the claim the two would overlap on every refund.
    stripe.refundDelayMs = 150;
    await Promise.all([retryRefunds(test.db, LATER), retryRefunds(other, LATER)]);
    const requests = refundRequests();
    expect(requests.map((request) => request.idempotencyKey).sort()).toEqual(
      refunds.map((refund) => refund.idempotencyKey).sort(),
    );
    for (const refund of refunds) {
      const request = requests.find((candidate) => candidate.idempotencyKey === refund.idempotencyKey)!;
      expect(request.body).toMatchObject({ amount: String(refund.amountMinor), metadata: { refundId: refund.id } });
      const stored = await test.db.refund.findUniqueOrThrow({ where: { id: refund.id } });
      expect(stored).toMatchObject({ status: "PENDING", claimToken: null, leaseUntil: null });
      expect(stored.providerRefundId).toMatch(/^re_/);
    }
    // Sent is done: a further run sends nothing.
    await retryRefunds(test.db, new Date(LATER.getTime() + 10 * 60_000));
    expect(refundRequests()).toHaveLength(refunds.length);
  });

  it("a refund claimed by an instance that was killed is sent by another once the lease has run out, once", async () => {
    const [refund] = await pendingRefunds(1, { leaseUntil: new Date(LATER.getTime() + 30_000), claimToken: "dead" });
    // Within the lease: left alone.
    await retryRefunds(test.db, LATER);
    expect(refundRequests()).toHaveLength(0);
    const past = new Date(LATER.getTime() + LEASE_MS);
    await Promise.all([retryRefunds(test.db, past), retryRefunds(other, past)]);
    expect(refundRequests().map((request) => request.idempotencyKey)).toEqual([refund!.idempotencyKey]);
    expect((await test.db.refund.findUniqueOrThrow({ where: { id: refund!.id } })).providerRefundId).toMatch(/^re_/);
  });

  it("an idempotency conflict (the same refund in progress at Stripe) leaves it PENDING, and the next try records it", async () => {
    const [refund] = await pendingRefunds(1);
    const error = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    // A request of an instance killed mid-call that Stripe is still answering.
    stripe.refundKeysInFlight.add(refund!.idempotencyKey);
    await retryRefunds(test.db, LATER);
    error.mockRestore();
    expect(refundRequests().length).toBeGreaterThanOrEqual(1);
    expect(await test.db.refund.findUniqueOrThrow({ where: { id: refund!.id } })).toMatchObject({
      status: "PENDING",
      providerRefundId: null,
      claimToken: null,
    });
    stripe.refundKeysInFlight.delete(refund!.idempotencyKey);
    await retryRefunds(test.db, new Date(LATER.getTime() + 5 * 60_000));
    const stored = await test.db.refund.findUniqueOrThrow({ where: { id: refund!.id } });
    expect(stored.status).toBe("PENDING");
    expect(stored.providerRefundId).toMatch(/^re_/);
  });

  it("the request path and the retrier racing for one refund send it once", async () => {
    const [refund] = await pendingRefunds(1);
    const payment = await test.db.payment.findUniqueOrThrow({ where: { id: refund!.paymentId } });
    stripe.refundDelayMs = 150;
    const toSend = {
      refundId: refund!.id,
      paymentIntent: payment.paymentIntentId!,
      amountMinor: refund!.amountMinor,
      key: refund!.idempotencyKey,
    };
    await Promise.all([sendRefund(test.db, toSend, LATER), retryRefunds(other, LATER)]);
    expect(refundRequests()).toHaveLength(1);
  });

  it("tells an idempotency conflict from a refusal, as the Stripe SDK reports them", () => {
    const generate = (raw: Record<string, unknown>) => Stripe.errors.StripeError.generate(raw as never);
    expect(isIdempotencyConflict(generate({ statusCode: 400, type: "idempotency_error", message: "keys" }))).toBe(true);
    expect(
      isIdempotencyConflict(
        generate({ statusCode: 409, type: "invalid_request_error", code: "idempotency_key_in_use", message: "busy" }),
      ),
    ).toBe(true);
    expect(isIdempotencyConflict(generate({ statusCode: 400, type: "invalid_request_error", message: "no" }))).toBe(
      false,
    );
    expect(isIdempotencyConflict(new Error("other"))).toBe(false);
  });
});
