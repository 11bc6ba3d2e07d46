import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { sendBookingNotifications } from "~/domain/booking/notifications.server";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import {
  alternativeDepartures,
  awaitsChoice,
  cancelDeparture,
  moveBooking,
} from "~/domain/operations/departure-cancellation.server";
import { moveAndAmend, undecidedWithMoves } from "~/domain/operations/move-and-amend.server";
import { releaseExpiredMoves } from "~/domain/operations/priced-move.server";
import { chooseBankTransfer } from "~/domain/payments/choose-bank-transfer.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { startCheckout, verifyWebhook } from "~/domain/payments/stripe.server";
import { processStripeEvent } from "~/domain/payments/stripe-webhook/process-event.server";
import { setBookingShares } from "~/domain/tracking/shares.server";
import { approveWaybillDraft, submitWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { issueWaybill } from "~/domain/waybill/issue-waybill.server";
import { formatLocalDateTime } from "~/i18n/format";
import { AppError } from "~/utils/app-error";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { startStripeStandIn, type StripeStandIn } from "../support/stripe-stand-in";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { submitDemoInstructions } from "../support/waybill";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const meta = { ipAddress: "203.0.113.7", userAgent: "vitest" };
const engine = process.env.TEST_DATABASE ?? "sqlite";
const WEBHOOK_SECRET = "whsec_moves";
const BOOKER = "booker@lanzhou-silkroad.example";
const ANNA = "partner@duisburg-logistics.example";
let test: TestDatabase;
let stripe: StripeStandIn;
let booker: Actor;
let supervisor: Actor;
let wuweiStaff: Actor;
let otherExporter: Actor;
let anna: Actor;
let departures: string[];

const actorOf = async (email: string) =>
  loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
const capacityOf = (departureId: string) =>
  test.db.departureCapacity.findFirstOrThrow({ where: { departureId, equipmentCode: "45G1" } });
const bookingOf = (reference: string) => test.db.booking.findUniqueOrThrow({ where: { reference } });
const conserved = async (departureId: string) => {
  const capacity = await capacityOf(departureId);
  expect(capacity.available + capacity.held + capacity.booked).toBe(capacity.total);
};

/** A held booking of `quantity` 45G1 on `departureId`. */
async function held(departureId: string, quantity = 1): Promise<string> {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  return reference!;
}

/** Paid by card through Checkout and Stripe's signed webhook. */
async function paidByCard(departureId: string): Promise<string> {
  const reference = await held(departureId);
  const url = await startCheckout(test.db, booker, reference, { email: BOOKER, locale: "en" }, later(1));
  await pay(url);
  expect((await bookingOf(reference)).status).toBe("CONFIRMED");
  return reference;
}

/** Stripe says the Checkout Session behind `url` was paid (a signed webhook, processed). */
async function pay(url: string, at = later(2)) {
  const session = stripe.sessions.get(url.split("/pay/")[1]!)!;
  const paid = { ...session, status: "complete", payment_status: "paid", payment_intent: `pi_${String(session.id)}` };
  const { payload, signature } = stripe.signedEvent("checkout.session.completed", paid);
  await processStripeEvent(test.db, verifyWebhook(payload, signature), at);
}

async function expireSession(url: string, at: Date) {
  const session = stripe.sessions.get(url.split("/pay/")[1]!)!;
  const { payload, signature } = stripe.signedEvent("checkout.session.expired", { ...session, status: "expired" });
  await processStripeEvent(test.db, verifyWebhook(payload, signature), at);
}

/** The first later departure a booking is offered, its 45G1 tariff set to the booking's own plus `deltaMinor`. */
async function targetPriced(reference: string, deltaMinor: number, at: Date) {
  const booking = await findCompanyBooking(test.db, booker, reference);
  const [target] = await alternativeDepartures(test.db, booking, at);
  const own = await capacityOf(booking.departureId);
  await test.db.departureCapacity.update({
    where: { id: (await capacityOf(target!.id)).id },
    data: { tariffMinor: own.tariffMinor + deltaMinor },
  });
  const [priced] = (await alternativeDepartures(test.db, booking, at)).filter((d) => d.id === target!.id);
  return priced!;
}

beforeAll(async () => {
  stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET });
  process.env.STRIPE_SECRET_KEY = "sk_test_moves";
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_API_URL = stripe.url;
  test = await createTestDatabase();
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 8 });
  await seedDemoAccounts(test.db);
  await test.db.user.update({ where: { email: BOOKER }, data: { locale: "en", timeZone: "Asia/Shanghai" } });
  booker = await actorOf(BOOKER);
  supervisor = await actorOf("staff.lanzhou@silu-gateway.example");
  wuweiStaff = await actorOf("staff.wuwei@silu-gateway.example");
  anna = await actorOf(ANNA);
  otherExporter = await actorOf("admin@wuwei-agri.example");
  const open = await test.db.departure.findMany({
    where: {
      status: "OPEN",
      service: { originCode: "CNLAZ", destinationCode: "DEDUI" },
      capacities: { some: { equipmentCode: "45G1", available: { gte: 8 } } },
      cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) },
    },
    orderBy: { departureAt: "asc" },
  });
  departures = open.map((departure) => departure.id);
});

