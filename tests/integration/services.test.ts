import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { chooseBankTransfer } from "~/domain/payments/choose-bank-transfer.server";
import { lastBusinessDayEndBefore } from "~/domain/payments/bank-days";
import {
  findStaffDeparture,
  updateCapacityAndTariff,
  updateDepartureTimes,
} from "~/domain/scheduling/departure-admin.server";
import {
  addException,
  createService,
  findService,
  publishService,
  setOffer,
  updateService,
  type ServiceInput,
} from "~/domain/scheduling/services.server";
import { localDateOf } from "~/domain/scheduling/timetable";
import { AppError } from "~/utils/app-error";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
const META = { ipAddress: "203.0.113.7", userAgent: "vitest" };
const ENGINE = process.env.TEST_DATABASE ?? "sqlite";
let test: TestDatabase;
let supervisor: Actor;
let operator: Actor;
let wuweiStaff: Actor;
let booker: Actor;
let otherBooker: Actor;

const actorOf = async (email: string) =>
  loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);

const weekly: ServiceInput = {
  code: "LAZ-MSK-TEST",
  corridorCode: "CHINA_EUROPE",
  originCode: "CNLAZ",
  destinationCode: "DEDUI",
  mode: "RAIL",
  serviceNumber: "X8099",
  operatorName: "Lanzhou test operator",
  legs: [
    { mode: "RAIL", toCode: "CNAKL", plannedHours: 60, gaugeChange: "1435>1520" },
    { mode: "RAIL", toCode: "DEDUI", plannedHours: 300, gaugeChange: "1520>1435" },
  ],
  weekdays: [3],
  departureLocalTime: "09:00",
  cargoCutoffDays: 2,
  cargoCutoffLocalTime: "17:00",
  docCutoffDays: 3,
  docCutoffLocalTime: "12:00",
  validFrom: "2026-12-01",
  validUntil: "2027-03-31",
};

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  supervisor = await actorOf("staff.lanzhou@silu-gateway.example");
  wuweiStaff = await actorOf("staff.wuwei@silu-gateway.example");
  booker = await actorOf("booker@lanzhou-silkroad.example");
  otherBooker = await actorOf("admin@wuwei-agri.example");
  const user = await test.db.user.create({
    data: {
      email: "operator.lanzhou@silu-gateway.example",
      name: "王芳",
      kind: "STAFF",
      staffRole: "OPERATOR",
      locale: "zh-CN",
      timeZone: "Asia/Shanghai",
      passwordHash: "x",
      emailVerifiedAt: NOW,
      staffPorts: { create: [{ placeCode: "CNLAZ" }] },
    },
  });
  operator = await loadActor(test.db, user.id);
});

afterAll(async () => {
  await test?.drop();
});

const audits = (action: string, entityId: string) =>
  test.db.auditEvent.findMany({ where: { action, entityId }, orderBy: { createdAt: "asc" } });

