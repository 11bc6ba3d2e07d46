import { timingSafeEqual } from "node:crypto";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { notifiedEventTypes } from "~/domain/booking/notifications.server";
import type { Db } from "~/utils/db.server";

/**
 * Prometheus metrics of this instance (decision 029), served at /metrics to a scraper that holds
 * METRICS_TOKEN. Counters count what this instance did since it started; the job-lag gauges are
 * read from the database at scrape time, so every instance reports the same shared truth.
 */
interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  holdsPlaced: Counter;
  holdsRefused: Counter<"reason">;
  holdsReleased: Counter;
  payments: Counter<"method" | "outcome">;
  emails: Counter<"outcome">;
  jobLag: Gauge<"job">;
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time to answer an HTTP request, by method, route (the route's id, never the raw path) and status.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    holdsPlaced: new Counter({ name: "silu_holds_placed_total", help: "Holds placed.", registers }),
    holdsRefused: new Counter({
      name: "silu_holds_refused_total",
      help: "Hold requests refused, by reason (the refusal's error code).",
      labelNames: ["reason"],
      registers,
    }),
    holdsReleased: new Counter({
      name: "silu_holds_released_expired_total",
      help: "Expired holds whose capacity was given back.",
      registers,
    }),
    payments: new Counter({
      name: "silu_payments_total",
      help: "Payment steps, by method (stripe, bank_transfer, on_account) and outcome.",
      labelNames: ["method", "outcome"],
      registers,
    }),
    emails: new Counter({
      name: "silu_emails_total",
      help: "E-mails queued in the outbox, sent, and failed.",
      labelNames: ["outcome"],
      registers,
    }),
    jobLag: new Gauge({
      name: "silu_job_lag_seconds",
      help: "Age of the oldest work a background job has not done yet (0: none waiting), read from the database.",
      labelNames: ["job"],
      registers,
    }),
  };
}

// One set per process (the build and the tests may load this module more than once).
const holder = globalThis as unknown as { __siluMetrics?: Metrics };
const metrics = (): Metrics => (holder.__siluMetrics ??= createMetrics());

/** Route label for requests that never reached a route. */
export const UNMATCHED_ROUTE = "unmatched";

export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  const knownMethod = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"].includes(method) ? method : "OTHER";
  metrics().httpDuration.observe({ method: knownMethod, route, status: String(status) }, seconds);
}

export function countHoldPlaced(): void {
  metrics().holdsPlaced.inc();
}
export function countHoldRefused(reason: string): void {
  metrics().holdsRefused.inc({ reason });
}
export function countHoldsReleased(count: number): void {
  if (count > 0) metrics().holdsReleased.inc(count);
}

export type PaymentMethod = "stripe" | "bank_transfer" | "on_account";
export type PaymentOutcome = "started" | "start_failed" | "succeeded" | "partial" | "failed" | "expired";
export function countPayment(method: PaymentMethod, outcome: PaymentOutcome): void {
  metrics().payments.inc({ method, outcome });
}
/** A Stripe event that changed a payment (process-event.server.ts, after its transaction). */
export function countStripeEvent(type: string): void {
  const outcome: PaymentOutcome | undefined = {
    "checkout.session.completed": "succeeded" as const,
    "checkout.session.async_payment_succeeded": "succeeded" as const,
    "checkout.session.async_payment_failed": "failed" as const,
    "checkout.session.expired": "expired" as const,
  }[type];
  if (outcome) countPayment("stripe", outcome);
}

export function countEmail(outcome: "queued" | "sent" | "failed", messages = 1): void {
  metrics().emails.inc({ outcome }, messages);
}

/** The background jobs whose lag is reported, and the oldest work each has not done. */
export const JOBS = [
  "email_outbox",
  "booking_notifications",
  "event_deliveries",
  "hold_expiry",
  "stripe_refunds",
] as const;
export type Job = (typeof JOBS)[number];

/** When the oldest waiting piece of work of each job became due (null: nothing waiting). */
export async function oldestWaiting(db: Db, now: Date): Promise<Record<Job, Date | null>> {
  const [outbox, event, delivery, hold, refund] = await Promise.all([
    // Due to be sent (decision 027): neither sent nor given up on; nothing is due without SMTP.
    db.outboxMessage.findFirst({
      where: { sentAt: null, failedAt: null, nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: "asc" },
      select: { nextAttemptAt: true },
    }),
    db.bookingEvent.findFirst({
      where: { notifiedAt: null, type: { in: notifiedEventTypes() } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
    db.eventDelivery.findFirst({
      where: { status: { in: ["PENDING", "SENDING"] }, nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: "asc" },
      select: { nextAttemptAt: true },
    }),
    db.booking.findFirst({
      where: { status: { in: ["HELD", "AWAITING_PAYMENT"] }, holdExpiresAt: { lte: now } },
      orderBy: { holdExpiresAt: "asc" },
      select: { holdExpiresAt: true },
    }),
    db.refund.findFirst({
      where: { status: "PENDING", providerRefundId: null },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
  ]);
  return {
    email_outbox: outbox?.nextAttemptAt ?? null,
    booking_notifications: event?.createdAt ?? null,
    event_deliveries: delivery?.nextAttemptAt ?? null,
    hold_expiry: hold?.holdExpiresAt ?? null,
    stripe_refunds: refund?.createdAt ?? null,
  };
}

/** Whether the Authorization header carries the configured token (compared in constant time). */
export function authorizedScrape(authorization: string | null | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(authorization ?? "");
  const given = Buffer.from(match?.[1] ?? "");
  const expected = Buffer.from(token);
  // Compared in full even when the lengths differ, so the time says nothing about the token.
  const same = timingSafeEqual(
    Buffer.concat([given, Buffer.alloc(Math.max(0, expected.length - given.length))]).subarray(0, expected.length),
    expected,
  );
  return same && given.length === expected.length;
}

/** The exposition text of this instance, the job lags read now; and its content type. */
export async function renderMetrics(db: Db, now = new Date()): Promise<{ contentType: string; body: string }> {
  const { registry, jobLag } = metrics();
  const oldest = await oldestWaiting(db, now);
  for (const job of JOBS) {
    const since = oldest[job];
    jobLag.set({ job }, since ? Math.max(0, (now.getTime() - since.getTime()) / 1000) : 0);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * The /metrics answer: 404 while no METRICS_TOKEN is configured (the endpoint does not exist),
 * 401 without the right bearer token, else this instance's metrics. Never cached.
 */
export async function metricsResponse(
  db: Db,
  token: string | undefined,
  authorization: string | null,
  now = new Date(),
): Promise<Response> {
  if (!token) return new Response("Not Found", { status: 404, headers: { "Cache-Control": "private, no-store" } });
  if (!authorizedScrape(authorization, token)) {
    return new Response("Unauthorized", {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "private, no-store" },
    });
  }
  const { contentType, body } = await renderMetrics(db, now);
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "private, no-store" } });
}
