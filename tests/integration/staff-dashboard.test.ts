import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newBookingReference } from "~/domain/booking/reference";
import { loadActor } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";
import { staffDashboard } from "~/domain/operations/dashboard.server";
import { loadCatalog } from "~/domain/places/catalog.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// 10:00 in Lanzhou and Wuwei (UTC+8); their day ends at 16:00 UTC.
const NOW = new Date("2026-12-01T02:00:00Z");
const HOUR = 3_600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

let test: TestDatabase;
let lanzhou: Actor;
let wuwei: Actor;
let companyId: string;
let userId: string;
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

async function departure(name: string, serviceCode: string, departureHours: number, extra: { status?: string } = {}) {
  const service = await test.db.service.findUniqueOrThrow({ where: { code: serviceCode } });
  const row = await test.db.departure.create({
    data: {
      serviceId: service.id,
      // Off the seeded timetable's minutes, so never the same instant as a seeded departure.
      departureAt: new Date(at(departureHours).getTime() + 7 * 60_000),
      cargoCutoffAt: at(departureHours - 4),
      docCutoffAt: at(departureHours - 24),
      etaAt: at(departureHours + 300),
      status: extra.status ?? "OPEN",
      capacities: {
        create: [
          { equipmentCode: "45G1", total: 10, available: 4, held: 2, booked: 4, tariffMinor: 1, currency: "USD" },
          { equipmentCode: "22G1", total: 4, available: 0, held: 0, booked: 4, tariffMinor: 1, currency: "USD" },
        ],
      },
    },
  });
  ids[name] = row.id;
  return row.id;
}

async function booking(
  name: string,
  departureName: string,
  status: "HELD" | "CONFIRMED",
  options: { holdHours?: number; units?: { gatedIn: boolean }[]; instructions?: "DRAFT" | "SUBMITTED" } = {},
) {
  const reference = newBookingReference();
  refs[name] = reference;
  const row = await test.db.booking.create({
    data: {
      reference,
      companyId,
      departureId: ids[departureName]!,
      createdById: userId,
      status,
      currency: "USD",
      totalMinor: 100,
      priceLines: "[]",
      details: "{}",
      holdExpiresAt: options.holdHours === undefined ? null : at(options.holdHours),
      equipment: {
        create: (options.units ?? []).map((unit, index) => ({
          isoSizeType: "45G1",
          sequence: index + 1,
          gatedInAt: unit.gatedIn ? at(-1) : null,
        })),
      },
    },
  });
  if (options.instructions) {
    const submitted = options.instructions === "SUBMITTED";
    await test.db.shippingInstructions.create({
      data: {
        bookingId: row.id,
        status: options.instructions,
        draft: submitted ? null : "{}",
        submitted: submitted ? "{}" : null,
        version: submitted ? 1 : 0,
        submittedAt: submitted ? at(-2) : null,
      },
    });
  }
}

async function event(
  departureName: string,
  fields: { milestone?: string; typeCode?: string; classifier?: string; supersedesId?: string } = {},
) {
  const id = randomUUID();
  await test.db.operationalEvent.create({
    data: {
      id,
      eventType: "TRANSPORT",
      classifier: fields.classifier ?? "ACT",
      typeCode: fields.typeCode ?? "DEPA",
      milestone: fields.milestone ?? "DEPARTED",
      eventAt: at(-1),
      createdAt: at(-1),
      placeCode: "CNLAZ",
      facilityType: "RAMP",
      departureId: ids[departureName]!,
      supersedesId: fields.supersedesId ?? null,
    },
  });
  return id;
}

async function portsOf(actor: Actor) {
  return actor.staffPorts.filter((portCode) => can(actor, "read:departure", { portCode }));
}

async function dashboardOf(actor: Actor) {
  return staffDashboard(test.db, await loadCatalog(test.db), await portsOf(actor), NOW);
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 2 });
  await seedDemoAccounts(test.db);
  const actorOf = async (email: string) =>
    loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
  lanzhou = await actorOf("staff.lanzhou@silu-gateway.example");
  wuwei = await actorOf("staff.wuwei@silu-gateway.example");
  const booker = await actorOf("booker@lanzhou-silkroad.example");
  companyId = booker.memberships[0]!.companyId;
  userId = booker.userId;

  // Lanzhou: today (15:07 local, cut-offs today), later this week, next week, and gone ones.
  await departure("lzToday", "LAZ-DUI-AKL", 5);
  await departure("lzWeek", "LAZ-DUI-AKL", 72);
  await departure("lzNextWeek", "LAZ-DUI-AKL", 8 * 24);
  await departure("lzTonight", "LAZ-DUI-AKL", 13.5); // 23:37 local, still today; UTC's day too
  await departure("lzAfterMidnight", "LAZ-DUI-AKL", 14.5); // 00:37 tomorrow local, same UTC day
  await departure("lzGone", "LAZ-DUI-AKL", -3);
  await departure("lzGoneDepa", "LAZ-DUI-AKL", -5);
  await departure("lzGoneCorrected", "LAZ-DUI-AKL", -6);
  await departure("lzGoneCorrectedAway", "LAZ-DUI-AKL", -7);
  await departure("lzGoneEstimated", "LAZ-DUI-AKL", -8);
  await departure("lzLongGone", "LAZ-DUI-AKL", -10 * 24);
  await departure("lzCancelled", "LAZ-DUI-AKL", -9, { status: "CANCELLED" });
  await departure("lzCancelledToday", "LAZ-DUI-AKL", 4, { status: "CANCELLED" });
  // Wuwei: the same kinds of rows, none of which Lanzhou's staff may see.
  await departure("wwToday", "WUW-ALA-HRS", 5);
  await departure("wwGone", "WUW-ALA-HRS", -3);

  await booking("holdSoon", "lzWeek", "HELD", { holdHours: 0.5, units: [{ gatedIn: false }] });
  await booking("holdLater", "lzWeek", "HELD", { holdHours: 1.5 });
  await booking("holdExpired", "lzWeek", "HELD", { holdHours: -0.1 });
  await booking("noInstructions", "lzWeek", "CONFIRMED");
  await booking("draftOnly", "lzWeek", "CONFIRMED", { instructions: "DRAFT" });
  await booking("submitted", "lzWeek", "CONFIRMED", { instructions: "SUBMITTED" });
  await booking("goneNoInstructions", "lzGone", "CONFIRMED");
  await booking("boxesToday", "lzToday", "CONFIRMED", {
    units: [{ gatedIn: true }, { gatedIn: false }, { gatedIn: false }],
    instructions: "SUBMITTED",
  });
  await booking("boxesWeek", "lzWeek", "CONFIRMED", { units: [{ gatedIn: false }], instructions: "SUBMITTED" });
  await booking("heldBoxToday", "lzToday", "HELD", { holdHours: 5, units: [{ gatedIn: false }] });
  await booking("wwHold", "wwToday", "HELD", { holdHours: 0.25 });
  await booking("wwConfirmed", "wwToday", "CONFIRMED", { units: [{ gatedIn: false }] });

  await event("lzGoneDepa");
  const first = await event("lzGoneCorrected");
  await event("lzGoneCorrected", { supersedesId: first });
  const wrong = await event("lzGoneCorrectedAway");
  await event("lzGoneCorrectedAway", { milestone: "BORDER_CROSSED", supersedesId: wrong });
  await event("lzGoneEstimated", { classifier: "EST" });
  await event("lzGone", { milestone: "ARRIVED", typeCode: "ARRI" });
});

