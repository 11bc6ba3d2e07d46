import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "~/domain/identity/actor.server";
import { consignmentView } from "~/domain/tracking/consignment.server";
import { listTrackedConsignments } from "~/domain/tracking/track.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDemoTracking } from "../../seeds/demo-tracking";
import { seedDatabase } from "../../seeds/seed";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T06:00:00Z");
let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 3 });
  await seedDemoAccounts(test.db);
});

afterAll(async () => {
  await test?.drop();
});

describe(`the demo consignment under way (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("is made once, shared with the Duisburg partner, departed and across the first border", async () => {
    expect(await seedDemoTracking(test.db, NOW)).toBe(1);
    expect(await seedDemoTracking(test.db, NOW)).toBe(0);

    const partnerUser = await test.db.user.findUniqueOrThrow({
      where: { email: "partner@duisburg-logistics.example" },
    });
    const partner = await loadActor(test.db, partnerUser.id);
    const listed = await listTrackedConsignments(test.db, partner, { locale: "de", timeZone: "Europe/Berlin" });
    expect(listed).toHaveLength(1);
    const booking = await test.db.booking.findUniqueOrThrow({ where: { reference: listed[0]!.reference } });
    expect(booking.status).toBe("CONFIRMED");

    const view = await consignmentView(test.db, booking.id, { locale: "de", timeZone: "Europe/Berlin", now: NOW });
    expect(view.stops.map((stop) => [stop.code, Boolean(stop.planned), Boolean(stop.actual)])).toEqual([
      ["CNLAZ", true, true],
      ["CNAKL", true, true],
      ["BYBQT", true, false],
      ["DEDUI", true, false],
    ]);
    // Five hours behind plan at the gauge change, and on the way to Brest – Małaszewicze.
    expect(view.stops[1]!.delayMinutes).toBe(300);
    expect(view.position).toMatchObject({ state: "enRoute", from: 1 });
    expect(view.containers.map((box) => box.containerNumber).sort()).toEqual(["CSQU3054383", "MSKU1234565"]);
    expect(view.containers.every((box) => box.events.length > 0)).toBe(true);
  });
});
