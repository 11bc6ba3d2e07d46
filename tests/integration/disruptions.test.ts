import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { sendBookingNotifications } from "~/domain/booking/notifications.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { feeFor } from "~/domain/booking/lifecycle";
import {
  alternativeDepartures,
  cancelDeparture,
  moveBooking,
  undecidedBookings,
} from "~/domain/operations/departure-cancellation.server";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import { delayDeparture } from "~/domain/operations/disruptions.server";
import { departureEvents } from "~/domain/operations/events.server";
import { chooseBankTransfer } from "~/domain/payments/choose-bank-transfer.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { recordBankReceipt } from "~/domain/payments/record-bank-receipt.server";
import { setBookingShares } from "~/domain/tracking/shares.server";
import { formatLocalDateTime } from "~/i18n/format";
import { approveWaybillDraft, submitWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { issueWaybill } from "~/domain/waybill/issue-waybill.server";
import { AppError } from "~/utils/app-error";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { submitDemoInstructions } from "../support/waybill";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const HOUR = 3_600_000;
const meta = { ipAddress: "203.0.113.9", userAgent: "vitest" };
const engine = process.env.TEST_DATABASE ?? "sqlite";
const BOOKER = "booker@lanzhou-silkroad.example";
const ANNA = "partner@duisburg-logistics.example";
let test: TestDatabase;
let booker: Actor;
let supervisor: Actor;
let wuweiStaff: Actor;
let anna: Actor;
let departures: string[];

const actorOf = async (email: string) =>
  loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);

/** A booking of `quantity` 45G1 on `departureId`: held, or confirmed on account. */
async function booking(departureId: string, confirmed: boolean, quantity = 2): Promise<string> {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  if (confirmed) await confirmOnAccount(test.db, booker, reference!, "en", later(1));
  return reference!;
}

const delayMails = (email: string) =>
  test.db.outboxMessage.findMany({ where: { to: email, template: "departure.delayed" }, orderBy: { subject: "asc" } });

beforeAll(async () => {
  test = await createTestDatabase();
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  // The exporter reads English in Shanghai; Anna, their partner, German in Berlin.
  await test.db.user.update({ where: { email: BOOKER }, data: { locale: "en", timeZone: "Asia/Shanghai" } });
  booker = await actorOf(BOOKER);
  supervisor = await actorOf("staff.lanzhou@silu-gateway.example");
  wuweiStaff = await actorOf("staff.wuwei@silu-gateway.example");
  anna = await actorOf(ANNA);
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
});

