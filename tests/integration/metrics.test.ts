import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { releaseExpiredHolds } from "~/domain/booking/holds.server";
import { sendEmail } from "~/domain/email/mailer.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { chooseBankTransfer } from "~/domain/payments/choose-bank-transfer.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { metricsResponse, observeRequest } from "~/domain/ops/metrics.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { leaveAvailable } from "../support/capacity";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
const TOKEN = "scrape-token-0123456789abcdef";
let test: TestDatabase;
let smtp: SMTPServer;
let booker: Actor;
let departureId: string;

beforeAll(async () => {
  // A mail server that takes every message except those to refused@…, so sent and failed both happen.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(address, _session, callback) {
      callback(address.address.startsWith("refused@") ? new Error("mailbox unavailable") : undefined);
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on("end", () => callback());
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  booker = await loadActor(
    test.db,
    (await test.db.user.findUniqueOrThrow({ where: { email: "booker@lanzhou-silkroad.example" } })).id,
  );
  const departure = await test.db.departure.findFirstOrThrow({
    where: { service: { code: "LAZ-DUI-AKL" }, cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) } },
    orderBy: { departureAt: "asc" },
  });
  departureId = departure.id;
});

afterAll(async () => {
  await test?.drop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  delete process.env.SMTP_URL;
});

async function scrape(now?: Date): Promise<string> {
  const response = await metricsResponse(test.db, TOKEN, `Bearer ${TOKEN}`, now);
  expect(response.status).toBe(200);
  return response.text();
}

/** A sample's value in the exposition text (0 when the series is not there yet). */
function sample(body: string, series: string): number {
  const line = body.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const drafts = (count: number) =>
  createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count,
    containers: [{ equipmentCode: "45G1", quantity: 1 }],
  });

const hold = (reference: string, now = NOW) =>
  holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now });

