import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dcsaEventsForCompany } from "~/domain/api/company-events.server";
import { companyEvent, companyEventFeed } from "~/domain/api/event-feed.server";
import { parseEventQuery } from "~/domain/api/event-query";
import { deriveId } from "~/domain/operations/events";
import { complaints, tntEventValidator } from "../support/dcsa";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { BOXES, buildTntWorld, type TntWorld } from "../support/tnt-fixture";

const engine = process.env.TEST_DATABASE ?? "sqlite";
let test: TestDatabase;
let world: TntWorld;

type Event = Record<string, unknown>;

beforeAll(async () => {
  test = await createTestDatabase();
  // The routes reach the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  world = await buildTntWorld(test.db);
});

afterAll(async () => {
  await test?.drop();
});

/** The whole feed of a company through the domain function, following every page. */
async function feed(companyId: string, query = "", limit = 1000): Promise<Event[]> {
  const filters = parseEventQuery(new URLSearchParams(query)).filters;
  const out: Event[] = [];
  let position = null;
  for (;;) {
    const page = await companyEventFeed(test.db, companyId, filters, { limit, position });
    out.push(...page.events);
    if (!page.next) return out;
    position = page.next;
  }
}

const storedIdOf = (event: Event) => String(event.eventID);
const validate = tntEventValidator();

function expectValid(events: Event[]) {
  for (const event of events) expect(validate(event), `${JSON.stringify(event)} ${complaints(validate)}`).toBe(true);
}

describe(`partner API: the events a company sees (${engine})`, () => {
  it("maps stored events for one company: its own references only, one event per box of its own", async () => {
    const stored = await test.db.operationalEvent.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    const a = await dcsaEventsForCompany(test.db, world.companies.a, stored);
    const b = await dcsaEventsForCompany(test.db, world.companies.b, stored);
    expectValid([...a, ...b]);
    const textA = JSON.stringify(a);
    const textB = JSON.stringify(b);
    // Train 1 carries both companies' boxes: neither sees the other's booking or container.
    for (const foreign of [world.references.b1, ...BOXES.b1]) expect(textA).not.toContain(foreign);
    for (const foreign of [world.references.a1, world.references.a2, world.references.a3, ...BOXES.a1, ...BOXES.a2]) {
      expect(textB).not.toContain(foreign);
    }
    expect(textB).not.toContain(world.waybillA1);
    // A's departure names A1 (confirmed) and its waybill, not the cancelled A3.
    const departed = a.find((event) => event.eventID === world.events.departed)!;
    expect(departed.documentReferences).toEqual([
      { documentReferenceType: "BKG", documentReferenceValue: world.references.a1 },
      { documentReferenceType: "TRD", documentReferenceValue: world.waybillA1 },
    ]);
    expect(b.find((event) => event.eventID === world.events.departed)!.documentReferences).toEqual([
      { documentReferenceType: "BKG", documentReferenceValue: world.references.b1 },
    ]);
    // The train's discharge is one event per box, each company its own, with stable derived ids.
    const discharges = (events: Event[]) =>
      events
        .filter((event) => event.equipmentEventTypeCode === "DISC")
        .map((event) => [event.equipmentReference, event.eventID]);
    expect(discharges(a)).toEqual(BOXES.a1.map((box) => [box, deriveId(world.events.discharged!, box)]));
    expect(discharges(b)).toEqual(BOXES.b1.map((box) => [box, deriveId(world.events.discharged!, box)]));
    // Customs release of the train: one per booking of the company's.
    expect(a.filter((event) => event.shipmentEventTypeCode === "RELS").map((event) => event.documentID)).toEqual([
      world.references.a1,
    ]);
    // B has nothing on train 2; the forwarder C sees only the booking shared with its member.
    expect(b.some((event) => event.eventID === world.events.departedTwo)).toBe(false);
    const c = await dcsaEventsForCompany(test.db, world.companies.c, stored);
    expect(c.map((event) => event.eventID)).toEqual([world.events.departedTwo]);
    expect(JSON.stringify(c)).not.toContain(world.references.a1);
  });

  it("lists in the feed the same events, in created order, superseded ones included with the correction", async () => {
    const all = await feed(world.companies.a);
    expectValid(all);
    const created = all.map((event) => String(event.eventCreatedDateTime));
    expect([...created].sort()).toEqual(created);
    expect(all.map(storedIdOf)).toEqual(
      expect.arrayContaining([world.events.arrived, world.events.arrivedFixed, world.events.eta]),
    );
    const fixed = all.find((event) => event.eventID === world.events.arrivedFixed)!;
    expect(fixed.changeRemark).toContain(`supersedes ${world.events.arrived}`);
    // PLN/EST/ACT alike.
    expect(new Set(all.map((event) => event.eventClassifierCode))).toEqual(new Set(["ACT", "EST"]));
    // A: gate-in A1, departed, border, ETA, departed (train 2), arrived, its correction, discharge
    // (2 boxes), release, delivered. B: its gate-in and the train's seven, one box, one booking.
    expect(all).toHaveLength(11);
    expect(await feed(world.companies.b)).toHaveLength(8);
    expect(await feed(world.companies.c)).toHaveLength(1);
  });

  it("stops showing a shared booking's events once the share is revoked", async () => {
    await test.db.bookingShare.updateMany({ where: { bookingId: world.bookings.a2 }, data: { revokedAt: new Date() } });
    try {
      expect(await feed(world.companies.c)).toEqual([]);
      expect(await companyEvent(test.db, world.companies.c, world.events.departedTwo!)).toBeNull();
    } finally {
      await test.db.bookingShare.updateMany({ where: { bookingId: world.bookings.a2 }, data: { revokedAt: null } });
    }
  });
});
