import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dcsaEventsForCompany } from "~/domain/api/company-events.server";
import { companyEvent, companyEventFeed, eventsPage } from "~/domain/api/event-feed.server";
import { parseEventQuery } from "~/domain/api/event-query";
import { deriveId } from "~/domain/operations/events";
import { complaints, tntComponentValidator, tntEventValidator } from "../support/dcsa";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { BOXES, buildTntWorld, newKey, type TntWorld } from "../support/tnt-fixture";
import { sha256Hex } from "~/utils/hash.server";

const engine = process.env.TEST_DATABASE ?? "sqlite";
let test: TestDatabase;
let world: TntWorld;

type Event = Record<string, unknown>;
type Handler = (args: unknown) => Promise<Response>;
const route = async (file: string) =>
  (await import(`../../app/routes/${file}`)) as { loader: Handler; action: Handler };

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
    expect(new Set(all.map((event) => event.eventClassifierCode))).toEqual(new Set(["ACT", "EST", "PLN"]));
    // A: gate-in A1, departed, border, ETA, departed (train 2), arrived, its correction, discharge
    // (2 boxes), release, delivered, A1's planned calls, confirmation and waybill. B: its gate-in
    // and the train's seven, one box, one booking, its confirmation.
    expect(world.planned.length).toBeGreaterThanOrEqual(2);
    expect(all).toHaveLength(11 + world.planned.length + 2);
    expect(await feed(world.companies.b)).toHaveLength(9);
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