describe(`delaying a departure (${engine})`, () => {
  it("moves its times, records EST events and tells each booker and shared partner once, in their language and zone", async () => {
    const departureId = departures[0]!;
    const confirmed = await booking(departureId, true);
    const held = await booking(departureId, false);
    const cancelled = await booking(departureId, true);
    await cancelBooking(test.db, { actor: booker, reference: cancelled, meta, now: later(2) });
    await setBookingShares(test.db, { actor: booker, reference: confirmed, partnerIds: [anna.userId], meta });
    await sendBookingNotifications(test.db, later(3));
    await test.db.outboxMessage.deleteMany();

    const before = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    const departureAt = new Date(before.departureAt.getTime() + 30 * HOUR);
    const etaAt = new Date(before.etaAt.getTime() + 36 * HOUR);
    const result = await delayDeparture(
      test.db,
      supervisor,
      departureId,
      { departureAt, etaAt, reasonCode: "BORDER_CONGESTION", remark: "Wagons held at Alashankou" },
      meta,
      later(10),
    );
    expect(result.bookings.sort()).toEqual([confirmed, held].sort());

    const after = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    expect(after).toMatchObject({
      departureAt,
      etaAt,
      cargoCutoffAt: before.cargoCutoffAt,
      docCutoffAt: before.docCutoffAt,
    });
    const estimates = await test.db.operationalEvent.findMany({
      where: { departureId, classifier: "EST" },
      orderBy: { typeCode: "desc" },
    });
    expect(
      estimates.map((event) => [event.classifier, event.eventType, event.typeCode, event.placeCode, event.eventAt]),
    ).toEqual([
      ["EST", "TRANSPORT", "DEPA", "CNLAZ", departureAt],
      ["EST", "TRANSPORT", "ARRI", "DEDUI", etaAt],
    ]);
    // The terminal's list is what happened: estimates are not in it.
    expect(await departureEvents(test.db, departureId)).toEqual([]);
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "departure.delayed", entityId: departureId },
    });
    expect(JSON.parse(audit.after!)).toMatchObject({
      reasonCode: "BORDER_CONGESTION",
      bookings: [confirmed, held].sort(),
    });
    expect(
      await test.db.auditEvent.count({ where: { action: "departure.times_changed", entityId: departureId } }),
    ).toBe(1);

    // Two notifiers at once, then another run: each message goes exactly once.
    await Promise.all([sendBookingNotifications(test.db, later(11)), sendBookingNotifications(test.db, later(11))]);
    await sendBookingNotifications(test.db, later(12));

    const bookerMails = await delayMails(BOOKER);
    expect(bookerMails.map((mail) => [mail.locale, mail.subject])).toEqual(
      [confirmed, held].sort().map((reference) => ["en", expect.stringContaining(`Booking ${reference}: train`)]),
    );
    const mine = bookerMails.find((mail) => mail.subject.includes(confirmed))!;
    expect(mine.subject).toMatch(/is delayed$/);
    expect(mine.text).toContain(`now ${formatLocalDateTime(departureAt, "en", "Asia/Shanghai")}`);
    expect(mine.text).toContain(`was ${formatLocalDateTime(before.departureAt, "en", "Asia/Shanghai")}`);
    expect(mine.text).toContain(`now ${formatLocalDateTime(etaAt, "en", "Asia/Shanghai")}`);
    expect(mine.text).toContain("Reason: Congestion at the border crossing.");
    expect(mine.text).toContain("Note from the port: Wagons held at Alashankou");
    expect(mine.text).toContain(`/en/bookings/${confirmed}`);

    const annaMails = await delayMails(ANNA);
    expect(annaMails).toHaveLength(1);
    expect(annaMails[0]).toMatchObject({ locale: "de", subject: expect.stringContaining(`Buchung ${confirmed}: Zug`) });
    expect(annaMails[0]!.text).toContain(`jetzt ${formatLocalDateTime(departureAt, "de", "Europe/Berlin")}`);
    expect(annaMails[0]!.text).toContain(`bisher ${formatLocalDateTime(before.etaAt, "de", "Europe/Berlin")}`);
    expect(annaMails[0]!.text).toContain("Grund: Stau am Grenzübergang.");
    expect(annaMails[0]!.text).toContain("/de/track");
    expect(annaMails[0]!.text).not.toContain("/bookings/");
    // Nothing about the cancelled booking, and nobody else was written to.
    expect(bookerMails.some((mail) => mail.subject.includes(cancelled))).toBe(false);
    expect(await test.db.outboxMessage.count({ where: { template: "departure.delayed" } })).toBe(3);

    // A second delay: new estimates supersede the previous ones; nothing is changed.
    await delayDeparture(
      test.db,
      supervisor,
      departureId,
      {
        departureAt: new Date(departureAt.getTime() + HOUR),
        etaAt: new Date(etaAt.getTime() + HOUR),
        reasonCode: "WEATHER",
      },
      meta,
      later(20),
    );
    const chain = await test.db.operationalEvent.findMany({
      where: { departureId, classifier: "EST", typeCode: "DEPA" },
    });
    expect(chain).toHaveLength(2);
    const first = estimates.find((event) => event.typeCode === "DEPA")!;
    expect(chain.find((event) => event.id !== first.id)!.supersedesId).toBe(first.id);
  });

  it("refuses Wuwei staff (404), a delay that is not later, and a departure already cancelled; nothing changes", async () => {
    const departureId = departures[1]!;
    await booking(departureId, true);
    const before = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    const later1 = { departureAt: new Date(before.departureAt.getTime() + HOUR), etaAt: before.etaAt };
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error as AppError,
      );

    const outsider = await refusal(
      delayDeparture(test.db, wuweiStaff, departureId, { ...later1, reasonCode: "OTHER" }, meta, later(30)),
    );
    expect(outsider).toMatchObject({ status: 404 });
    const earlier = await refusal(
      delayDeparture(
        test.db,
        supervisor,
        departureId,
        { departureAt: new Date(before.departureAt.getTime() - HOUR), etaAt: before.etaAt, reasonCode: "OTHER" },
        meta,
        later(30),
      ),
    );
    expect(earlier).toMatchObject({ fields: { departureAt: "disruptions:errors.delayNotLater" } });
    const etaFirst = await refusal(
      delayDeparture(
        test.db,
        supervisor,
        departureId,
        { departureAt: later1.departureAt, etaAt: before.departureAt, reasonCode: "OTHER" },
        meta,
        later(30),
      ),
    );
    expect(etaFirst).toMatchObject({ fields: { etaAt: "errors.etaBeforeDeparture" } });

    await test.db.departure.update({ where: { id: departureId }, data: { status: "CANCELLED" } });
    const gone = await refusal(
      delayDeparture(test.db, supervisor, departureId, { ...later1, reasonCode: "OTHER" }, meta, later(30)),
    );
    expect(gone).toMatchObject({ fields: { form: "disruptions:errors.notDelayable" } });
    const after = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    expect(after.departureAt).toEqual(before.departureAt);
    expect(await test.db.operationalEvent.count({ where: { departureId, classifier: "EST" } })).toBe(0);
    expect(await test.db.bookingEvent.count({ where: { booking: { departureId }, type: "DEPARTURE_DELAYED" } })).toBe(
      0,
    );
  });

  it("two supervisors delaying at once: one wins, the other is told it changed meanwhile; one notice per booking", async () => {
    const departureId = departures[2]!;
    const reference = await booking(departureId, true);
    const before = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    const attempt = (hours: number) =>
      delayDeparture(
        test.db,
        supervisor,
        departureId,
        {
          departureAt: new Date(before.departureAt.getTime() + hours * HOUR),
          etaAt: new Date(before.etaAt.getTime() + hours * HOUR),
          reasonCode: "LOCOMOTIVE",
        },
        meta,
        later(40),
      ).then(
        () => "ok",
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
    const outcomes = await Promise.all([attempt(5), attempt(7)]);
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== "ok")).toEqual(["changedMeanwhile"]);
    expect(await test.db.bookingEvent.count({ where: { booking: { reference }, type: "DEPARTURE_DELAYED" } })).toBe(1);
    expect(await test.db.operationalEvent.count({ where: { departureId, classifier: "EST" } })).toBe(2);
  });
});