afterAll(async () => {
  await test?.drop();
});

describe(`staff dashboard (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("lists today's and the rest of the week's departures at the port's clock, with their capacities", async () => {
    const dashboard = await dashboardOf(lanzhou);
    const today = dashboard.today.map((row) => row.id);
    const week = dashboard.week.map((row) => row.id);
    // The whole local day: 07:07 this morning (gone) and 23:37 tonight too.
    expect(today).toEqual(expect.arrayContaining([ids.lzToday, ids.lzTonight, ids.lzGone]));
    expect(week).toEqual(expect.arrayContaining([ids.lzWeek, ids.lzAfterMidnight]));
    for (const name of ["lzWeek", "lzAfterMidnight", "lzNextWeek", "lzLongGone", "lzCancelledToday", "wwToday"]) {
      expect(today, name).not.toContain(ids[name]);
    }
    for (const name of ["lzToday", "lzTonight", "lzNextWeek", "lzGone", "wwToday"]) {
      expect(week, name).not.toContain(ids[name]);
    }
    for (const row of [...dashboard.today, ...dashboard.week]) {
      expect(["CNLAZ", "CNLHW"]).toContain(row.service.originCode);
      expect(row.departureAt >= new Date("2026-11-30T16:00:00Z")).toBe(true);
      expect(row.departureAt < new Date("2026-12-07T16:00:00Z")).toBe(true);
    }
    const todayRow = dashboard.today.find((row) => row.id === ids.lzToday)!;
    expect(todayRow.capacities).toEqual([
      { equipmentCode: "22G1", total: 4, held: 0, booked: 4 },
      { equipmentCode: "45G1", total: 10, held: 2, booked: 4 },
    ]);
  });

  it("lists only the holds ending within the hour", async () => {
    const dashboard = await dashboardOf(lanzhou);
    expect(dashboard.holds.map((hold) => hold.reference)).toEqual([refs.holdSoon]);
    expect(dashboard.holds[0]!.departure.id).toBe(ids.lzWeek);
  });

  it("lists confirmed bookings of departures to come whose instructions were never submitted", async () => {
    const dashboard = await dashboardOf(lanzhou);
    expect(dashboard.documents.map((row) => row.reference).sort()).toEqual(
      [refs.noInstructions, refs.draftOnly].sort(),
    );
  });

  it("lists the boxes not gated in whose cargo cut-off is within two days", async () => {
    const dashboard = await dashboardOf(lanzhou);
    expect(dashboard.boxes.map((box) => [box.booking.reference, box.sequence])).toEqual([
      [refs.boxesToday, 2],
      [refs.boxesToday, 3],
    ]);
  });

  it("lists departures past their time without a standing actual DEPA", async () => {
    const dashboard = await dashboardOf(lanzhou);
    expect(dashboard.missingDepa.map((row) => row.id)).toEqual([
      ids.lzGoneEstimated,
      ids.lzGoneCorrectedAway,
      ids.lzGone,
    ]);
  });

  it("shows Wuwei's staff only Wuwei, and Lanzhou's nothing of Wuwei", async () => {
    const dashboard = await dashboardOf(wuwei);
    expect(dashboard.holds.map((hold) => hold.reference)).toEqual([refs.wwHold]);
    expect(dashboard.documents.map((row) => row.reference)).toEqual([refs.wwConfirmed]);
    expect(dashboard.boxes.map((box) => box.booking.reference)).toEqual([refs.wwConfirmed]);
    expect(dashboard.missingDepa.map((row) => row.id)).toEqual([ids.wwGone]);
    expect(dashboard.today.map((row) => row.id)).toContain(ids.wwToday);
    for (const row of [...dashboard.today, ...dashboard.week]) expect(row.service.originCode).toBe("CN-WUW");

    const theirs = JSON.stringify(await dashboardOf(lanzhou));
    for (const value of [refs.wwHold, refs.wwConfirmed, ids.wwToday, ids.wwGone]) {
      expect(theirs).not.toContain(value);
    }
  });
});