describe(`partner API: filters of GET /v2/events (${engine})`, () => {
  const ids = (events: Event[]) => events.map((event) => String(event.eventID)).sort();
  const disc = (box: string) => deriveId(world.events.discharged!, box);
  const released = () => deriveId(world.events.released!, world.references.a1);
  const trainOneTransport = () =>
    ["departed", "border", "eta", "arrived", "arrivedFixed"].map((name) => world.events[name]!);

  it("filters by event type and by each type code (combined with AND, as DCSA says)", async () => {
    const e = world.events;
    const cases: [string, string[]][] = [
      ["eventType=TRANSPORT", [...trainOneTransport(), e.departedTwo!, ...world.planned]],
      [
        "eventType=SHIPMENT,EQUIPMENT",
        [e.gateInA1!, ...BOXES.a1.map(disc), released(), e.delivered!, e.confirmedA1!, e.issuedA1!],
      ],
      ["shipmentEventTypeCode=RELS", [released()]],
      ["shipmentEventTypeCode=CONF,ISSU", [e.confirmedA1!, e.issuedA1!]],
      ["shipmentEventTypeCode=SURR", []],
      ["documentTypeCode=BKG", [e.confirmedA1!]],
      ["documentTypeCode=TRD,SHI", [e.issuedA1!]],
      ["documentTypeCode=CUS", [released()]],
      ["documentTypeCode=SHI,VGM", []],
      ["transportEventTypeCode=ARRI", [e.eta!, e.arrived!, e.arrivedFixed!, e.plannedArrival!]],
      ["equipmentEventTypeCode=GTIN,DROP", [e.gateInA1!, e.delivered!]],
      // Contradicting filters return nothing (DCSA's own example).
      ["shipmentEventTypeCode=RELS&equipmentEventTypeCode=GTIN", []],
      ["eventType=SHIPMENT&transportEventTypeCode=DEPA", []],
    ];
    for (const [query, expected] of cases) {
      const events = await feed(world.companies.a, query);
      expectValid(events);
      expect(ids(events), query).toEqual([...expected].sort());
    }
  });

  it("filters by booking, waybill and container — the company's own only", async () => {
    const e = world.events;
    const a1 = [
      ...[...trainOneTransport(), e.gateInA1!, ...BOXES.a1.map(disc), released(), e.delivered!],
      ...[...world.planned, e.confirmedA1!, e.issuedA1!],
    ];
    const cases: [string, string, string[]][] = [
      [world.companies.a, `carrierBookingReference=${world.references.a1}`, a1],
      [world.companies.a, `bookingReference=${world.references.a1}`, a1],
      [world.companies.a, `transportDocumentReference=${world.waybillA1}`, a1],
      [world.companies.a, `carrierBookingReference=${world.references.a2}`, [e.departedTwo!]],
      [
        world.companies.a,
        `equipmentReference=${BOXES.a1[0]}`,
        [...trainOneTransport(), ...world.planned, e.gateInA1!, disc(BOXES.a1[0]!)],
      ],
      [
        world.companies.a,
        `equipmentReference=${BOXES.a1[1]}`,
        [...trainOneTransport(), ...world.planned, disc(BOXES.a1[1]!), e.delivered!],
      ],
      [world.companies.c, `equipmentReference=${BOXES.a2[0]}`, [e.departedTwo!]],
      [
        world.companies.b,
        `carrierBookingReference=${world.references.b1}`,
        [
          e.gateInB1!,
          e.confirmedB1!,
          ...["departed", "border", "eta", "arrived", "arrivedFixed"].map((name) => e[name]!),
          deriveId(e.discharged!, BOXES.b1[0]!),
          deriveId(e.released!, world.references.b1),
        ],
      ],
      // Another company's booking, waybill or box: nothing, even on the same train.
      [world.companies.a, `carrierBookingReference=${world.references.b1}`, []],
      [world.companies.a, `equipmentReference=${BOXES.b1[0]}`, []],
      [world.companies.b, `transportDocumentReference=${world.waybillA1}`, []],
      [world.companies.b, `equipmentReference=${BOXES.a1[0]}`, []],
      [world.companies.c, `carrierBookingReference=${world.references.a1}`, []],
      [world.companies.a, "carrierBookingReference=SG-NONE-0000", []],
    ];
    for (const [companyId, query, expected] of cases) {
      expect(ids(await feed(companyId, query)), query).toEqual([...expected].sort());
    }
  });

  it("filters by place, transport call and service; vessels and voyages match nothing on rail", async () => {
    const e = world.events;
    const all = await feed(world.companies.a);
    // A1's planned calls follow its service's real route: those at a place, as the events say.
    const plannedAt = (code: string) =>
      all
        .filter((event) => world.planned.includes(String(event.eventID)))
        .filter((event) => (event.transportCall as { UNLocationCode?: string }).UNLocationCode === code)
        .map((event) => String(event.eventID));
    const atDuisburg = [e.eta!, e.arrived!, e.arrivedFixed!, ...BOXES.a1.map(disc), ...plannedAt("DEDUI")];
    expect(ids(await feed(world.companies.a, "UNLocationCode=DEDUI"))).toEqual(atDuisburg.sort());
    expect(ids(await feed(world.companies.a, `transportCallID=${world.trains.one}-DEDUI`))).toEqual(atDuisburg.sort());
    expect(ids(await feed(world.companies.a, "UNLocationCode=CNLAZ"))).toEqual(
      [e.gateInA1!, e.departed!, e.departedTwo!, ...plannedAt("CNLAZ")].sort(),
    );
    expect(await feed(world.companies.b, `transportCallID=${world.trains.two}-CNLAZ`)).toEqual([]);
    const code = String((all[0]!.transportCall as { carrierServiceCode: string }).carrierServiceCode);
    const onService = all.filter(
      (event) => (event.transportCall as { carrierServiceCode?: string } | undefined)?.carrierServiceCode === code,
    );
    expect(onService.length).toBeGreaterThan(0);
    expect(ids(await feed(world.companies.a, `carrierServiceCode=${code}`))).toEqual(ids(onService));
    expect(await feed(world.companies.a, "carrierServiceCode=ZZZZZ")).toEqual([]);
    expect(await feed(world.companies.a, "vesselIMONumber=9321483")).toEqual([]);
  });

  it("filters by eventCreatedDateTime with :gte, :gt, :lte, :lt, :eq and without an operator", async () => {
    const all = await feed(world.companies.a);
    const times = [...new Set(all.map((event) => Date.parse(String(event.eventCreatedDateTime))))].sort();
    const pivot = times[3]!;
    // As partners write it: with an offset.
    const local = `${new Date(pivot + 3_600_000).toISOString().slice(0, 19)}.${String(pivot % 1000).padStart(3, "0")}+01:00`;
    const created = (event: Event) => Date.parse(String(event.eventCreatedDateTime));
    const cases: [string, (t: number) => boolean][] = [
      ["gte", (t) => t >= pivot],
      ["gt", (t) => t > pivot],
      ["lte", (t) => t <= pivot],
      ["lt", (t) => t < pivot],
      ["eq", (t) => t === pivot],
    ];
    for (const [operator, keeps] of cases) {
      const query = `eventCreatedDateTime:${operator}=${encodeURIComponent(local)}`;
      const expected = all.filter((event) => keeps(created(event)));
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(await feed(world.companies.a, query)), query).toEqual(ids(expected));
    }
    const exact = all.filter((event) => created(event) === pivot);
    expect(ids(await feed(world.companies.a, `eventCreatedDateTime=${encodeURIComponent(local)}`))).toEqual(ids(exact));
    // A range, and the unencoded "+" of a query string typed by hand.
    const range = `eventCreatedDateTime:gt=${new Date(times[1]!).toISOString()}&eventCreatedDateTime:lt=${local.replace("+", " ")}`;
    expect(ids(await feed(world.companies.a, range))).toEqual(
      ids(all.filter((event) => created(event) > times[1]! && created(event) < pivot)),
    );
  });

  it("refuses unknown parameters and bad values with a 400 naming the parameter", () => {
    const bad: [string, string][] = [
      ["eventType=FOO", "eventType"],
      ["eventType=", "eventType"],
      ["eventType=TRANSPORT&eventType=SHIPMENT", "eventType"],
      ["shipmentEventTypeCode=XXXX", "shipmentEventTypeCode"],
      ["documentTypeCode=ABC", "documentTypeCode"],
      ["transportEventTypeCode=GTIN", "transportEventTypeCode"],
      ["equipmentEventTypeCode=DEPA", "equipmentEventTypeCode"],
      ["limit=0", "limit"],
      ["limit=1001", "limit"],
      ["limit=ten", "limit"],
      ["limit=-5", "limit"],
      ["eventCreatedDateTime:after=2026-01-01T00:00:00Z", "eventCreatedDateTime:after"],
      ["eventCreatedDateTime:gte=yesterday", "eventCreatedDateTime:gte"],
      ["eventCreatedDateTime=2026-01-01", "eventCreatedDateTime"],
      ["eventCreatedDateTime:gte=2026-02-30T00:00:00Z", "eventCreatedDateTime:gte"],
      ["UNLocationCode=dedui", "UNLocationCode"],
      [`equipmentReference=${"X".repeat(16)}`, "equipmentReference"],
      ["equipmentReference=AB%00CD", "equipmentReference"],
      [`carrierBookingReference=${"X".repeat(36)}`, "carrierBookingReference"],
      ["bookingReference=A&carrierBookingReference=A", "carrierBookingReference"],
      ["vesselIMONumber=12", "vesselIMONumber"],
      ["sort=eventDateTime", "sort"],
      ["colour=red", "colour"],
    ];
    for (const [query, name] of bad) {
      expect(() => parseEventQuery(new URLSearchParams(query)), query).toThrow(
        expect.objectContaining({ status: 400, reason: "invalidQuery", params: { name } }),
      );
    }
    expect(parseEventQuery(new URLSearchParams("limit=1000")).limit).toBe(1000);
    expect(parseEventQuery(new URLSearchParams("limit=1")).limit).toBe(1);
    expect(parseEventQuery(new URLSearchParams("")).limit).toBeNull();
  });
});