const capacityOf = (departureId: string) =>
  test.db.departureCapacity.findFirstOrThrow({ where: { departureId, equipmentCode: "45G1" } });

describe(`cancelling a departure (${engine})`, () => {
  it("tells every booking; 20 exporters move or refund, each exactly once despite double clicks; capacity holds", async () => {
    // Room for twenty boxes here and ten on the next train.
    await test.db.departureCapacity.updateMany({
      where: { departureId: { in: departures.slice(3) }, equipmentCode: "45G1" },
      data: { total: { increment: 20 }, available: { increment: 20 } },
    });
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departures[3]! } });
    const references: string[] = [];
    for (let i = 0; i < 20; i += 1) references.push(await booking(departure.id, true, 1));
    await setBookingShares(test.db, { actor: booker, reference: references[0]!, partnerIds: [anna.userId], meta });
    await sendBookingNotifications(test.db, later(3));
    await test.db.outboxMessage.deleteMany();
    const oldBefore = await capacityOf(departure.id);

    // Wuwei staff cannot cancel it; the supervisor can, once.
    await expect(
      cancelDeparture(test.db, wuweiStaff, departure.id, { reasonCode: "TRACK_WORKS" }, meta, later(4)),
    ).rejects.toMatchObject({ status: 404 });
    const { bookings } = await cancelDeparture(
      test.db,
      supervisor,
      departure.id,
      { reasonCode: "TRACK_WORKS", remark: "Line closed near Jinchang" },
      meta,
      later(5),
    );
    expect(bookings).toEqual([...references].sort());
    await expect(
      cancelDeparture(test.db, supervisor, departure.id, { reasonCode: "OTHER" }, meta, later(6)),
    ).rejects.toMatchObject({ fields: { form: "disruptions:errors.notCancellable" } });
    expect((await test.db.departure.findUniqueOrThrow({ where: { id: departure.id } })).status).toBe("CANCELLED");
    expect(await test.db.auditEvent.count({ where: { action: "departure.cancelled", entityId: departure.id } })).toBe(
      1,
    );
    // No new hold on a cancelled departure.
    await expect(booking(departure.id, false, 1)).rejects.toBeInstanceOf(AppError);

    await Promise.all([sendBookingNotifications(test.db, later(7)), sendBookingNotifications(test.db, later(7))]);
    const told = await test.db.outboxMessage.findMany({ where: { template: "departure.cancelled" } });
    expect(told.filter((mail) => mail.to === BOOKER)).toHaveLength(20);
    expect(told.filter((mail) => mail.to === BOOKER).every((mail) => mail.locale === "en")).toBe(true);
    const annaTold = told.filter((mail) => mail.to === ANNA);
    expect(annaTold).toHaveLength(1);
    expect(annaTold[0]!.locale).toBe("de");
    expect(annaTold[0]!.subject).toMatch(new RegExp(`^Buchung ${references[0]}: Zug .+ fällt aus$`));
    expect(annaTold[0]!.text).toContain(formatLocalDateTime(departure.departureAt, "de", "Europe/Berlin"));
    expect(told).toHaveLength(21);
    expect((await undecidedBookings(test.db, departure.id)).map((b) => b.reference)).toEqual([...references].sort());

    // Late enough that cancelling would normally cost a fee: the operator cancelled, so none.
    const decideAt = new Date(departure.departureAt.getTime() - 5 * 86_400_000);
    const sample = await findCompanyBooking(test.db, booker, references[10]!);
    expect(feeFor(sample, decideAt).feeMinor).toBe(0);
    expect(
      feeFor({ ...sample, departure: { ...sample.departure, status: "OPEN" } }, decideAt).feeMinor,
    ).toBeGreaterThan(0);
    const [target] = await alternativeDepartures(test.db, sample, decideAt);
    expect(target).toBeDefined();
    expect(target!.departureAt > departure.departureAt).toBe(true);
    const targetBefore = await capacityOf(target!.id);

    const outcome = (promise: Promise<unknown>) =>
      promise.then(
        () => "ok",
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
    const move = (reference: string) =>
      outcome(moveBooking(test.db, { actor: booker, reference, departureId: target!.id, meta, now: decideAt }));
    const refund = (reference: string) =>
      outcome(cancelBooking(test.db, { actor: booker, reference, meta, now: decideAt }));
    // Everyone at once, and each button clicked twice.
    const results = await Promise.all(
      references.map((reference, i) =>
        i < 10 ? Promise.all([move(reference), move(reference)]) : Promise.all([refund(reference), refund(reference)]),
      ),
    );
    for (const [i, pair] of results.entries()) {
      expect(
        pair.filter((result) => result === "ok"),
        references[i],
      ).toHaveLength(1);
      expect(pair.filter((result) => result !== "ok")).toEqual([i < 10 ? "notMovable" : "notCancellable"]);
    }

    const moved = references.slice(0, 10);
    const rows = await test.db.booking.findMany({
      where: { reference: { in: references } },
      include: { events: true },
    });
    for (const row of rows) {
      if (moved.includes(row.reference)) {
        expect(row).toMatchObject({ departureId: target!.id, status: "CONFIRMED", totalMinor: row.totalMinor });
        expect(row.events.filter((event) => event.type === "MOVED")).toHaveLength(1);
      } else {
        expect(row).toMatchObject({ departureId: departure.id, status: "CANCELLED" });
        const cancelled = row.events.filter((event) => event.type === "CANCELLED");
        expect(cancelled).toHaveLength(1);
        expect(JSON.parse(cancelled[0]!.detail!)).toMatchObject({ feeMinor: 0 });
      }
    }
    // Capacity: taken on the new departure, given back on the old, never lost or doubled.
    const oldAfter = await capacityOf(departure.id);
    const targetAfter = await capacityOf(target!.id);
    expect(oldAfter.booked).toBe(oldBefore.booked - 20);
    expect(oldAfter.available).toBe(oldBefore.available + 20);
    expect(targetAfter.booked).toBe(targetBefore.booked + 10);
    expect(targetAfter.available).toBe(targetBefore.available - 10);
    for (const capacity of [oldAfter, targetAfter]) {
      expect(capacity.available + capacity.held + capacity.booked).toBe(capacity.total);
    }
    expect(await undecidedBookings(test.db, departure.id)).toEqual([]);
    expect(
      await test.db.auditEvent.count({ where: { action: "booking.moved", entityId: { in: rows.map((r) => r.id) } } }),
    ).toBe(10);
  });

  it("refunds a booking paid by bank transfer in full when its exporter cancels after the operator did", async () => {
    const departureId = departures[4]!;
    const [reference] = await createReviewedDrafts(test.db, {
      companyId: booker.memberships[0]!.companyId,
      userId: booker.userId,
      departureId,
      count: 1,
      containers: [{ equipmentCode: "45G1", quantity: 1 }],
    });
    await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: reference!,
      now: NOW,
    });
    const invoice = await chooseBankTransfer(test.db, booker, reference!, "en", later(1));
    const paid = await recordBankReceipt(
      test.db,
      supervisor,
      invoice.number,
      { amountMinor: invoice.amountMinor, receivedOn: "2026-12-02", bankReference: "BOC-DISRUPT-1" },
      meta,
      later(60),
    );
    expect(paid.settled).toBe("CONFIRMED");
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    await cancelDeparture(test.db, supervisor, departureId, { reasonCode: "LOCOMOTIVE" }, meta, later(70));
    // Past the free period: a cancellation would normally cost half the price.
    const decideAt = new Date(departure.departureAt.getTime() - 5 * 86_400_000);
    const fee = await cancelBooking(test.db, { actor: booker, reference: reference!, meta, now: decideAt });
    expect(fee).toMatchObject({ feeMinor: 0 });
    const refunds = await test.db.refund.findMany({ where: { payment: { booking: { reference: reference! } } } });
    expect(refunds.map((refund) => [refund.amountMinor, refund.reason])).toEqual([
      [invoice.amountMinor, "CANCELLATION"],
    ]);
  });

  it("a moved booking's waybill draft is drawn again for the new train; an issued waybill stays with the port", async () => {
    // The departure delayed above (still open), with later trains after it.
    const departureId = departures[2]!;
    const drafted = await booking(departureId, true, 1);
    const issued = await booking(departureId, true, 1);
    for (const reference of [drafted, issued]) {
      await submitDemoInstructions(test.db, booker, reference, later(2));
      await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de", now: later(3) });
    }
    await approveWaybillDraft(test.db, { actor: booker, reference: issued });
    await issueWaybill(test.db, { actor: supervisor, reference: issued, now: later(4) });
    const draftBefore = (await test.db.waybill.findFirstOrThrow({ where: { booking: { reference: drafted } } })).draft!;
    await cancelDeparture(test.db, supervisor, departureId, { reasonCode: "WEATHER" }, meta, later(5));

    const sample = await findCompanyBooking(test.db, booker, drafted);
    const [target] = await alternativeDepartures(test.db, sample, later(6));
    await moveBooking(test.db, { actor: booker, reference: drafted, departureId: target!.id, meta, now: later(6) });
    const redrawn = await test.db.waybill.findFirstOrThrow({ where: { booking: { reference: drafted } } });
    expect(redrawn.status).toBe("DRAFT");
    expect(redrawn.draft).not.toBe(draftBefore);
    expect(redrawn.draft).toContain(target!.departureAt.toISOString());
    expect(await test.db.shippingInstructions.count({ where: { booking: { reference: drafted } } })).toBe(1);

    await expect(
      moveBooking(test.db, { actor: booker, reference: issued, departureId: target!.id, meta, now: later(7) }),
    ).rejects.toMatchObject({ code: "waybillIssuedAskPort" });
    expect((await test.db.booking.findUniqueOrThrow({ where: { reference: issued } })).departureId).toBe(departureId);
  });

  it("takes no payment for a booking whose departure the port cancelled", async () => {
    const departureId = departures[5]!;
    const held = await booking(departureId, false, 1);
    await cancelDeparture(test.db, supervisor, departureId, { reasonCode: "WEATHER" }, meta, later(5));
    await expect(confirmOnAccount(test.db, booker, held, "en", later(6))).rejects.toMatchObject({
      code: "departureCancelled",
    });
    await expect(chooseBankTransfer(test.db, booker, held, "en", later(6))).rejects.toMatchObject({
      code: "departureCancelled",
    });
    expect((await test.db.booking.findUniqueOrThrow({ where: { reference: held } })).status).toBe("HELD");
    expect(await test.db.payment.count({ where: { booking: { reference: held } } })).toBe(0);
  });
});
