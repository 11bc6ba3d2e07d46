import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { holdDraft } from "~/domain/booking/bookings.server";
import { releaseExpiredHolds } from "~/domain/booking/holds.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { AppError } from "~/utils/app-error";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
let test: TestDatabase;
let booker: Actor;
let departureId: string;

async function capacity() {
  return test.db.departureCapacity.findUniqueOrThrow({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
  });
}

/** The last `available` slots of the departure's 40' HQ, no holds, no bookings. */
async function leaveAvailable(available: number) {
  await test.db.booking.deleteMany({ where: { departureId } });
  const { total } = await capacity();
  await test.db.departureCapacity.update({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
    data: { available, held: 0, booked: total - available },
  });
}

const drafts = (count: number, containers = [{ equipmentCode: "45G1", quantity: 1 }]) =>
  createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count,
    containers,
  });

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  booker = await loadActor(
    test.db,
    (await test.db.user.findUniqueOrThrow({ where: { email: "booker@lanzhou-silkroad.example" } })).id,
  );
  const service = await test.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
  const departure = await test.db.departure.findFirstOrThrow({
    where: { serviceId: service.id, cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) } },
    orderBy: { departureAt: "asc" },
  });
  departureId = departure.id;
});

afterAll(async () => {
  await test?.drop();
});

beforeEach(async () => {
  await leaveAvailable(7);
});

describe(`holds (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("gives exactly 7 of 200 simultaneous hold attempts the last 7 slots, ten times over", async () => {
    for (let round = 0; round < 10; round += 1) {
      await leaveAvailable(7);
      const references = await drafts(200);
      const results = await Promise.allSettled(
        references.map((reference) => holdDraft(test.db, booker, reference, NOW)),
      );
      const held = results.filter((result) => result.status === "fulfilled");
      const refused = results.filter((result) => result.status === "rejected") as PromiseRejectedResult[];
      expect(held).toHaveLength(7);
      expect(
        refused.every((result) => result.reason instanceof AppError && result.reason.code === "capacityGone"),
      ).toBe(true);
      const after = await capacity();
      expect(after.available).toBe(0);
      expect(after.held).toBe(7);
      expect(after.available + after.held + after.booked).toBe(after.total);
      expect(await test.db.booking.count({ where: { departureId, status: "HELD" } })).toBe(7);
      // The refused drafts are still drafts, with nothing taken.
      expect(await test.db.booking.count({ where: { departureId, status: "DRAFT" } })).toBe(193);
    }
  });

  it("takes all lines or none", async () => {
    const before = await capacity();
    const [reference] = await drafts(1, [
      { equipmentCode: "45G1", quantity: 2 },
      { equipmentCode: "22G1", quantity: 1000 },
    ]);
    await expect(holdDraft(test.db, booker, reference!, NOW)).rejects.toMatchObject({ code: "capacityGone" });
    expect(await capacity()).toEqual(before);
    expect((await test.db.booking.findUniqueOrThrow({ where: { reference: reference! } })).status).toBe("DRAFT");
  });

  it("gives expired holds back exactly once, even when the sweeper and a read race", async () => {
    const [reference] = await drafts(1, [{ equipmentCode: "45G1", quantity: 3 }]);
    await holdDraft(test.db, booker, reference!, NOW);
    expect((await capacity()).available).toBe(4);
    const beforeExpiry = new Date(NOW.getTime() + 29 * 60_000);
    expect(await releaseExpiredHolds(test.db, beforeExpiry)).toBe(0);
    const afterExpiry = new Date(NOW.getTime() + 31 * 60_000);
    const released = await Promise.all([
      releaseExpiredHolds(test.db, afterExpiry),
      releaseExpiredHolds(test.db, afterExpiry, { departureId }),
      releaseExpiredHolds(test.db, afterExpiry),
    ]);
    expect(released.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(await capacity()).toMatchObject({ available: 7, held: 0 });
    const booking = await test.db.booking.findUniqueOrThrow({
      where: { reference: reference! },
      include: { events: true },
    });
    expect(booking.status).toBe("EXPIRED");
    expect(booking.events.map((event) => event.type).sort()).toEqual(["EXPIRED", "HELD"]);
  });

  it("holds once when the same review is submitted twice at once", async () => {
    const [reference] = await drafts(1);
    const [first, second] = await Promise.all([
      holdDraft(test.db, booker, reference!, NOW),
      holdDraft(test.db, booker, reference!, NOW),
    ]);
    expect(first).toEqual(second);
    expect((await capacity()).held).toBe(1);
    expect(await test.db.bookingLine.count({ where: { booking: { reference: reference! } } })).toBe(1);
  });

  it("refuses a hold after the cargo cut-off", async () => {
    const [reference] = await drafts(1);
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    await expect(holdDraft(test.db, booker, reference!, departure.cargoCutoffAt)).rejects.toMatchObject({
      code: "pastCutoff",
    });
    expect((await capacity()).available).toBe(7);
  });
});