let lastRecordedAt = 0;

/**
 * A new event of train 1 recorded now (ten seconds ago, so that the feed lists it already), a
 * millisecond after the one before at least: events of one millisecond are listed by id, not in
 * the order they were recorded.
 */
async function recordNow(fields: { equipmentReference?: string; bookingId?: string } = {}) {
  const id = randomUUID();
  lastRecordedAt = Math.max(Date.now() - 10_000, lastRecordedAt + 1);
  const at = new Date(lastRecordedAt);
  await test.db.operationalEvent.create({
    data: {
      id,
      eventType: fields.equipmentReference ? "EQUIPMENT" : "TRANSPORT",
      classifier: "ACT",
      typeCode: fields.equipmentReference ? "DROP" : "DEPA",
      milestone: fields.equipmentReference ? "DELIVERED" : "BORDER_CROSSED",
      eventAt: at,
      createdAt: at,
      placeCode: fields.equipmentReference ? "DEDUI" : "PLMLW",
      facilityType: fields.equipmentReference ? "RAMP" : "BOCR",
      departureId: world.trains.one,
      bookingId: fields.bookingId ?? null,
      equipmentReference: fields.equipmentReference ?? null,
      isoEquipmentCode: fields.equipmentReference ? "45G1" : null,
      emptyIndicator: fields.equipmentReference ? "LADEN" : null,
    },
  });
  return id;
}

const cursorOf = (link: string | null | undefined) => new URL(link!).searchParams.get("cursor")!;

