import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/seed";
import { isValidImoNumber } from "~/domain/waybill/vessel";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-11-28T08:00:00Z");
let test: TestDatabase;

/** Everything the seed writes, in a stable order, for before/after comparison. */
async function snapshot() {
  const [places, corridors, services, legs, departures, capacities, voyages] = await Promise.all([
    test.db.place.findMany({ orderBy: { code: "asc" } }),
    test.db.corridor.findMany({ orderBy: { code: "asc" } }),
    test.db.service.findMany({ orderBy: { code: "asc" } }),
    test.db.serviceLeg.findMany({ orderBy: [{ serviceId: "asc" }, { sequence: "asc" }] }),
    test.db.departure.findMany({ orderBy: { id: "asc" } }),
    test.db.departureCapacity.findMany({ orderBy: { id: "asc" } }),
    test.db.departureVoyage.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { places, corridors, services, legs, departures, capacities, voyages };
}

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(async () => {
  await test?.drop();
});

describe(`seeds (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("creates the reference data and 13 weeks of departures", async () => {
    const report = await seedDatabase(test.db, { now: NOW });
    expect(report.services).toBeGreaterThanOrEqual(14);
    expect(report.departuresCreated).toBeGreaterThan(200);
    const lastDeparture = await test.db.departure.findFirst({ orderBy: { departureAt: "desc" } });
    expect(lastDeparture!.departureAt.getTime() - NOW.getTime()).toBeLessThanOrEqual(91 * 86_400_000);
    const soldOut = await test.db.departureCapacity.count({ where: { available: 0 } });
    const nearlyFull = await test.db.departureCapacity.count({ where: { available: { gt: 0, lte: 2 } } });
    expect(soldOut).toBeGreaterThan(0);
    expect(nearlyFull).toBeGreaterThan(0);
    const broken = (await test.db.departureCapacity.findMany()).filter(
      (capacity) => capacity.total !== capacity.available + capacity.held + capacity.booked || capacity.available < 0,
    );
    expect(broken).toEqual([]);
  });

  it("nominates a demo vessel and voyage for every Qinzhou sailing, with valid IMO numbers", async () => {
    const qinzhou = await test.db.departure.findMany({
      where: { service: { code: "LAZ-SIN-QZH" } },
      include: { voyages: true },
    });
    expect(qinzhou.length).toBeGreaterThan(20);
    for (const departure of qinzhou) {
      expect(departure.voyages).toHaveLength(1);
      expect(departure.voyages[0]!.legSequence).toBe(3);
      expect(isValidImoNumber(departure.voyages[0]!.vesselImo!)).toBe(true);
      expect(departure.voyages[0]!.voyageNumber).toMatch(/^\d{4}[12]S$/);
    }
    const numbers = qinzhou.map((departure) => departure.voyages[0]!.voyageNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    // Only the sea legs: the rail-only services have no voyages.
    expect(
      await test.db.departureVoyage.count({ where: { departure: { service: { code: { not: "LAZ-SIN-QZH" } } } } }),
    ).toBe(0);
  });

  it("changes nothing when run again", async () => {
    const before = await snapshot();
    const report = await seedDatabase(test.db, { now: NOW });
    expect(report.departuresCreated).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("later only adds the days that came into the window, keeping sold capacity", async () => {
    const sold = await test.db.departureCapacity.findFirstOrThrow({ where: { available: { gt: 0 } } });
    await test.db.departureCapacity.update({
      where: { id: sold.id },
      data: { available: { decrement: 1 }, booked: { increment: 1 } },
    });
    const weekLater = new Date(NOW.getTime() + 7 * 86_400_000);
    const report = await seedDatabase(test.db, { now: weekLater });
    expect(report.departuresCreated).toBeGreaterThan(0);
    const after = await test.db.departureCapacity.findUniqueOrThrow({ where: { id: sold.id } });
    expect(after.available).toBe(sold.available - 1);
  });
});