afterAll(async () => {
  await test?.drop();
  await stripe?.close();
  for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL"]) delete process.env[name];
});

describe(`the port moves a booking whose waybill is issued, and amends it (${engine})`, () => {
  it("moves it and writes the next waybill version in one transaction, once when two supervisors click", async () => {
    const departureId = departures[0]!;
    const reference = await held(departureId);
    await confirmOnAccount(test.db, booker, reference, "en", later(1));
    await submitDemoInstructions(test.db, booker, reference, later(2));
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de", now: later(3) });
    await approveWaybillDraft(test.db, { actor: booker, reference });
    await issueWaybill(test.db, { actor: supervisor, reference, now: later(4) });
    await setBookingShares(test.db, { actor: booker, reference, partnerIds: [anna.userId], meta });
    await cancelDeparture(test.db, supervisor, departureId, { reasonCode: "TRACK_WORKS" }, meta, later(5));
    await sendBookingNotifications(test.db, later(6));
    await test.db.outboxMessage.deleteMany();

    // The exporter is sent to the port; the staff page offers the move.
    const [target] = await alternativeDepartures(
      test.db,
      await findCompanyBooking(test.db, booker, reference),
      later(7),
    );
    await expect(
      moveBooking(test.db, { actor: booker, reference, departureId: target!.id, meta, now: later(7) }),
    ).rejects.toMatchObject({ code: "waybillIssuedAskPort" });
    const page = await undecidedWithMoves(test.db, departureId, { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    expect(page.find((row) => row.reference === reference)?.moves?.map((move) => move.id)).toContain(target!.id);

    // No other port, and no exporter, can do it.
    const args = { departureId, reference, targetId: target!.id, meta, now: later(8) };
    await expect(moveAndAmend(test.db, wuweiStaff, args)).rejects.toMatchObject({ status: 404 });
    await expect(moveAndAmend(test.db, booker, args)).rejects.toMatchObject({ status: 404 });

    const oldBefore = await capacityOf(departureId);
    const targetBefore = await capacityOf(target!.id);
    const results = await Promise.all([
      outcome(moveAndAmend(test.db, supervisor, args)),
      outcome(moveAndAmend(test.db, supervisor, args)),
    ]);
    expect(results.filter((result) => result === "ok")).toHaveLength(1);
    expect(results.filter((result) => result !== "ok")).toEqual([
      expect.stringMatching(/^(notMovable|changedMeanwhile)$/),
    ]);

    const booking = await test.db.booking.findUniqueOrThrow({ where: { reference }, include: { waybill: true } });
    expect(booking.departureId).toBe(target!.id);
    expect(booking.waybill).toMatchObject({ status: "ISSUED", latestVersion: 2 });
    const versions = await test.db.documentVersion.findMany({
      where: { kind: "WAYBILL", subjectId: booking.waybill!.id },
      orderBy: { version: "asc" },
    });
    expect(versions.map((version) => version.version)).toEqual([1, 2]);
    const v2 = JSON.parse(versions[1]!.payload) as { amendmentReason: string; legs: { plannedDeparture: string }[] };
    expect(v2.amendmentReason).toContain(target!.service.serviceNumber);
    expect(v2.amendmentReason).toContain("取消");
    expect(v2.amendmentReason).toContain("storniert");
    expect(v2.legs[0]!.plannedDeparture).toBe(target!.departureAt.toISOString());
    const v1 = JSON.parse(versions[0]!.payload) as { legs: { plannedDeparture: string }[] };
    expect(v1.legs[0]!.plannedDeparture).not.toBe(target!.departureAt.toISOString());

    // Capacity moved once; both sides still add up.
    expect((await capacityOf(departureId)).booked).toBe(oldBefore.booked - 1);
    expect((await capacityOf(target!.id)).booked).toBe(targetBefore.booked + 1);
    await conserved(departureId);
    await conserved(target!.id);
    const audits = await test.db.auditEvent.findMany({
      where: {
        OR: [{ entityId: booking.id }, { entityId: booking.waybill!.id }],
        action: { in: ["booking.moved", "waybill.amended"] },
      },
    });
    expect(audits.map((audit) => audit.action).sort()).toEqual(["booking.moved", "waybill.amended"]);
    expect(JSON.parse(audits.find((a) => a.action === "booking.moved")!.after!)).toMatchObject({ by: "port" });

    // Told once each, in their language and zone: the move, and the amended waybill.
    await Promise.all([sendBookingNotifications(test.db, later(9)), sendBookingNotifications(test.db, later(9))]);
    const moved = await test.db.outboxMessage.findMany({ where: { template: "departure.moved" } });
    expect(moved.map((mail) => [mail.to, mail.locale]).sort()).toEqual(
      [
        [BOOKER, "en"],
        [ANNA, "de"],
      ].sort(),
    );
    const annaMail = moved.find((mail) => mail.to === ANNA)!;
    expect(annaMail.subject).toBe(`Buchung ${reference} auf Zug ${target!.service.serviceNumber} umgebucht`);
    expect(annaMail.text).toContain(formatLocalDateTime(target!.departureAt, "de", "Europe/Berlin"));
    expect(moved.find((mail) => mail.to === BOOKER)!.text).toContain(
      formatLocalDateTime(target!.etaAt, "en", "Asia/Shanghai"),
    );
    expect(await test.db.outboxMessage.count({ where: { template: { contains: "amended" } } })).toBe(2);
    expect(awaitsChoice(await findCompanyBooking(test.db, booker, reference))).toBe(false);
  });
});

describe(`the exporter moves at another price (${engine})`, () => {
  it("a same-price move is e-mailed once to the booker and each partner; other companies get 404", async () => {
    const departureId = departures[1]!;
    const reference = await held(departureId);
    await confirmOnAccount(test.db, booker, reference, "en", later(1));
    await setBookingShares(test.db, { actor: booker, reference, partnerIds: [anna.userId], meta });
    await cancelDeparture(test.db, supervisor, departureId, { reasonCode: "WEATHER" }, meta, later(5));
    await sendBookingNotifications(test.db, later(6));
    await test.db.outboxMessage.deleteMany();
    const [target] = await alternativeDepartures(
      test.db,
      await findCompanyBooking(test.db, booker, reference),
      later(7),
    );
    expect(target!.price.differenceMinor).toBe(0);
    await expect(
      moveBooking(test.db, { actor: otherExporter, reference, departureId: target!.id, meta, now: later(7) }),
    ).rejects.toMatchObject({ status: 404 });
    await moveBooking(test.db, { actor: booker, reference, departureId: target!.id, meta, now: later(7) });
    await Promise.all([sendBookingNotifications(test.db, later(8)), sendBookingNotifications(test.db, later(8))]);
    const mails = await test.db.outboxMessage.findMany({ where: { template: "departure.moved" } });
    expect(mails.map((mail) => [mail.to, mail.locale]).sort()).toEqual(
      [
        [BOOKER, "en"],
        [ANNA, "de"],
      ].sort(),
    );
    const bookerMail = mails.find((mail) => mail.to === BOOKER)!;
    expect(bookerMail.subject).toBe(`Booking ${reference} moved to train ${target!.service.serviceNumber}`);
    expect(bookerMail.text).toContain("The price is unchanged.");
    // Prices are the company's business: the partner is not told.
    expect(mails.find((mail) => mail.to === ANNA)!.text).not.toContain("Preis");
  });

  it("a cheaper departure: the price is accepted explicitly, the booking moves and the difference is refunded once", async () => {
    const departureId = departures[2]!;
    const reference = await paidByCard(departureId);
    const before = await bookingOf(reference);
    await cancelDeparture(test.db, supervisor, departureId, { reasonCode: "LOCOMOTIVE" }, meta, later(5));
    const target = await targetPriced(reference, -150_000, later(6));
    expect(target.price.differenceMinor).toBe(-150_000);
    const attempt = (accepted?: number) =>
      outcome(
        moveBooking(test.db, {
          actor: booker,
          reference,
          departureId: target.id,
          acceptedTotalMinor: accepted,
          payer: { email: BOOKER, locale: "en" },
          meta,
          now: later(7),
        }),
      );
    // Not accepted, or another price accepted: nothing moves.
    expect(await attempt()).toBe("priceChanged");
    expect(await attempt(before.totalMinor)).toBe("priceChanged");
    expect((await bookingOf(reference)).departureId).toBe(departureId);

    stripe.requests.length = 0;
    const results = await Promise.all([attempt(target.price.totalMinor), attempt(target.price.totalMinor)]);
    expect(results.filter((result) => result === "ok")).toHaveLength(1);
    expect(results.filter((result) => result !== "ok")).toEqual(["notMovable"]);
    const after = await bookingOf(reference);
    expect(after).toMatchObject({
      departureId: target.id,
      status: "CONFIRMED",
      totalMinor: before.totalMinor - 150_000,
    });
    const refunds = await test.db.refund.findMany({ where: { payment: { bookingId: after.id } } });
    expect(refunds.map((refund) => [refund.amountMinor, refund.reason, refund.status])).toEqual([
      [150_000, "MOVE_DIFFERENCE", "PENDING"],
    ]);
    const sent = stripe.requests.filter((request) => request.path === "/v1/refunds");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ amount: "150000" });
    expect(refunds[0]!.providerRefundId).not.toBeNull();
    await conserved(target.id);
    await sendBookingNotifications(test.db, later(8));
    const mail = await test.db.outboxMessage.findFirstOrThrow({
      where: { template: "departure.moved", to: BOOKER, subject: { contains: reference } },
    });
    expect(mail.text).toContain("less: the difference is refunded to you");
  });

  it("a cheaper departure for a company on account: the difference is a credit staff give back by bank", async () => {
    const departureId = departures[3]!;
    const reference = await held(departureId);
    await confirmOnAccount(test.db, booker, reference, "en", later(1));
    await cancelDeparture(test.db, supervisor, departureId, { reasonCode: "LOCOMOTIVE" }, meta, later(5));
    const target = await targetPriced(reference, -100_000, later(6));
    await moveBooking(test.db, {
      actor: booker,
      reference,
      departureId: target.id,
      acceptedTotalMinor: target.price.totalMinor,
      meta,
      now: later(7),
    });
    const refunds = await test.db.refund.findMany({ where: { payment: { booking: { reference } } } });
    expect(refunds.map((refund) => [refund.amountMinor, refund.reason, refund.status])).toEqual([
      [100_000, "MOVE_DIFFERENCE", "MANUAL"],
    ]);
  });

  it("a held booking moves at the new price with nothing to pay back; an open invoice allows the same price only", async () => {
    const heldRef = await held(departures[4]!);
    const invoiced = await held(departures[4]!);
    await chooseBankTransfer(test.db, booker, invoiced, "en", later(1));
    await cancelDeparture(test.db, supervisor, departures[4]!, { reasonCode: "OTHER" }, meta, later(5));
    const target = await targetPriced(heldRef, 90_000, later(6));
    const accepted = target.price.totalMinor;
    await expect(
      moveBooking(test.db, {
        actor: booker,
        reference: invoiced,
        departureId: target.id,
        acceptedTotalMinor: accepted,
        meta,
        now: later(7),
      }),
    ).rejects.toMatchObject({ code: "moveInvoiceOpen" });
    const targetBefore = await capacityOf(target.id);
    await moveBooking(test.db, {
      actor: booker,
      reference: heldRef,
      departureId: target.id,
      acceptedTotalMinor: accepted,
      meta,
      now: later(7),
    });
    expect(await bookingOf(heldRef)).toMatchObject({ departureId: target.id, status: "HELD", totalMinor: accepted });
    expect((await capacityOf(target.id)).held).toBe(targetBefore.held + 1);
    expect(await test.db.payment.count({ where: { booking: { reference: heldRef } } })).toBe(0);
  });

  it("a held booking moved at a new price is not confirmed by the checkout opened for the old one", async () => {
    const reference = await held(departures[6]!);
    const oldCheckout = await startCheckout(test.db, booker, reference, { email: BOOKER, locale: "en" }, later(1));
    await cancelDeparture(test.db, supervisor, departures[6]!, { reasonCode: "OTHER" }, meta, later(5));
    const target = await targetPriced(reference, 90_000, later(6));
    await moveBooking(test.db, {
      actor: booker,
      reference,
      departureId: target.id,
      acceptedTotalMinor: target.price.totalMinor,
      meta,
      now: later(7),
    });
    // The old session could not be expired in time and the exporter pays it: staff are told, nothing is confirmed.
    await pay(oldCheckout, later(8));
    expect(await bookingOf(reference)).toMatchObject({ status: "HELD", totalMinor: target.price.totalMinor });
    const payment = await test.db.payment.findFirstOrThrow({ where: { booking: { reference } } });
    expect(payment).toMatchObject({ flag: "AMOUNT_MISMATCH", status: "PROCESSING" });
    await conserved(target.id);
  });

  it("a cancellation that read the booking before a move committed gives nothing back to the old train", async () => {
    const reference = await held(departures[7]!);
    await cancelDeparture(test.db, supervisor, departures[7]!, { reasonCode: "OTHER" }, meta, later(5));
    const target = await targetPriced(reference, 0, later(6));
    const [oldBefore, targetBefore] = [await capacityOf(departures[7]!), await capacityOf(target.id)];
    // The move commits between the cancellation's read of the booking and its transaction.
    let moved = false;
    const racing = new Proxy(test.db, {
      get(db, name, receiver) {
        if (name !== "$transaction" || moved) return Reflect.get(db, name, receiver) as unknown;
        return async (...args: unknown[]) => {
          moved = true;
          await moveBooking(test.db, { actor: booker, reference, departureId: target.id, meta, now: later(7) });
          return (db.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      },
    });
    expect(await outcome(cancelBooking(racing, { actor: booker, reference, meta, now: later(7) }))).toBe(
      "notCancellable",
    );
    expect(await bookingOf(reference)).toMatchObject({ status: "HELD", departureId: target.id });
    expect((await capacityOf(departures[7]!)).held).toBe(oldBefore.held - 1);
    expect((await capacityOf(target.id)).held).toBe(targetBefore.held + 1);
    await conserved(departures[7]!);
    await conserved(target.id);
  });

  it("a dearer departure: capacity is held and the difference paid first; expired, nothing moves; paid, it moves once", async () => {
    const departureId = departures[5]!;
    const reference = await paidByCard(departureId);
    const before = await bookingOf(reference);
    await cancelDeparture(test.db, supervisor, departureId, { reasonCode: "WEATHER" }, meta, later(5));
    const target = await targetPriced(reference, 200_000, later(6));
    expect(target.price.differenceMinor).toBe(200_000);
    const targetBefore = await capacityOf(target.id);
    const start = (at: Date) =>
      moveBooking(test.db, {
        actor: booker,
        reference,
        departureId: target.id,
        acceptedTotalMinor: target.price.totalMinor,
        payer: { email: BOOKER, locale: "en" },
        meta,
        now: at,
      });

    // First attempt: held, not paid, the session expires — the booking stays, the choice is open.
    const first = await start(later(7));
    expect(first.checkoutUrl).toBeTruthy();
    expect((await start(later(7))).checkoutUrl).toBe(first.checkoutUrl);
    expect((await capacityOf(target.id)).held).toBe(targetBefore.held + 1);
    expect(await bookingOf(reference)).toMatchObject({ departureId, totalMinor: before.totalMinor });
    const session = stripe.sessions.get(first.checkoutUrl!.split("/pay/")[1]!)!;
    expect(session).toMatchObject({ metadata: { reference } });
    expect(await test.db.payment.findFirst({ where: { checkoutSessionId: String(session.id) } })).toMatchObject({
      amountMinor: 200_000,
    });
    await expireSession(first.checkoutUrl!, later(40));
    expect((await capacityOf(target.id)).held).toBe(targetBefore.held);
    expect(awaitsChoice(await findCompanyBooking(test.db, booker, reference))).toBe(true);

    // Second attempt: the sweep ends it when the webhook never comes.
    const second = await start(later(41));
    expect(second.checkoutUrl).not.toBe(first.checkoutUrl);
    expect(await releaseExpiredMoves(test.db, later(60))).toBe(0);
    // Two instances' sweepers racing (decision 027): the move is ended, and its slots given back, once.
    const swept = await Promise.all([releaseExpiredMoves(test.db, later(80)), releaseExpiredMoves(test.db, later(80))]);
    expect(swept[0] + swept[1]).toBe(1);
    expect((await capacityOf(target.id)).held).toBe(targetBefore.held);
    expect(await bookingOf(reference)).toMatchObject({ departureId });

    // Third: paid — the booking moves with the held slots at its new price, once however often Stripe says so.
    const third = await start(later(81));
    await pay(third.checkoutUrl!, later(85));
    await pay(third.checkoutUrl!, later(86));
    expect(await bookingOf(reference)).toMatchObject({
      departureId: target.id,
      status: "CONFIRMED",
      totalMinor: target.price.totalMinor,
    });
    const targetAfter = await capacityOf(target.id);
    expect(targetAfter).toMatchObject({ held: targetBefore.held, booked: targetBefore.booked + 1 });
    await conserved(target.id);
    await conserved(departureId);
    expect(await test.db.bookingEvent.count({ where: { booking: { reference }, type: "MOVED" } })).toBe(1);
    // A payment for the first, expired attempt arriving now goes back.
    await pay(first.checkoutUrl!, later(87));
    const late = await test.db.payment.findFirstOrThrow({
      where: { checkoutSessionId: String(session.id) },
      include: { refunds: true },
    });
    expect(late.refunds.map((refund) => refund.amountMinor)).toEqual([200_000]);
    expect((await bookingOf(reference)).departureId).toBe(target.id);
    await sendBookingNotifications(test.db, later(88));
    const mail = await test.db.outboxMessage.findFirstOrThrow({
      where: { template: "departure.moved", to: BOOKER, subject: { contains: reference } },
    });
    expect(mail.text).toContain("more; you have paid the difference");
  });
});