describe(`partner API: paging with a signed cursor (${engine})`, () => {
  it("pages through everything once, in order, while events are recorded between the pages", async () => {
    const before = await feed(world.companies.a);
    const pages: Event[][] = [];
    const added: string[] = [];
    let page = await eventsPage(test.db, world.companies.a, new URLSearchParams("limit=2"));
    for (let round = 0; ; round += 1) {
      pages.push(page.events);
      expect(page.events.length).toBeLessThanOrEqual(2);
      expect(page.headers["Current-Page"]).toContain("/v2/events?cursor=");
      if (!page.headers["Next-Page"]) break;
      // Others record events meanwhile: the train's, one of A's boxes, one of B's.
      if (round < 3) {
        added.push(await recordNow());
        added.push(await recordNow({ equipmentReference: BOXES.a1[0], bookingId: world.bookings.a1 }));
        await recordNow({ equipmentReference: BOXES.b1[0], bookingId: world.bookings.b1 });
      }
      const next = cursorOf(page.headers["Next-Page"]);
      page = await eventsPage(test.db, world.companies.a, new URLSearchParams({ cursor: next }));
      expect(page.headers["First-Page"]).toBeDefined();
    }
    const seen = pages.flat();
    expectValid(seen);
    const seenIds = seen.map((event) => String(event.eventID));
    expect(new Set(seenIds).size).toBe(seenIds.length);
    // Everything there was, in the same order, then what was recorded meanwhile — nothing of B's.
    expect(seenIds).toEqual([...before.map((event) => String(event.eventID)), ...added]);
  });

  it("keeps the filters and the page size in the cursor, and refuses it with other filters", async () => {
    const query = new URLSearchParams(`eventType=TRANSPORT&limit=2`);
    const first = await eventsPage(test.db, world.companies.a, query);
    const all = await feed(world.companies.a, "eventType=TRANSPORT");
    expect(first.events).toEqual(all.slice(0, 2));
    const cursor = cursorOf(first.headers["Next-Page"]);
    const second = await eventsPage(test.db, world.companies.a, new URLSearchParams({ cursor }));
    expect(second.events).toEqual(all.slice(2, 4));
    // The same filters may come along, and another page size.
    const wider = await eventsPage(
      test.db,
      world.companies.a,
      new URLSearchParams({ cursor, eventType: "TRANSPORT", limit: "3" }),
    );
    expect(wider.events).toEqual(all.slice(2, 5));
    await expect(
      eventsPage(test.db, world.companies.a, new URLSearchParams({ cursor, eventType: "EQUIPMENT" })),
    ).rejects.toMatchObject({ status: 400, reason: "invalidCursor", params: { name: "cursor" } });
  });

  it("refuses a cursor replayed by another company's key, or edited, and never shows the first company's events", async () => {
    const first = await eventsPage(test.db, world.companies.a, new URLSearchParams("limit=1"));
    const cursor = cursorOf(first.headers["Next-Page"]);
    for (const companyId of [world.companies.b, world.companies.c]) {
      await expect(eventsPage(test.db, companyId, new URLSearchParams({ cursor }))).rejects.toMatchObject({
        status: 400,
        reason: "invalidCursor",
      });
    }
    const [payload, signature] = cursor.split(".");
    const decoded = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as { q: string };
    const edited = Buffer.from(JSON.stringify({ ...decoded, q: "eventType=SHIPMENT" })).toString("base64url");
    for (const forged of [
      `${edited}.${signature}`,
      `${payload}.${signature!.slice(0, -2)}AA`,
      payload!,
      "garbage",
      `${cursor}.x`,
    ]) {
      await expect(
        eventsPage(test.db, world.companies.a, new URLSearchParams({ cursor: forged })),
      ).rejects.toMatchObject({ status: 400, reason: "invalidCursor" });
    }
  });
});

