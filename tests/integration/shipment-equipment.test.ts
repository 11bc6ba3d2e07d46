import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amendBooking } from "~/domain/booking/amend-booking.server";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { type DraftDetails } from "~/domain/booking/quote";
import { recordEquipmentDetails } from "~/domain/booking/shipment-equipment.server";
import { listRevisions } from "~/domain/booking/revisions.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { newBookingReference } from "~/domain/booking/reference";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { reviewedDetails } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
const meta = { ipAddress: "198.51.100.30", userAgent: "vitest" };
const MIGRATION = "20261130180705_shipment_equipment";
let test: TestDatabase;
let booker: Actor;
let outsider: Actor;
let departureId: string;

/** A reviewed draft with 2 × 40' HQ (shipper-owned) and a reefer at −18 °C. */
function details(): DraftDetails {
  const base = reviewedDetails([]);
  return {
    ...base,
    containers: [
      { equipmentCode: "45G1", quantity: 2, shipperOwned: true },
      { equipmentCode: "45R1", quantity: 1, shipperOwned: false },
    ],
    cargo: { ...base.cargo!, reeferTemperatureC: -18 },
  };
}

async function draft(status = "DRAFT", lines: { equipmentCode: string; quantity: number }[] = []) {
  const reference = newBookingReference();
  // createMany writes only these columns and reads nothing back, so it works on a database
  // made before later migrations added columns to Booking (create would read them all).
  const id = randomUUID();
  await test.db.booking.createMany({
    data: {
      id,
      reference,
      companyId: booker.memberships[0]!.companyId,
      departureId,
      createdById: booker.userId,
      status,
      currency: "USD",
      totalMinor: 0,
      priceLines: "[]",
      details: JSON.stringify(details()),
    },
  });
  await test.db.bookingLine.createMany({ data: lines.map((line) => ({ bookingId: id, ...line })) });
  return reference;
}

const unitsOf = (reference: string) =>
  test.db.shipmentEquipment.findMany({
    where: { booking: { reference } },
    orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }],
  });

async function actorOf(email: string) {
  return loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
}

beforeAll(async () => {
  // Created before the migration, so that it can be tested on bookings that exist.
  test = await createTestDatabase({ before: MIGRATION });
  // The schema before that migration: only what the first schema had.
  await seedDatabase(test.db, { now: NOW, weeks: 6, firstSchemaOnly: true });
  await seedDemoAccounts(test.db);
  booker = await actorOf("booker@lanzhou-silkroad.example");
  outsider = await actorOf("admin@wuwei-agri.example");
  // Only the columns this schema has: later migrations add some to these tables.
  const service = await test.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" }, select: { id: true } });
  const departure = await test.db.departure.findFirstOrThrow({
    where: { serviceId: service.id, cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) } },
    orderBy: { departureAt: "asc" },
    select: { id: true },
  });
  departureId = departure.id;
  for (const code of ["45G1", "45R1"]) {
    const capacity = await test.db.departureCapacity.findUniqueOrThrow({
      where: { departureId_equipmentCode: { departureId, equipmentCode: code } },
    });
    await test.db.departureCapacity.update({
      where: { id: capacity.id },
      data: { available: capacity.total, held: 0, booked: 0 },
    });
  }
});

afterAll(async () => {
  await test?.drop();
});