describe(`/metrics (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("does not exist without METRICS_TOKEN, and wants the token as a bearer token", async () => {
    expect((await metricsResponse(test.db, undefined, `Bearer ${TOKEN}`)).status).toBe(404);
    for (const authorization of [
      null,
      "",
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.toUpperCase()}`,
      `Bearer ${TOKEN} ${TOKEN}`,
    ]) {
      const refused = await metricsResponse(test.db, TOKEN, authorization);
      expect(refused.status, String(authorization)).toBe(401);
      expect(refused.headers.get("WWW-Authenticate")).toBe('Bearer realm="metrics"');
      expect(await refused.text()).not.toContain("silu_");
    }
    const answer = await metricsResponse(test.db, TOKEN, `Bearer ${TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Content-Type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(answer.headers.get("Cache-Control")).toBe("private, no-store");
    const body = await answer.text();
    // prom-client's process metrics, beside the portal's own.
    expect(body).toContain("# TYPE process_cpu_user_seconds_total counter");
    expect(body).toContain("# TYPE nodejs_eventloop_lag_seconds gauge");
    expect(body).toContain("# TYPE http_request_duration_seconds histogram");
  });

  it("has a latency histogram by method, route and status", async () => {
    const series = 'http_request_duration_seconds_count{method="GET",route="routes/$lang.departures.$id",status="200"}';
    const before = sample(await scrape(), series);
    observeRequest("GET", "routes/$lang.departures.$id", 200, 0.03);
    observeRequest("GET", "routes/$lang.departures.$id", 200, 0.7);
    observeRequest("BREW", "unmatched", 405, 0.001);
    const body = await scrape();
    expect(sample(body, series)).toBe(before + 2);
    expect(
      sample(
        body,
        'http_request_duration_seconds_bucket{le="0.05",method="GET",route="routes/$lang.departures.$id",status="200"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    // A method nobody serves is one label, not one per invented verb.
    expect(body).toContain('method="OTHER",route="unmatched",status="405"');
    expect(body).not.toContain("BREW");
  });

  it("counts holds placed, refused and released when expired", async () => {
    const before = await scrape();
    await leaveAvailable(test.db, departureId, "45G1", 1);
    const [first, second] = await drafts(2);
    await hold(first!);
    await expect(hold(second!)).rejects.toMatchObject({ code: "capacityGone" });
    // The hold lapses; the sweep gives its slot back.
    expect(await releaseExpiredHolds(test.db, new Date(NOW.getTime() + 86_400_000))).toBe(1);
    const after = await scrape();
    expect(sample(after, "silu_holds_placed_total") - sample(before, "silu_holds_placed_total")).toBe(1);
    const refused = 'silu_holds_refused_total{reason="capacityGone"}';
    expect(sample(after, refused) - sample(before, refused)).toBe(1);
    expect(
      sample(after, "silu_holds_released_expired_total") - sample(before, "silu_holds_released_expired_total"),
    ).toBe(1);
  });

  it("counts payments by method and outcome", async () => {
    const before = await scrape();
    await leaveAvailable(test.db, departureId, "45G1", 5);
    const [onAccount, byTransfer] = await drafts(2);
    await hold(onAccount!);
    await hold(byTransfer!);
    await confirmOnAccount(test.db, booker, onAccount!, "en", NOW);
    await chooseBankTransfer(test.db, booker, byTransfer!, "en", NOW);
    const after = await scrape();
    for (const series of [
      'silu_payments_total{method="on_account",outcome="succeeded"}',
      'silu_payments_total{method="bank_transfer",outcome="started"}',
    ]) {
      expect(sample(after, series) - sample(before, series), series).toBe(1);
    }
  });

  it("counts e-mails queued, sent and failed", async () => {
    const before = await scrape();
    const message = { locale: "en" as const, template: "verifyEmail" as const };
    const params = { name: "Li", link: "https://silu.test/en/verify-email?token=x", hours: 48 };
    expect((await sendEmail(test.db, { ...message, params, to: "li@example.cn" })).delivered).toBe(true);
    expect((await sendEmail(test.db, { ...message, params, to: "refused@example.cn" })).delivered).toBe(false);
    const after = await scrape();
    const delta = (outcome: string) =>
      sample(after, `silu_emails_total{outcome="${outcome}"}`) -
      sample(before, `silu_emails_total{outcome="${outcome}"}`);
    expect([delta("queued"), delta("sent"), delta("failed")]).toEqual([2, 1, 1]);
  });

  it("reports each background job's lag from the database at scrape time", async () => {
    const now = new Date("2027-01-10T12:00:00Z");
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
    // Nothing waiting yet: every job reports 0.
    await test.db.outboxMessage.updateMany({ data: { sentAt: NOW } });
    await test.db.bookingEvent.updateMany({ data: { notifiedAt: NOW } });
    await releaseExpiredHolds(test.db, now);
    let body = await scrape(now);
    for (const job of ["email_outbox", "booking_notifications", "event_deliveries", "hold_expiry", "stripe_refunds"]) {
      expect(sample(body, `silu_job_lag_seconds{job="${job}"}`), job).toBe(0);
    }

    const companyId = booker.memberships[0]!.companyId;
    await test.db.outboxMessage.create({
      data: {
        to: "a@example.cn",
        locale: "en",
        template: "t",
        subject: "s",
        text: "t",
        html: "h",
        createdAt: ago(300),
        nextAttemptAt: ago(120),
      },
    });
    // A failed message is not waiting (it is kept with its error), nor is a sent one (decision 027).
    await test.db.outboxMessage.create({
      data: {
        to: "b@example.cn",
        locale: "en",
        template: "t",
        subject: "s",
        text: "t",
        html: "h",
        createdAt: ago(900),
        nextAttemptAt: null,
        failedAt: ago(800),
        error: "x",
      },
    });
    const [reference] = await drafts(1);
    const booking = await test.db.booking.update({
      where: { reference: reference! },
      data: { status: "HELD", holdExpiresAt: ago(45) },
    });
    await test.db.bookingEvent.create({ data: { bookingId: booking.id, type: "HELD", createdAt: ago(300) } });
    // History the notifier does not e-mail about is no lag.
    await test.db.bookingEvent.create({ data: { bookingId: booking.id, type: "DRAFT_SAVED", createdAt: ago(5000) } });
    const subscription = await test.db.eventSubscription.create({
      data: { id: "sub-metrics", companyId, callbackUrl: "https://example.com/cb", secret: "s", filters: "{}" },
    });
    await test.db.eventDelivery.create({
      data: { subscriptionId: subscription.id, eventId: "e1", nextAttemptAt: ago(30) },
    });
    // Not due yet: no lag.
    await test.db.eventDelivery.create({
      data: { subscriptionId: subscription.id, eventId: "e2", nextAttemptAt: new Date(now.getTime() + 60_000) },
    });
    const payment = await test.db.payment.create({
      data: {
        bookingId: booking.id,
        companyId,
        method: "STRIPE_CHECKOUT",
        status: "REFUND_PENDING",
        amountMinor: 100,
        currency: "USD",
        paymentIntentId: "pi_metrics",
      },
    });
    await test.db.refund.create({
      data: {
        paymentId: payment.id,
        amountMinor: 100,
        currency: "USD",
        reason: "LATE_PAYMENT",
        status: "PENDING",
        idempotencyKey: "metrics-refund",
        createdAt: ago(600),
      },
    });

    body = await scrape(now);
    expect(sample(body, 'silu_job_lag_seconds{job="email_outbox"}')).toBe(120);
    expect(sample(body, 'silu_job_lag_seconds{job="booking_notifications"}')).toBe(300);
    expect(sample(body, 'silu_job_lag_seconds{job="event_deliveries"}')).toBe(30);
    expect(sample(body, 'silu_job_lag_seconds{job="hold_expiry"}')).toBe(45);
    expect(sample(body, 'silu_job_lag_seconds{job="stripe_refunds"}')).toBe(600);
    // Read again at a later scrape: the same rows are older.
    expect(sample(await scrape(new Date(now.getTime() + 10_000)), 'silu_job_lag_seconds{job="email_outbox"}')).toBe(
      130,
    );
  });
});
