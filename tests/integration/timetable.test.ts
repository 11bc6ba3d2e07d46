import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustCapacity, publishTimetable } from "~/domain/scheduling/publish-timetable.server";
import { AppError } from "~/utils/app-error";
import { seedDatabase, weeklyPatternOf } from "../../seeds/seed";
import { SERVICES } from "../../seeds/data/services";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
let test: TestDatabase;
let serviceId: string;
const seed = SERVICES.find((service) => service.code === "LAZ-DUI-AKL")!;
const offers = [{ equipmentCode: "45G1", total: 30, tariffMinor: 420_000, currency: "USD" }];

beforeAll(async () => {
  test = await createTestDatabase();
  // Reference data only: no departures of the seeded services yet.
  await seedDatabase(test.db, { now: NOW, weeks: 0 });
  serviceId = (await test.db.service.findUniqueOrThrow({ where: { code: seed.code } })).id;
});

afterAll(async () => {
  await test?.drop();
});

describe(`publishing a timetable (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("creates each planned departure once, however often and however concurrently it is published", async () => {
    const input = { serviceId, pattern: weeklyPatternOf(seed), offers, from: NOW, weeks: 4 };
    const results = await Promise.all([
      publishTimetable(test.db, input),
      publishTimetable(test.db, input),
      publishTimetable(test.db, input),
    ]);
    const departures = await test.db.departure.findMany({ where: { serviceId }, include: { capacities: true } });
    expect(results.reduce((sum, result) => sum + result.created, 0)).toBe(departures.length);
    expect(departures.length).toBeGreaterThanOrEqual(4 * seed.weekdays.length - seed.weekdays.length);
    expect(departures.every((departure) => departure.departureAt > NOW)).toBe(true);
    expect(departures.every((departure) => departure.cargoCutoffAt < departure.departureAt)).toBe(true);
    expect(departures[0]!.capacities).toEqual([
      expect.objectContaining({ equipmentCode: "45G1", total: 30, available: 30, held: 0, booked: 0 }),
    ]);
    expect((await publishTimetable(test.db, input)).created).toBe(0);
  });

  it("keeps what was sold and only adds the weeks that came into the window", async () => {
    const first = await test.db.departure.findFirstOrThrow({ where: { serviceId }, orderBy: { departureAt: "asc" } });
    await test.db.departureCapacity.updateMany({
      where: { departureId: first.id },
      data: { available: 20, booked: 10 },
    });
    const before = await test.db.departure.count({ where: { serviceId } });
    const weekLater = new Date(NOW.getTime() + 7 * 86_400_000);
    const { created } = await publishTimetable(test.db, {
      serviceId,
      pattern: weeklyPatternOf(seed),
      offers,
      from: weekLater,
      weeks: 4,
    });
    expect(created).toBe(seed.weekdays.length);
    expect(await test.db.departure.count({ where: { serviceId } })).toBe(before + created);
    expect(await test.db.departureCapacity.findFirstOrThrow({ where: { departureId: first.id } })).toMatchObject({
      available: 20,
      booked: 10,
    });
  });
});

describe(`adjusting capacity (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  async function departureWith(held: number, booked: number) {
    const departure = await test.db.departure.findFirstOrThrow({
      where: { serviceId },
      orderBy: { departureAt: "desc" },
    });
    await test.db.departureCapacity.updateMany({
      where: { departureId: departure.id, equipmentCode: "45G1" },
      data: { total: 30, available: 30 - held - booked, held, booked },
    });
    return departure.id;
  }

  it("moves the difference to the free slots, never below what is held and booked", async () => {
    const departureId = await departureWith(4, 10);
    expect(await adjustCapacity(test.db, { departureId, equipmentCode: "45G1", total: 40 })).toEqual({
      total: 40,
      available: 26,
      held: 4,
      booked: 10,
    });
    expect(await adjustCapacity(test.db, { departureId, equipmentCode: "45G1", total: 14 })).toMatchObject({
      available: 0,
    });
    const refused = await adjustCapacity(test.db, { departureId, equipmentCode: "45G1", total: 13 }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "capacityBelowCommitted", status: 409, field: "total" });
    expect(await test.db.departureCapacity.findFirstOrThrow({ where: { departureId } })).toMatchObject({
      total: 14,
      available: 0,
      held: 4,
      booked: 10,
    });
  });

  it("leaves a consistent row when many adjustments race", async () => {
    const departureId = await departureWith(2, 3);
    const totals = Array.from({ length: 12 }, (_, i) => 10 + i);
    await Promise.allSettled(
      totals.map((total) => adjustCapacity(test.db, { departureId, equipmentCode: "45G1", total })),
    );
    const row = await test.db.departureCapacity.findFirstOrThrow({ where: { departureId } });
    expect(totals).toContain(row.total);
    expect(row).toMatchObject({ held: 2, booked: 3, available: row.total - 5 });
  });

  it("refuses what is not a capacity, and a departure that does not offer the equipment", async () => {
    const departureId = await departureWith(0, 0);
    await expect(adjustCapacity(test.db, { departureId, equipmentCode: "45G1", total: -1 })).rejects.toMatchObject({
      code: "capacityInvalid",
    });
    await expect(adjustCapacity(test.db, { departureId, equipmentCode: "45G1", total: 2.5 })).rejects.toMatchObject({
      code: "capacityInvalid",
    });
    await expect(adjustCapacity(test.db, { departureId, equipmentCode: "22R1", total: 5 })).rejects.toMatchObject({
      code: "notFound",
      status: 404,
    });
  });
});
