import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { departureEvents, recordOperationalEvent } from "~/domain/operations/events.server";
import { toDcsaEvents } from "~/domain/operations/events";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { recordPlannedCalls } from "~/domain/tracking/consignment-events.server";
import { submitInstructionsWithDraft } from "~/domain/waybill/draft-from-instructions.server";
import { approveWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { issueWaybill } from "~/domain/waybill/issue-waybill.server";
import { surrenderWaybill, voidWaybillAsStaff } from "~/domain/waybill/review-waybill.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { complaints, tntEventValidator } from "../support/dcsa";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { submitDemoInstructions } from "../support/waybill";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };
let test: TestDatabase;
let booker: Actor;
let lanzhouStaff: Actor;
let duisburgStaff: Actor;
let departures: string[];
let made = 0;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  const actorOf = async (email: string) =>
    loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
  booker = await actorOf("booker@lanzhou-silkroad.example");
  lanzhouStaff = await actorOf("staff.lanzhou@silu-gateway.example");
  const duisburg = await test.db.user.create({
    data: {
      email: "staff.duisburg@silu-gateway.example",
      name: "Duisburg",
      kind: "STAFF",
      staffRole: "SUPERVISOR",
      passwordHash: "scrypt$unused",
      staffPorts: { create: { placeCode: "DEDUI" } },
    },
  });
  duisburgStaff = await loadActor(test.db, duisburg.id);
  const open = await test.db.departure.findMany({
    where: {
      status: "OPEN",
      service: { code: "LAZ-DUI-AKL" },
      capacities: { some: { equipmentCode: "45G1", available: { gte: 4 } } },
      cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) },
    },
    orderBy: { departureAt: "asc" },
  });
  departures = open.map((departure) => departure.id);
});

afterAll(async () => {
  await test?.drop();
});

async function heldBooking(): Promise<string> {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId: departures[(made += 1) % departures.length]!,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  return reference!;
}

/** Confirms the booking, gives its instructions, has its draft approved and the port issue it. */
async function issueWaybillOf(reference: string) {
  await confirmOnAccount(test.db, booker, reference, "en", later(1));
  await submitDemoInstructions(test.db, booker, reference, later(2));
  const row = await test.db.shippingInstructions.findFirstOrThrow({ where: { booking: { reference } } });
  await submitInstructionsWithDraft(test.db, {
    actor: booker,
    reference,
    content: JSON.parse(row.submitted!) as unknown,
    consigneeLocale: "de",
    meta,
  });
  await approveWaybillDraft(test.db, { actor: booker, reference });
  await issueWaybill(test.db, { actor: lanzhouStaff, reference, now: later(10) });
}

const eventsOf = async (reference: string) =>
  test.db.operationalEvent.findMany({
    where: { bookingId: (await test.db.booking.findUniqueOrThrow({ where: { reference } })).id },
    orderBy: [{ createdAt: "asc" }, { eventAt: "asc" }],
  });

/** Each stored event as DCSA T&T 2.2 would carry it, checked against the official schema. */
function expectValidDcsa(events: Awaited<ReturnType<typeof eventsOf>>, reference: string, departureId: string) {
  const validate = tntEventValidator();
  for (const event of events) {
    for (const dcsa of toDcsaEvents(event, {
      serviceNumber: "X9021",
      departureId,
      bookingReferences: [reference],
      containers: [],
      isUnLocode: (code) => /^[A-Z]{5}$/.test(code),
    })) {
      expect(validate(dcsa), complaints(validate)).toBe(true);
    }
  }
}