describe(`container units (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("are made for bookings that existed before, in every status past the draft", async () => {
    const lines = [
      { equipmentCode: "45G1", quantity: 2 },
      { equipmentCode: "45R1", quantity: 1 },
    ];
    const references: Record<string, string> = {};
    for (const status of ["DRAFT", "HELD", "AWAITING_PAYMENT", "CONFIRMED", "CANCELLED", "EXPIRED"]) {
      references[status] = await draft(status, status === "DRAFT" ? [] : lines);
    }
    const air = await draft("CONFIRMED", [{ equipmentCode: "KG", quantity: 480 }]);
    await test.migrateFrom(MIGRATION);

    expect(await unitsOf(references.DRAFT!)).toEqual([]);
    expect(await unitsOf(air)).toEqual([]);
    for (const status of ["HELD", "AWAITING_PAYMENT", "CONFIRMED", "CANCELLED", "EXPIRED"]) {
      const units = await unitsOf(references[status]!);
      expect(
        units.map(({ isoSizeType, sequence, shipperOwned, reeferSetpointC, containerNumber }) => ({
          isoSizeType,
          sequence,
          shipperOwned,
          reeferSetpointC,
          containerNumber,
        })),
        status,
      ).toEqual([
        { isoSizeType: "45G1", sequence: 1, shipperOwned: true, reeferSetpointC: null, containerNumber: null },
        { isoSizeType: "45G1", sequence: 2, shipperOwned: true, reeferSetpointC: null, containerNumber: null },
        { isoSizeType: "45R1", sequence: 1, shipperOwned: false, reeferSetpointC: -18, containerNumber: null },
      ]);
    }
    // They were written past the capacity counters: out of the way of the holds below.
    await test.db.booking.deleteMany({ where: { reference: { in: [...Object.values(references), air] } } });
  });

  it("are made when a booking is held, and follow its amendments, keeping what was recorded", async () => {
    const reference = await draft();
    await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW });
    const units = await unitsOf(reference);
    expect(units.map((unit) => `${unit.isoSizeType}#${unit.sequence}`)).toEqual(["45G1#1", "45G1#2", "45R1#1"]);
    const first = units[0]!;
    await recordEquipmentDetails(test.db, booker, reference, first.id, {
      containerNumber: "csqu 305438-3",
      seals: ["CN1234567"],
      tareKg: 3_900,
      vgmKg: 28_400,
      vgmMethod: "METHOD_2",
    });

    const containers = (highCubes: number) => [
      { equipmentCode: "45G1", quantity: highCubes, shipperOwned: true },
      { equipmentCode: "45R1", quantity: 1, shipperOwned: false },
    ];
    await amendBooking(test.db, { actor: booker, reference, containers: containers(3), meta, now: NOW });
    expect((await unitsOf(reference)).map((unit) => `${unit.isoSizeType}#${unit.sequence}`)).toEqual([
      "45G1#1",
      "45G1#2",
      "45G1#3",
      "45R1#1",
    ]);
    await amendBooking(test.db, { actor: booker, reference, containers: containers(1).slice(0, 1), meta, now: NOW });
    const after = await unitsOf(reference);
    expect(after.map((unit) => `${unit.isoSizeType}#${unit.sequence}`)).toEqual(["45G1#1"]);
    expect(after[0]).toMatchObject({
      id: first.id,
      containerNumber: "CSQU3054383",
      seals: '["CN1234567"]',
      vgmKg: 28_400,
      vgmMethod: "METHOD_2",
    });
    // Every change after the hold is a numbered revision, with who and what before and after.
    const booking = await test.db.booking.findUniqueOrThrow({ where: { reference } });
    const revisions = await listRevisions(test.db, booking.id);
    expect(revisions.map((revision) => [revision.number, revision.kind])).toEqual([
      [3, "CONTAINERS"],
      [2, "CONTAINERS"],
      [1, "EQUIPMENT_UNIT"],
    ]);
    expect(revisions.every((revision) => revision.by === "李强")).toBe(true);
    expect(revisions[2]).toMatchObject({
      before: { unit: "45G1 #1", containerNumber: null, vgmKg: null },
      after: { unit: "45G1 #1", containerNumber: "CSQU3054383", vgmKg: 28_400, vgmMethod: "METHOD_2" },
    });
    expect(revisions[0]!.before.containers).toEqual({ "45G1": 3, "45R1": 1 });
    expect(revisions[0]!.after.containers).toEqual({ "45G1": 1 });
  });

  it("number the revisions of concurrent changes one after the other", async () => {
    const reference = await draft();
    await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW });
    const units = await unitsOf(reference);
    await Promise.all(
      units.map((unit, index) =>
        recordEquipmentDetails(test.db, booker, reference, unit.id, { tareKg: 3_800 + index }),
      ),
    );
    const booking = await test.db.booking.findUniqueOrThrow({ where: { reference } });
    const numbers = (await listRevisions(test.db, booking.id)).map((revision) => revision.number).sort();
    expect(numbers).toEqual([1, 2, 3]);
  });

  it("take only a real container number, a verified gross mass with its method, and never another company's", async () => {
    const reference = await draft();
    await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW });
    const [unit] = await unitsOf(reference);
    const record = (input: Parameters<typeof recordEquipmentDetails>[4], actor = booker) =>
      recordEquipmentDetails(test.db, actor, reference, unit!.id, input);
    await expect(record({ containerNumber: "CSQU3054384" })).rejects.toMatchObject({
      code: "containerNumberInvalid",
      field: "containerNumber",
    });
    await expect(record({ vgmKg: 20_000 })).rejects.toMatchObject({ code: "vgmMethodRequired", field: "vgmMethod" });
    await expect(record({ tareKg: 3_900, vgmKg: 3_000, vgmMethod: "METHOD_1" })).rejects.toMatchObject({
      code: "vgmBelowTare",
      field: "vgmKg",
    });
    await expect(record({ seals: ["ok", "has space"] })).rejects.toMatchObject({ code: "sealsInvalid" });
    await expect(record({ containerNumber: "CSQU3054383" }, outsider)).rejects.toMatchObject({
      code: "notFound",
      status: 404,
    });
    expect(await test.db.shipmentEquipment.findUniqueOrThrow({ where: { id: unit!.id } })).toMatchObject({
      containerNumber: null,
      vgmKg: null,
      seals: "[]",
    });
  });
});
