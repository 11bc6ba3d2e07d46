import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
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

/** An empty 40' HQ capacity of `total` slots. */
async function setCapacity(total: number) {
  await test.db.booking.deleteMany({ where: { departureId } });
  await test.db.departureCapacity.update({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
    data: { total, available: total, held: 0, booked: 0 },
  });
}

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === "fulfilled" ? "held" : (result.reason as AppError).code;

beforeEach(async () => {
  await leaveAvailable(7);
});

describe(`holds (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("gives exactly 7 of 200 simultaneous hold attempts the last 7 slots, ten times over", async () => {
    for (let round = 0; round < 10; round += 1) {
      await leaveAvailable(7);
      const references = await drafts(200);
      const results = await Promise.allSettled(
        references.map((reference) =>
          holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW }),
        ),
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
    await expect(
      holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW }),
    ).rejects.toMatchObject({
      code: "capacityGone",
    });
    expect(await capacity()).toEqual(before);
    expect((await test.db.booking.findUniqueOrThrow({ where: { reference: reference! } })).status).toBe("DRAFT");
  });

  it("gives expired holds back exactly once, even when the sweeper and a read race", async () => {
    const [reference] = await drafts(1, [{ equipmentCode: "45G1", quantity: 3 }]);
    await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: reference!,
      now: NOW,
    });
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

  it("two instances' sweepers racing over many expired holds give each one's capacity back once", async () => {
    await setCapacity(20);
    const references = await drafts(6, [{ equipmentCode: "45G1", quantity: 1 }]);
    for (const reference of references) {
      await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW });
    }
    expect(await capacity()).toMatchObject({ available: 14, held: 6 });
    const afterExpiry = new Date(NOW.getTime() + 31 * 60_000);
    const released = await Promise.all([
      releaseExpiredHolds(test.db, afterExpiry),
      releaseExpiredHolds(test.db, afterExpiry),
    ]);
    expect(released[0] + released[1]).toBe(6);
    expect(await capacity()).toMatchObject({ available: 20, held: 0, booked: 0 });
    const expired = await test.db.bookingEvent.findMany({
      where: { type: "EXPIRED", booking: { reference: { in: references } } },
    });
    expect(expired.map((event) => event.bookingId).sort()).toEqual(
      (await test.db.booking.findMany({ where: { reference: { in: references } } })).map((b) => b.id).sort(),
    );
    // Six lapsed holds would count against the company's renewals on this departure in later tests.
    await test.db.booking.deleteMany({ where: { reference: { in: references } } });
  });

  it("holds once when the same review is submitted twice at once", async () => {
    const [reference] = await drafts(1);
    const [first, second] = await Promise.all([
      holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW }),
      holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW }),
    ]);
    expect(first).toEqual(second);
    expect((await capacity()).held).toBe(1);
    expect(await test.db.bookingLine.count({ where: { booking: { reference: reference! } } })).toBe(1);
  });

  it("refuses a hold after the documents cut-off, which comes before the cargo cut-off", async () => {
    const [reference] = await drafts(1);
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    expect(departure.docCutoffAt.getTime()).toBeLessThan(departure.cargoCutoffAt.getTime());
    for (const now of [departure.docCutoffAt, departure.cargoCutoffAt]) {
      await expect(
        holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now }),
      ).rejects.toMatchObject({
        code: "bookingClosed",
      });
    }

    expect((await capacity()).available).toBe(7);
  });

  it("holds only for users who confirmed their e-mail address", async () => {
    const [reference] = await drafts(1);
    await expect(
      holdBooking(test.db, {
        acceptedTerms: CARRIAGE_TERMS_VERSION,
        actor: { ...booker, emailVerified: false },
        reference: reference!,
        now: NOW,
      }),
    ).rejects.toMatchObject({
      code: "confirmEmailToHold",
    });
    expect((await capacity()).available).toBe(7);
  });

  it("keeps one company's unpaid holds within half of each equipment type, however many race", async () => {
    await setCapacity(40);
    // 12 holds of 6 slots at once: 20 slots is the company's share, so 3 get through.
    const references = await drafts(12, [{ equipmentCode: "45G1", quantity: 6 }]);
    const results = await Promise.allSettled(
      references.map((reference) =>
        holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW }),
      ),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((code) => code === "held")).toHaveLength(3);
    expect(codes.filter((code) => code === "holdShareExceeded")).toHaveLength(9);
    expect(await capacity()).toMatchObject({ available: 22, held: 18 });
    // Another company is not held up by it.
    const other = await loadActor(
      test.db,
      (await test.db.user.findUniqueOrThrow({ where: { email: "admin@wuwei-agri.example" } })).id,
    );
    const [theirs] = await createReviewedDrafts(test.db, {
      companyId: other.memberships[0]!.companyId,
      userId: other.userId,
      departureId,
      count: 1,
      containers: [{ equipmentCode: "45G1", quantity: 20 }],
    });
    await expect(
      holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: other, reference: theirs!, now: NOW }),
    ).resolves.toMatchObject({
      reference: theirs,
    });
  });

  it("limits the holds one company may have open at once, however many race on different departures", async () => {
    const companyId = booker.memberships[0]!.companyId;
    const open = await test.db.departure.findMany({
      where: {
        cargoCutoffAt: { gt: new Date(NOW.getTime() + 86_400_000) },
        capacities: { some: { equipmentCode: "45G1", available: { gte: 1 } } },
      },
      take: 30,
      select: { id: true },
    });
    expect(open).toHaveLength(30);
    const references = (
      await Promise.all(
        open.map((departure) =>
          createReviewedDrafts(test.db, {
            companyId,
            userId: booker.userId,
            departureId: departure.id,
            count: 1,
            containers: [{ equipmentCode: "45G1", quantity: 1 }],
          }),
        ),
      )
    ).flat();
    const results = await Promise.allSettled(
      references.map((reference) =>
        holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW }),
      ),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((code) => code === "held")).toHaveLength(20);
    expect(codes.filter((code) => code === "tooManyOpenHolds")).toHaveLength(10);
    expect(await test.db.booking.count({ where: { companyId, status: "HELD" } })).toBe(20);
    await test.db.booking.deleteMany({ where: { reference: { in: references } } });
  });

  it("makes a company wait before holding a departure again after letting three holds lapse", async () => {
    await setCapacity(40);
    let now = NOW;
    for (let round = 0; round < 3; round += 1) {
      const [reference] = await drafts(1, [{ equipmentCode: "45G1", quantity: 20 }]);
      await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now });
      now = new Date(now.getTime() + 31 * 60_000);
      expect(await releaseExpiredHolds(test.db, now)).toBe(1);
    }
    const [again] = await drafts(1, [{ equipmentCode: "45G1", quantity: 20 }]);
    await expect(
      holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: again!, now }),
    ).rejects.toMatchObject({
      code: "holdRenewalLimit",
    });
    expect((await capacity()).available).toBe(40);
    const nextDay = new Date(NOW.getTime() + 25 * 3_600_000);
    await expect(
      holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: again!, now: nextDay }),
    ).resolves.toMatchObject({
      reference: again,
    });
  });

  it("is kept consistent by the database itself: never below zero, always adding up to the total", async () => {
    const where = { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } };
    const before = await capacity();
    await expect(
      test.db.departureCapacity.update({ where, data: { available: -1, booked: before.booked + 8 } }),
    ).rejects.toThrow();
    await expect(test.db.departureCapacity.update({ where, data: { available: { increment: 1 } } })).rejects.toThrow();
    await expect(test.db.departureCapacity.update({ where, data: { held: { decrement: 1 } } })).rejects.toThrow();
    expect(await capacity()).toEqual(before);
  });
});