describe(`services and timetables (${ENGINE})`, () => {
  it("a supervisor creates a weekly service, skips Spring Festival and publishes idempotently, audited", async () => {
    const service = await createService(test.db, supervisor, weekly, META);
    expect(await audits("service.created", service.id)).toHaveLength(1);
    await setOffer(
      test.db,
      supervisor,
      weekly.code,
      { equipmentCode: "45G1", total: 40, tariffMinor: 650_000, currency: "USD", minChargeMinor: null },
      META,
    );
    // Spring Festival 2027: no departure on Wednesday 10 February.
    await addException(test.db, supervisor, weekly.code, { localDate: "2027-02-10", note: "春节" }, META);
    const first = await publishService(test.db, supervisor, weekly.code, 13, META, NOW);
    const again = await Promise.all([
      publishService(test.db, supervisor, weekly.code, 13, META, NOW),
      publishService(test.db, supervisor, weekly.code, 13, META, NOW),
    ]);
    expect(again.map((result) => result.created)).toEqual([0, 0]);
    const departures = await test.db.departure.findMany({
      where: { serviceId: service.id },
      orderBy: { departureAt: "asc" },
      include: { capacities: true },
    });
    const dates = departures.map((departure) => localDateOf(departure.departureAt, "Asia/Shanghai"));
    // 13 Wednesdays from 2 December 2026, less the festival's.
    expect(first.created).toBe(12);
    expect(dates).toHaveLength(12);
    expect(dates[0]).toBe("2026-12-02");
    expect(dates).not.toContain("2027-02-10");
    expect(dates).toContain("2027-02-17");
    expect(departures[0]!.capacities).toEqual([
      expect.objectContaining({ equipmentCode: "45G1", total: 40, available: 40, tariffMinor: 650_000 }),
    ]);
    // The validity ends on 31 March 2027: publishing further adds only what is still valid.
    const more = await publishService(test.db, supervisor, weekly.code, 26, META, NOW);
    const after = await test.db.departure.findMany({ where: { serviceId: service.id }, select: { departureAt: true } });
    expect(after.every(({ departureAt }) => localDateOf(departureAt, "Asia/Shanghai") <= "2027-03-31")).toBe(true);
    expect(more.created).toBe(after.length - 12);
    expect(await audits("service.published", service.id)).toHaveLength(4);
  });

  it("publishes a seeded service from its stored pattern and offers, adding only the weeks not yet published", async () => {
    const seeded = await test.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
    const before = await test.db.departure.count({ where: { serviceId: seeded.id } });
    // The seed published 6 weeks (Tuesdays and Fridays): 8 weeks add two weeks' departures.
    const { created } = await publishService(test.db, supervisor, "LAZ-DUI-AKL", 8, META, NOW);
    expect(created).toBe(4);
    expect(await test.db.departure.count({ where: { serviceId: seeded.id } })).toBe(before + 4);
    const last = await test.db.departure.findFirstOrThrow({
      where: { serviceId: seeded.id },
      orderBy: { departureAt: "desc" },
      include: { capacities: true },
    });
    expect(last.capacities.map((capacity) => capacity.equipmentCode).sort()).toEqual(["22G1", "42G1", "45G1", "45R1"]);
  });

  it("refuses a route that does not reach its destination and a code taken, at the field", async () => {
    const wrongEnd = await createService(
      test.db,
      supervisor,
      { ...weekly, code: "LAZ-XXX-1", legs: [{ mode: "RAIL", toCode: "CNAKL", plannedHours: 60, gaugeChange: null }] },
      META,
    ).catch((error: unknown) => error);
    expect(wrongEnd).toMatchObject({ code: "invalid", fields: { leg1To: "errors.legsEndAtDestination" } });
    await expect(createService(test.db, supervisor, weekly, META)).rejects.toMatchObject({
      fields: { code: "errors.serviceCodeTaken" },
    });
    // A supervisor of Lanzhou may not start a Wuwei service.
    await expect(
      createService(test.db, supervisor, { ...weekly, code: "WUW-NEW", originCode: "CN-WUW" }, META),
    ).rejects.toMatchObject({ fields: { originCode: "errors.originNotYours" } });
  });

  it("Wuwei staff learn nothing of Lanzhou's services and departures (404); an operator sees but may not edit (403)", async () => {
    const departure = await test.db.departure.findFirstOrThrow({ where: { service: { code: weekly.code } } });
    for (const attempt of [
      () => findService(test.db, wuweiStaff, weekly.code),
      () => publishService(test.db, wuweiStaff, weekly.code, 1, META, NOW),
      () => findStaffDeparture(test.db, wuweiStaff, departure.id),
      () =>
        updateCapacityAndTariff(
          test.db,
          wuweiStaff,
          departure.id,
          { equipmentCode: "45G1", total: 1, tariffMinor: 1, minChargeMinor: null },
          META,
        ),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "notFound", status: 404 });
    }
    expect((await findService(test.db, operator, weekly.code)).canManage).toBe(false);
    expect((await findStaffDeparture(test.db, operator, departure.id)).canManage).toBe(false);
    const { legs: _legs, code: _code, originCode: _origin, ...rest } = weekly;
    for (const attempt of [
      () => updateService(test.db, operator, weekly.code, { ...rest, legs: weekly.legs }, META),
      () => publishService(test.db, operator, weekly.code, 1, META, NOW),
      () => addException(test.db, operator, weekly.code, { localDate: "2027-02-11", note: null }, META),
      () => createService(test.db, operator, { ...weekly, code: "LAZ-OP-1" }, META),
      () =>
        updateCapacityAndTariff(
          test.db,
          operator,
          departure.id,
          { equipmentCode: "45G1", total: 1, tariffMinor: 1, minChargeMinor: null },
          META,
        ),
      () =>
        updateDepartureTimes(
          test.db,
          operator,
          departure.id,
          {
            departureAt: departure.departureAt,
            etaAt: departure.etaAt,
            cargoCutoffAt: departure.cargoCutoffAt,
            docCutoffAt: departure.docCutoffAt,
          },
          META,
        ),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "forbidden", status: 403 });
    }
  });
});