describe(`partner API over HTTP: /v2/events and /v2/events/{eventID} (${engine})`, () => {
  const get = async (path: string, key: string | null, headers: Record<string, string> = {}) => {
    const url = new URL(`http://localhost${path}`);
    const file = url.pathname === "/v2/events" ? "v2.events.ts" : "v2.events.$eventID.ts";
    const { loader } = await route(file);
    const request = new Request(url, {
      headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers },
    });
    const response = await loader({ request, params: { eventID: url.pathname.split("/")[3] }, context: {} });
    return { response, body: (await response.json()) as unknown };
  };
  const validateError = tntComponentValidator("error");

  it("answers the company's events with DCSA's headers and follows Next-Page to the end", async () => {
    const all = await feed(world.companies.a);
    const seen: Event[] = [];
    let path: string | null = "/v2/events?limit=3";
    while (path) {
      const { response, body } = await get(path, world.keys.a, { "API-Version": "2" });
      expect(response.status).toBe(200);
      expect(response.headers.get("API-Version")).toBe("2.2.0");
      expect(response.headers.get("Current-Page")).toBeTruthy();
      seen.push(...(body as Event[]));
      const next = response.headers.get("Next-Page");
      path = next ? `/v2/events?cursor=${encodeURIComponent(cursorOf(next))}` : null;
    }
    expectValid(seen);
    expect(seen).toEqual(all);
  });

  it("gives one event to the company that may see it and the same 404 to everyone else", async () => {
    const own = await get(`/v2/events/${world.events.gateInA1}`, world.keys.a);
    expect(own.response.status).toBe(200);
    expectValid([own.body as Event]);
    expect(own.body).toMatchObject({ eventID: world.events.gateInA1, equipmentReference: BOXES.a1[0] });
    const box = deriveId(world.events.discharged!, BOXES.a1[1]!);
    expect((await get(`/v2/events/${box}`, world.keys.a)).body).toMatchObject({
      eventID: box,
      equipmentReference: BOXES.a1[1],
    });
    const otherBox = deriveId(world.events.discharged!, BOXES.b1[0]!);
    expect((await get(`/v2/events/${otherBox}`, world.keys.b)).response.status).toBe(200);
    const refusals = [
      [`/v2/events/${world.events.gateInA1}`, world.keys.b],
      [`/v2/events/${box}`, world.keys.b],
      [`/v2/events/${box}`, world.keys.c],
      [`/v2/events/${otherBox}`, world.keys.a],
      [`/v2/events/${world.events.gateInB1}`, world.keys.a],
      // The stored id of an event of the whole train's boxes names none of them.
      [`/v2/events/${world.events.discharged}`, world.keys.a],
      [`/v2/events/${randomUUID()}`, world.keys.a],
      ["/v2/events/not-a-uuid", world.keys.a],
    ] as const;
    for (const [path, key] of refusals) {
      const { response, body } = await get(path, key);
      expect(response.status, path).toBe(404);
      expect(validateError(body), complaints(validateError)).toBe(true);
      expect(body).toMatchObject({ statusCode: 404, errors: [{ reason: "notFound" }] });
    }
    // The forwarder sees the shared booking's departure.
    expect((await get(`/v2/events/${world.events.departedTwo}`, world.keys.c)).response.status).toBe(200);
  });

  it("refuses with DCSA error bodies: 400, 401, 403, 405, wrong API-Version", async () => {
    const cases: [string, string | null, Record<string, string>, number, string][] = [
      ["/v2/events?limit=0", world.keys.a, {}, 400, "invalidQuery"],
      ["/v2/events?colour=red", world.keys.a, {}, 400, "invalidQuery"],
      ["/v2/events?cursor=nonsense", world.keys.a, {}, 400, "invalidCursor"],
      ["/v2/events", null, {}, 401, "apiKeyInvalid"],
      ["/v2/events", newKey(), {}, 401, "apiKeyInvalid"],
      ["/v2/events", world.keys.noScope, {}, 403, "apiKeyScope"],
      [`/v2/events/${world.events.gateInA1}`, world.keys.noScope, {}, 403, "apiKeyScope"],
      ["/v2/events", world.keys.a, { "API-Version": "3" }, 400, "unsupportedApiVersion"],
    ];
    for (const [path, key, headers, status, reason] of cases) {
      const { response, body } = await get(path, key, headers);
      expect(response.status, path).toBe(status);
      expect(response.headers.get("API-Version")).toBe("2.2.0");
      expect(validateError(body), complaints(validateError)).toBe(true);
      expect(body).toMatchObject({ statusCode: status, errors: [{ reason }] });
    }
    const { body } = await get("/v2/events?limit=0", world.keys.a, { "Accept-Language": "de" });
    expect(JSON.stringify(body)).toContain("limit");
    const { action } = await route("v2.events.ts");
    const posted = await action({ request: new Request("http://localhost/v2/events", { method: "POST" }), params: {} });
    expect(posted.status).toBe(405);
  });

  it("limits each key's calls (429) without touching another key's", async () => {
    const key = newKey();
    await test.db.apiKey.create({
      data: {
        companyId: world.companies.a,
        name: "burst",
        prefix: key.slice(0, 12),
        secretHash: sha256Hex(key),
        scopes: JSON.stringify(["events:read"]),
        createdById: world.partnerId,
      },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 120; i += 1) statuses.push((await get(`/v2/events/${randomUUID()}`, key)).response.status);
    expect(new Set(statuses)).toEqual(new Set([404]));
    const { response, body } = await get("/v2/events", key);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBeTruthy();
    expect(validateError(body), complaints(validateError)).toBe(true);
    expect((await get("/v2/events?limit=1", world.keys.a)).response.status).toBe(200);
  });
});