describe(`a consignment's own events (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("are received when held, then confirmed with the departure's plan: origin, each border, destination", async () => {
    const reference = await heldBooking();
    expect((await eventsOf(reference)).map((event) => [event.classifier, event.typeCode])).toEqual([["ACT", "RECE"]]);
    await confirmOnAccount(test.db, booker, reference, "en", later(1));

    const booking = await test.db.booking.findUniqueOrThrow({ where: { reference }, include: { departure: true } });
    const events = await eventsOf(reference);
    const shipment = events.filter((event) => event.eventType === "SHIPMENT");
    expect(shipment.map((event) => [event.typeCode, event.documentTypeCode, event.documentReference])).toEqual([
      ["RECE", "BKG", reference],
      ["CONF", "BKG", reference],
    ]);
    const planned = events.filter((event) => event.classifier === "PLN");
    expect(planned.map((event) => [event.typeCode, event.placeCode, event.facilityType, event.gaugeChange])).toEqual([
      ["DEPA", "CNLAZ", "RAMP", null],
      ["DEPA", "CNAKL", "BOCR", "1435>1520"],
      ["DEPA", "BYBQT", "BOCR", "1520>1435"],
      ["ARRI", "DEDUI", "RAMP", null],
    ]);
    expect(planned[0]!.eventAt).toEqual(booking.departure.departureAt);
    expect(planned[3]!.eventAt).toEqual(booking.departure.etaAt);
    const times = planned.map((event) => event.eventAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(planned.map((event) => event.departureId))).toEqual(new Set([booking.departureId]));
    expectValidDcsa(events, reference, booking.departureId);

    // Planned once per departure, however often asked; the terminal's list shows none of them.
    await test.db.$transaction((tx) => recordPlannedCalls(tx, booking.id, later(2)));
    expect((await eventsOf(reference)).filter((event) => event.classifier === "PLN")).toHaveLength(4);
    expect(await departureEvents(test.db, booking.departureId)).toEqual([]);
  });

  it("are cancelled with the booking", async () => {
    const reference = await heldBooking();
    await cancelBooking(test.db, { actor: booker, reference, meta, now: later(1) });
    const events = await eventsOf(reference);
    expect(events.map((event) => [event.typeCode, event.documentTypeCode])).toEqual([
      ["RECE", "BKG"],
      ["VOID", "BKG"],
    ]);
    // A hold never confirmed has no plan.
    expect(events.some((event) => event.classifier === "PLN")).toBe(false);
  });

  it("follow the through waybill: issued, amended, surrendered at the destination — without the port's reasons", async () => {
    const reference = await heldBooking();
    await issueWaybillOf(reference);
    const booking = await test.db.booking.findUniqueOrThrow({
      where: { reference },
      include: { departure: true, waybill: true },
    });
    const number = booking.waybill!.number!;

    const arrival = booking.departure.etaAt;
    await recordOperationalEvent(
      test.db,
      lanzhouStaff,
      {
        departureId: booking.departureId,
        milestone: "ARRIVED",
        placeCode: "DEDUI",
        localTime: new Date(arrival.getTime() + 3_600_000).toISOString().slice(0, 16),
      },
      new Date(arrival.getTime() + 86_400_000),
    );
    await surrenderWaybill(test.db, {
      actor: duisburgStaff,
      reference,
      now: new Date(arrival.getTime() + 2 * 86_400_000),
    });

    const documents = (await eventsOf(reference)).filter((event) => event.documentTypeCode === "TRD");
    expect(documents.map((event) => [event.typeCode, event.documentReference])).toEqual([
      ["ISSU", number],
      ["SURR", number],
    ]);
    expectValidDcsa(await eventsOf(reference), reference, booking.departureId);
  });

  it("say a waybill was voided by the port, not why", async () => {
    const reference = await heldBooking();
    await issueWaybillOf(reference);
    await voidWaybillAsStaff(test.db, {
      actor: lanzhouStaff,
      reference,
      reason: "cargo refused at the gate",
      now: later(20),
    });
    const voided = (await eventsOf(reference)).filter(
      (event) => event.documentTypeCode === "TRD" && event.typeCode === "VOID",
    );
    expect(voided).toHaveLength(1);
    expect(voided[0]!.remark).toBeNull();
  });

  it("are not bound by chance: a box number two bookings of one train declared is refused until staff sort it out", async () => {
    const departureId = departures[0]!;
    const twins: string[] = [];
    for (let i = 0; i < 2; i += 1) {
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
      await confirmOnAccount(test.db, booker, reference!, "en", later(1));
      const unit = await test.db.shipmentEquipment.findFirstOrThrow({ where: { booking: { reference } } });
      await test.db.shipmentEquipment.update({ where: { id: unit.id }, data: { containerNumber: "HLXU2008419" } });
      twins.push(reference!);
    }
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    const before = await test.db.operationalEvent.count({
      where: { departureId, classifier: "ACT", eventType: "EQUIPMENT" },
    });
    await expect(
      recordOperationalEvent(
        test.db,
        lanzhouStaff,
        {
          departureId,
          milestone: "DELIVERED",
          placeCode: "DEDUI",
          localTime: new Date(departure.etaAt.getTime() + 86_400_000).toISOString().slice(0, 16),
          equipmentReference: "HLXU2008419",
        },
        new Date(departure.etaAt.getTime() + 2 * 86_400_000),
      ),
    ).rejects.toMatchObject({ code: "containerAmbiguous", field: "equipmentReference" });
    expect(
      await test.db.operationalEvent.count({ where: { departureId, classifier: "ACT", eventType: "EQUIPMENT" } }),
    ).toBe(before);
  });
});