describe(`a departure's capacity, tariffs and cut-offs (${ENGINE})`, () => {
  /** A departure of the new service far enough out for holds and bank transfers. */
  async function departureOf(index: number) {
    const departures = await test.db.departure.findMany({
      where: { service: { code: weekly.code } },
      orderBy: { departureAt: "asc" },
    });
    return departures[index]!;
  }

  async function hold(actor: Actor, departureId: string, quantity = 1) {
    const [reference] = await createReviewedDrafts(test.db, {
      companyId: actor.memberships[0]!.companyId,
      userId: actor.userId,
      departureId,
      count: 1,
      containers: [{ equipmentCode: "45G1", quantity }],
    });
    await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor, reference: reference!, now: NOW });
    return reference!;
  }

  it("refuses a cut below held + booked with the numbers, and audits the change it allows", async () => {
    const departure = await departureOf(4);
    await hold(booker, departure.id, 3);
    await test.db.departureCapacity.updateMany({
      where: { departureId: departure.id, equipmentCode: "45G1" },
      data: { booked: 5, available: { decrement: 5 } },
    });
    const refused = await updateCapacityAndTariff(
      test.db,
      supervisor,
      departure.id,
      { equipmentCode: "45G1", total: 7, tariffMinor: 650_000, minChargeMinor: null },
      META,
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: "capacityBelowCommitted",
      fields: { total: "errors.capacityBelowCommitted?held=3&booked=5&committed=8" },
    });
    expect(
      await updateCapacityAndTariff(
        test.db,
        supervisor,
        departure.id,
        { equipmentCode: "45G1", total: 8, tariffMinor: 650_000, minChargeMinor: null },
        META,
      ),
    ).toEqual({ total: 8, available: 0, held: 3, booked: 5 });
    const [audit] = await audits("departure.capacity_changed", departure.id);
    expect(JSON.parse(audit!.before!)).toMatchObject({ total: 40 });
    expect(JSON.parse(audit!.after!)).toMatchObject({ total: 8, held: 3, booked: 5 });
    expect(audit!.actorId).toBe(supervisor.userId);
  });

  it("never lets 50 concurrent holds racing capacity cuts leave capacity negative or below held + booked", async () => {
    const departure = await departureOf(5);
    const drafts = async (actor: Actor) =>
      createReviewedDrafts(test.db, {
        companyId: actor.memberships[0]!.companyId,
        userId: actor.userId,
        departureId: departure.id,
        count: 25,
        containers: [{ equipmentCode: "45G1", quantity: 1 }],
      });
    const [mine, theirs] = await Promise.all([drafts(booker), drafts(otherBooker)]);
    const cuts = [30, 20, 12, 8, 4, 0, 16, 10];
    const results = await Promise.allSettled([
      ...mine.map((reference) =>
        holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW }),
      ),
      ...theirs.map((reference) =>
        holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: otherBooker, reference, now: NOW }),
      ),
      ...cuts.map((total) =>
        updateCapacityAndTariff(
          test.db,
          supervisor,
          departure.id,
          { equipmentCode: "45G1", total, tariffMinor: 650_000, minChargeMinor: null },
          META,
        ),
      ),
    ]);
    const row = await test.db.departureCapacity.findUniqueOrThrow({
      where: { departureId_equipmentCode: { departureId: departure.id, equipmentCode: "45G1" } },
    });
    const heldLines = await test.db.bookingLine.aggregate({
      where: { booking: { departureId: departure.id, status: "HELD" } },
      _sum: { quantity: true },
    });
    expect(row.available).toBeGreaterThanOrEqual(0);
    expect(row.total).toBeGreaterThanOrEqual(row.held + row.booked);
    expect(row.available + row.held + row.booked).toBe(row.total);
    expect(row.held).toBe(heldLines._sum.quantity ?? 0);
    // Every refusal is one the domain gives: no slot was lost or double counted.
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toBeInstanceOf(AppError);
    }
    expect(results.some((result) => result.status === "fulfilled")).toBe(true);
    // The companies' open-hold limits are for the tests below to use.
    await test.db.booking.deleteMany({ where: { departureId: departure.id } });
  });

  it("changes the tariff for the next booking only: existing bookings keep their price", async () => {
    const departure = await departureOf(6);
    const reference = await hold(booker, departure.id, 2);
    const before = await test.db.booking.findUniqueOrThrow({ where: { reference } });
    // The price lines state the unit tariff the booking was held at.
    expect(before.priceLines).toContain("650000");
    expect(before.totalMinor).toBeGreaterThanOrEqual(2 * 650_000);
    await updateCapacityAndTariff(
      test.db,
      supervisor,
      departure.id,
      { equipmentCode: "45G1", total: 40, tariffMinor: 900_000, minChargeMinor: null },
      META,
    );
    const after = await test.db.booking.findUniqueOrThrow({ where: { reference } });
    expect(after.totalMinor).toBe(before.totalMinor);
    expect(after.priceLines).toBe(before.priceLines);
    // The next hold is priced at the new tariff.
    const next = await test.db.booking.findUniqueOrThrow({ where: { reference: await hold(booker, departure.id, 2) } });
    expect(next.priceLines).toContain("900000");
    expect(next.totalMinor - before.totalMinor).toBe(2 * (900_000 - 650_000));
    const [audit] = await audits("departure.capacity_changed", departure.id);
    expect(JSON.parse(audit!.before!)).toMatchObject({ tariffMinor: 650_000 });
    expect(JSON.parse(audit!.after!)).toMatchObject({ tariffMinor: 900_000 });
  });

  it("moving the cargo cut-off re-clamps holds and bank-transfer due dates in one audited change", async () => {
    const departure = await departureOf(7);
    const held = await hold(booker, departure.id, 1);
    const awaiting = await hold(otherBooker, departure.id, 1);
    const invoice = await chooseBankTransfer(test.db, otherBooker, awaiting, "en", NOW);
    const holdBefore = (await test.db.booking.findUniqueOrThrow({ where: { reference: held } })).holdExpiresAt!;
    // The new cut-off: 10 minutes from now, Tuesday 08:10 in Lanzhou — before the hold's end
    // and before the invoice's due date (three business days).
    const cargoCutoffAt = new Date(NOW.getTime() + 10 * 60_000);
    expect(holdBefore > cargoCutoffAt).toBe(true);
    expect(invoice.dueAt > cargoCutoffAt).toBe(true);
    const result = await updateDepartureTimes(
      test.db,
      supervisor,
      departure.id,
      {
        departureAt: departure.departureAt,
        etaAt: departure.etaAt,
        cargoCutoffAt,
        docCutoffAt: departure.docCutoffAt,
      },
      META,
      NOW,
    );
    const dueAt = lastBusinessDayEndBefore(cargoCutoffAt);
    expect((await test.db.booking.findUniqueOrThrow({ where: { reference: held } })).holdExpiresAt).toEqual(
      cargoCutoffAt,
    );
    expect((await test.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).dueAt).toEqual(dueAt);
    expect((await test.db.booking.findUniqueOrThrow({ where: { reference: awaiting } })).holdExpiresAt).toEqual(dueAt);
    expect(dueAt <= cargoCutoffAt).toBe(true);
    // The invoice as issued changed: its next document version states the new due date.
    const version = await test.db.documentVersion.findFirstOrThrow({
      where: { kind: "INVOICE", subjectId: invoice.id },
      orderBy: { version: "desc" },
    });
    expect(JSON.parse(version.payload)).toMatchObject({ dueAt: dueAt.toISOString() });
    expect(result.holds.map((hold) => hold.reference)).toEqual([held]);
    expect(result.invoices.map((entry) => entry.number)).toEqual([invoice.number]);
    const [audit] = await audits("departure.times_changed", departure.id);
    expect(JSON.parse(audit!.before!)).toMatchObject({ cargoCutoffAt: departure.cargoCutoffAt.toISOString() });
    expect(JSON.parse(audit!.after!)).toMatchObject({ cargoCutoffAt: cargoCutoffAt.toISOString() });
  });

  it("refuses cut-offs after the departure and an ETA before it, at their fields", async () => {
    const departure = await departureOf(8);
    const later = new Date(departure.departureAt.getTime() + 3_600_000);
    await expect(
      updateDepartureTimes(
        test.db,
        supervisor,
        departure.id,
        { departureAt: departure.departureAt, etaAt: departure.departureAt, cargoCutoffAt: later, docCutoffAt: later },
        META,
      ),
    ).rejects.toMatchObject({
      fields: {
        etaAt: "errors.etaBeforeDeparture",
        cargoCutoffAt: "errors.cutoffAfterDeparture",
        docCutoffAt: "errors.cutoffAfterDeparture",
      },
    });
    expect(await test.db.departure.findUniqueOrThrow({ where: { id: departure.id } })).toMatchObject({
      cargoCutoffAt: departure.cargoCutoffAt,
    });
    // Moved onto the next week's train of the same service: one departure per service and time.
    const next = await departureOf(9);
    await expect(
      updateDepartureTimes(
        test.db,
        supervisor,
        departure.id,
        {
          departureAt: next.departureAt,
          etaAt: next.etaAt,
          cargoCutoffAt: next.cargoCutoffAt,
          docCutoffAt: next.docCutoffAt,
        },
        META,
      ),
    ).rejects.toMatchObject({ fields: { departureAt: "errors.departureTaken" } });
    expect(await audits("departure.times_changed", departure.id)).toEqual([]);
  });
});
