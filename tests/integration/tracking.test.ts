import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { createSession } from "~/domain/identity/session.server";
import { recordOperationalEvent } from "~/domain/operations/events.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { consignmentView, findTrackedBooking } from "~/domain/tracking/consignment.server";
import { createShareLink, listShareLinks, openShareLink, revokeShareLink } from "~/domain/tracking/share-links.server";
import { setBookingShares } from "~/domain/tracking/shares.server";
import { listTrackedConsignments } from "~/domain/tracking/track.server";
import { sha256Hex } from "~/utils/hash.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { submitDemoInstructions } from "../support/waybill";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const engine = process.env.TEST_DATABASE ?? "sqlite";
let test: TestDatabase;
let booker: Actor;
let viewer: Actor;
let anna: Actor;
let otherPartner: Actor;
let wuweiAdmin: Actor;
let lanzhouStaff: Actor;
/** Lanzhou's booking shared with Anna, with PLN, ACT and EST events; and one not shared with her. */
let shared: { reference: string; id: string; departureId: string; departureAt: Date };
let unshared: string;
/** A confirmed booking of Wuwei's, with a container number of its own. */
const WUWEI_BOX = "MSCU6639871";
let wuweiBooking: string;

const actorOf = async (email: string) =>
  loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);

async function confirmedBooking(departureId: string): Promise<string> {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  await confirmOnAccount(test.db, booker, reference!, "de", later(1));
  await submitDemoInstructions(test.db, booker, reference!, later(2));
  return reference!;
}

/** An event row as the lead's PLN writer and the delay's EST writer store them. */
function eventRow(fields: {
  classifier: string;
  milestone: string;
  typeCode: string;
  placeCode: string;
  eventAt: Date;
  bookingId?: string | null;
  equipmentReference?: string | null;
  eventType?: string;
  supersedesId?: string | null;
}) {
  return {
    id: randomUUID(),
    eventType: fields.eventType ?? "TRANSPORT",
    classifier: fields.classifier,
    typeCode: fields.typeCode,
    milestone: fields.milestone,
    eventAt: fields.eventAt,
    createdAt: later(5),
    placeCode: fields.placeCode,
    facilityType: fields.milestone === "BORDER_CROSSED" ? "BOCR" : "RAMP",
    departureId: shared.departureId,
    bookingId: fields.bookingId ?? null,
    equipmentReference: fields.equipmentReference ?? null,
    supersedesId: fields.supersedesId ?? null,
  };
}

const hours = (date: Date, count: number) => new Date(date.getTime() + count * 3_600_000);

beforeAll(async () => {
  test = await createTestDatabase();
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  booker = await actorOf("booker@lanzhou-silkroad.example");
  anna = await actorOf("partner@duisburg-logistics.example");
  wuweiAdmin = await actorOf("admin@wuwei-agri.example");
  lanzhouStaff = await actorOf("staff.lanzhou@silu-gateway.example");
  const lanzhouId = booker.memberships[0]!.companyId;
  const other = await test.db.user.create({
    data: {
      email: "jan@warsaw-forwarding.example",
      name: "Jan",
      passwordHash: "scrypt$unused",
      kind: "PARTNER",
      locale: "pl",
      timeZone: "Europe/Warsaw",
      partnerLinks: { create: { companyId: lanzhouId } },
    },
  });
  otherPartner = await loadActor(test.db, other.id);
  const viewerUser = await test.db.user.create({
    data: {
      email: "viewer@lanzhou-silkroad.example",
      name: "Viewer",
      passwordHash: "scrypt$unused",
      kind: "EXPORTER",
      memberships: { create: { companyId: lanzhouId, role: "VIEWER" } },
    },
  });
  viewer = await loadActor(test.db, viewerUser.id);
  const [first, second] = await test.db.departure.findMany({
    where: {
      status: "OPEN",
      service: { code: "LAZ-DUI-AKL" },
      capacities: { some: { equipmentCode: "45G1", available: { gte: 4 } } },
      cargoCutoffAt: { gt: new Date(NOW.getTime() + 3 * 86_400_000) },
    },
    orderBy: { departureAt: "asc" },
    take: 2,
  });
  const reference = await confirmedBooking(first!.id);
  const booking = await test.db.booking.findUniqueOrThrow({ where: { reference } });
  shared = { reference, id: booking.id, departureId: first!.id, departureAt: first!.departureAt };
  await setBookingShares(test.db, { actor: booker, reference, partnerIds: [anna.userId], meta });
  unshared = await confirmedBooking(second!.id);

  const wuwei = await test.db.company.findUniqueOrThrow({ where: { creditCode: "91620500224460002G" } });
  const made = await test.db.booking.create({
    data: {
      reference: "SG-WUWE-0001",
      companyId: wuwei.id,
      departureId: second!.id,
      createdById: wuweiAdmin.userId,
      status: "CONFIRMED",
      currency: "USD",
      totalMinor: 100_000,
      priceLines: "[]",
      details: "{}",
      equipment: { create: { isoSizeType: "45G1", sequence: 1, containerNumber: WUWEI_BOX } },
    },
  });
  wuweiBooking = made.reference;

  // The plan is written at confirmation (PLN, per booking); a delay's estimate is departure-wide.
  const at = shared.departureAt;
  await test.db.operationalEvent.createMany({
    data: [
      // A delay's estimate of the arrival, departure-wide: 10 hours late.
      eventRow({
        classifier: "EST",
        milestone: "ARRIVED",
        typeCode: "ARRI",
        placeCode: "DEDUI",
        eventAt: hours(at, 370),
      }),
      // The unshared booking's own box event on the same departure never shows on the shared one.
      eventRow({
        classifier: "ACT",
        milestone: "GATE_IN",
        typeCode: "GTIN",
        eventType: "EQUIPMENT",
        placeCode: "CNLAZ",
        eventAt: hours(at, -20),
        bookingId: (await test.db.booking.findUniqueOrThrow({ where: { reference: unshared } })).id,
        equipmentReference: "HLXU2008419",
      }),
      eventRow({
        classifier: "ACT",
        milestone: "GATE_IN",
        typeCode: "GTIN",
        eventType: "EQUIPMENT",
        placeCode: "CNLAZ",
        eventAt: hours(at, -24),
        bookingId: shared.id,
        equipmentReference: "CSQU3054383",
      }),
    ],
  });
  // What staff record at the terminal: left 30 minutes late, crossed Alashankou 3 hours late.
  const local = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16); // Asia/Shanghai, no DST
  await recordOperationalEvent(
    test.db,
    lanzhouStaff,
    { departureId: shared.departureId, milestone: "DEPARTED", placeCode: "CNLAZ", localTime: local(hours(at, 0.5)) },
    hours(at, 1),
  );
  await recordOperationalEvent(
    test.db,
    lanzhouStaff,
    {
      departureId: shared.departureId,
      milestone: "BORDER_CROSSED",
      placeCode: "CNAKL",
      localTime: local(hours(at, 63)),
    },
    hours(at, 64),
  );
});

afterAll(async () => {
  await test?.drop();
});

describe(`tracking consignments (${engine})`, () => {
  it("lists the exporter's confirmed bookings and only what was shared with a partner; other companies see none", async () => {
    const refs = async (actor: Actor, query?: string) =>
      (await listTrackedConsignments(test.db, actor, { locale: "en", timeZone: "UTC", query })).map(
        (row) => row.reference,
      );
    expect((await refs(booker)).sort()).toEqual([shared.reference, unshared].sort());
    expect(await refs(anna)).toEqual([shared.reference]);
    expect(await refs(otherPartner)).toEqual([]);
    expect(await refs(wuweiAdmin)).toEqual([wuweiBooking]);

    // Search by booking reference and by container number, within what the viewer may see only.
    expect(await refs(anna, shared.reference)).toEqual([shared.reference]);
    expect(await refs(anna, unshared)).toEqual([]);
    // The demo instructions give both Lanzhou bookings the same boxes: Anna finds only hers.
    expect(await refs(anna, "CSQU3054383")).toEqual([shared.reference]);
    expect((await refs(booker, "CSQU3054383")).sort()).toEqual([shared.reference, unshared].sort());
    // Another company's container is not found, by anyone but its company.
    for (const outsider of [anna, booker, otherPartner]) expect(await refs(outsider, WUWEI_BOX)).toEqual([]);
    expect(await refs(wuweiAdmin, WUWEI_BOX)).toEqual([wuweiBooking]);
    expect(await refs(wuweiAdmin, "CSQU3054383")).toEqual([]);
  });

  it("opens one consignment for its exporter and the partner it is shared with; anyone else gets 404", async () => {
    for (const actor of [booker, viewer, anna]) {
      expect(await findTrackedBooking(test.db, actor, shared.reference)).toMatchObject({ reference: shared.reference });
    }
    for (const actor of [otherPartner, wuweiAdmin, lanzhouStaff]) {
      await expect(findTrackedBooking(test.db, actor, shared.reference)).rejects.toMatchObject({ status: 404 });
    }
    await expect(findTrackedBooking(test.db, anna, unshared)).rejects.toMatchObject({ status: 404 });
    await expect(findTrackedBooking(test.db, booker, wuweiBooking)).rejects.toMatchObject({ status: 404 });
    // An exporter's booking that is not confirmed is nothing to track yet.
    const [draft] = await createReviewedDrafts(test.db, {
      companyId: booker.memberships[0]!.companyId,
      userId: booker.userId,
      departureId: shared.departureId,
      count: 1,
      containers: [{ equipmentCode: "45G1", quantity: 1 }],
    });
    await expect(findTrackedBooking(test.db, booker, draft!)).rejects.toMatchObject({ status: 404 });
  });

  it("shows planned, estimated and actual times per route place in the place's and the viewer's zone, delays and the boxes", async () => {
    // The plan came from the confirmation: one call per route place, written for this booking.
    expect(await test.db.operationalEvent.count({ where: { bookingId: shared.id, classifier: "PLN" } })).toBe(4);
    const view = await consignmentView(test.db, shared.id, {
      locale: "de",
      timeZone: "Europe/Berlin",
      now: hours(shared.departureAt, 63 + 114),
    });
    expect(view.stops.map((stop) => [stop.code, stop.milestone])).toEqual([
      ["CNLAZ", "DEPARTED"],
      ["CNAKL", "BORDER_CROSSED"],
      ["BYBQT", "BORDER_CROSSED"],
      ["DEDUI", "ARRIVED"],
    ]);
    const [lanzhou, alashankou, brest, duisburg] = view.stops;
    expect(lanzhou).toMatchObject({ delayMinutes: 30 });
    expect(alashankou).toMatchObject({ delayMinutes: 180, gaugeChange: "1435>1520", isBorder: true });
    expect(alashankou!.delay).toBe("3 Stunden");
    expect(alashankou!.actual!.local).toMatch(/GMT\+8/);
    expect(alashankou!.actual!.viewer).toMatch(/GMT\+1/);
    expect(brest).toMatchObject({ actual: null, estimated: null, delayMinutes: null });
    expect(brest!.name).toBe("Brest – Małaszewicze");
    expect(brest!.planned!.local).toMatch(/GMT\+3/);
    expect(duisburg).toMatchObject({ delayMinutes: 600 });
    expect(view.eta.kind).toBe("estimated");
    expect(view.eta.local).toBe(duisburg!.estimated!.local);
    // Halfway between Alashankou and Brest by the time since it crossed (114 of 228 planned hours).
    expect(view.position).toMatchObject({ state: "enRoute", from: 1, fraction: 0.5, toName: "Brest – Małaszewicze" });
    expect(view.map.marker).not.toBeNull();
    // Follow the box: its own gate-in, not the other booking's.
    expect(view.containers.map((box) => [box.containerNumber, box.events.map((event) => event.milestone)])).toEqual([
      ["CSQU3054383", ["GATE_IN"]],
      ["TEXU3070079", []],
    ]);
    expect(JSON.stringify(view)).not.toMatch(/Minor|price|address|Duisburg Foods|Hafenstra/i);
  });

  it("applies a correction of an actual event and shows the corrected time only", async () => {
    const wrong = await test.db.operationalEvent.findFirstOrThrow({
      where: { departureId: shared.departureId, classifier: "ACT", milestone: "BORDER_CROSSED" },
    });
    const local = new Date(hours(shared.departureAt, 61).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
    await recordOperationalEvent(
      test.db,
      lanzhouStaff,
      {
        departureId: shared.departureId,
        milestone: "BORDER_CROSSED",
        placeCode: "CNAKL",
        localTime: local,
        supersedesId: wrong.id,
      },
      hours(shared.departureAt, 70),
    );
    const view = await consignmentView(test.db, shared.id, { locale: "en", timeZone: "UTC" });
    expect(view.stops[1]).toMatchObject({ delayMinutes: 60, delay: "1 hour" });
  });

  it("gives the signed-in page to the partner through the route, and 404 to another partner", async () => {
    const { loader } = await import("../../app/routes/$lang.track_.$reference");
    const call = async (actor: Actor) => {
      const cookie = await createSession(test.db, actor.userId, meta);
      return loader({
        request: new Request(`http://localhost/de/track/${shared.reference}`, {
          headers: { Cookie: cookie.split(";")[0]! },
        }),
        params: { lang: "de", reference: shared.reference },
        context: {},
      }).then(
        (page) => ({ status: 200, page }),
        (thrown: { init?: { status?: number } }) => ({ status: thrown.init?.status ?? 500, page: null }),
      );
    };
    const seen = await call(anna);
    expect(seen.status).toBe(200);
    expect(seen.page).toMatchObject({ title: `Sendung ${shared.reference}`, canShareLinks: false });
    expect((await call(otherPartner)).status).toBe(404);
    expect((await call(wuweiAdmin)).status).toBe(404);
  });
});

describe(`share links (${engine})`, () => {
  type Page = { data: Record<string, unknown>; init: { status?: number; headers?: Record<string, string> } | null };
  const open = async (token: string, lang = "ar", ipAddress = "198.51.100.7") => {
    const { loader } = await import("../../app/routes/$lang.t.$token");
    const page = (await loader({
      request: new Request(`http://localhost/${lang}/t/${token}`),
      params: { lang, token },
      context: { ipAddress },
    })) as unknown as Page;
    return { status: page.init?.status ?? 200, headers: page.init?.headers ?? {}, data: page.data };
  };

  it("is made by who may change the booking, shown once, stored hashed, audited; a viewer and outsiders cannot", async () => {
    const created = await createShareLink(test.db, {
      actor: booker,
      reference: shared.reference,
      days: 30,
      locale: "ar",
      meta,
      now: NOW,
    });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.expiresAt).toEqual(new Date(NOW.getTime() + 30 * 86_400_000));
    const row = await test.db.trackingShareLink.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(sha256Hex(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "trackingLink.created", entityId: created.id },
    });
    expect(audit.after).not.toContain(created.token);
    expect(JSON.parse(audit.after!)).toMatchObject({ reference: shared.reference, locale: "ar" });

    await expect(
      createShareLink(test.db, { actor: viewer, reference: shared.reference, days: 7, locale: "en" }),
    ).rejects.toMatchObject({ status: 403 });
    for (const outsider of [anna, wuweiAdmin, lanzhouStaff]) {
      await expect(
        createShareLink(test.db, { actor: outsider, reference: shared.reference, days: 7, locale: "en" }),
      ).rejects.toMatchObject({ status: 404 });
      await expect(listShareLinks(test.db, outsider, shared.reference)).rejects.toMatchObject({ status: 404 });
    }
    const listed = await listShareLinks(test.db, viewer, shared.reference, NOW);
    expect(listed).toMatchObject({ canManage: false, trackable: true });
    expect(listed.links.map((link) => [link.hint, link.state])).toEqual([[created.token.slice(0, 4), "ACTIVE"]]);
  });

  it("opens the tracking read-only with noindex and no referrer, and nothing private", async () => {
    const { token } = await createShareLink(test.db, {
      actor: booker,
      reference: shared.reference,
      days: 7,
      locale: "ar",
      meta,
    });
    const page = await open(token);
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({ "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer" });
    expect(page.data).toMatchObject({ state: "OPEN" });
    const view = (page.data as { view: { reference: string; viewerZone: string; stops: unknown[] } }).view;
    expect(view.reference).toBe(shared.reference);
    // An anonymous reader's times are the destination's.
    expect(view.viewerZone).toBe("Europe/Berlin");
    const text = JSON.stringify(page.data);
    for (const secret of [
      "Minor",
      "price",
      "USD",
      "address",
      "Duisburg Foods",
      "Hafenstra",
      "兰州丝路",
      "Lanzhou Silk Road",
      "Anna",
      "partner@",
      "booker@",
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("answers 410 once expired or revoked, 404 to an unknown token — never the data", async () => {
    const expiring = await createShareLink(test.db, {
      actor: booker,
      reference: shared.reference,
      days: 7,
      locale: "de",
      meta,
    });
    expect((await open(expiring.token, "de")).status).toBe(200);
    expect(
      await openShareLink(test.db, { token: expiring.token, ipAddress: "192.0.2.1", now: later(8 * 24 * 60) }),
    ).toEqual({ state: "GONE" });
    await test.db.trackingShareLink.update({
      where: { id: expiring.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await open(expiring.token, "de");
    expect(expired).toMatchObject({
      status: 410,
      data: { state: "GONE", title: "Dieser Tracking-Link ist nicht mehr gültig" },
    });
    expect(expired.data).not.toHaveProperty("view");

    const revoked = await createShareLink(test.db, {
      actor: booker,
      reference: shared.reference,
      days: 90,
      locale: "en",
      meta,
    });
    await expect(
      revokeShareLink(test.db, { actor: viewer, reference: shared.reference, linkId: revoked.id }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      revokeShareLink(test.db, { actor: wuweiAdmin, reference: shared.reference, linkId: revoked.id }),
    ).rejects.toMatchObject({ status: 404 });
    // A link of another booking is not this booking's to revoke.
    await expect(
      revokeShareLink(test.db, { actor: booker, reference: unshared, linkId: revoked.id }),
    ).rejects.toMatchObject({ status: 404 });
    await revokeShareLink(test.db, { actor: booker, reference: shared.reference, linkId: revoked.id, meta });
    await revokeShareLink(test.db, { actor: booker, reference: shared.reference, linkId: revoked.id, meta });
    expect(await test.db.auditEvent.count({ where: { action: "trackingLink.revoked", entityId: revoked.id } })).toBe(1);
    expect(await open(revoked.token, "en")).toMatchObject({ status: 410, data: { state: "GONE" } });
    const states = (await listShareLinks(test.db, booker, shared.reference)).links;
    expect(states.find((link) => link.id === revoked.id)?.state).toBe("REVOKED");
    expect(states.find((link) => link.id === expiring.id)?.state).toBe("EXPIRED");

    const unknown = await open("A".repeat(32), "en");
    expect(unknown).toMatchObject({ status: 404, data: { state: "UNKNOWN" } });
    expect(unknown.headers).toMatchObject({ "X-Robots-Tag": "noindex, nofollow" });
  });

  it("limits requests per address and per link with the shared limiter", async () => {
    const { token } = await createShareLink(test.db, {
      actor: booker,
      reference: shared.reference,
      days: 7,
      locale: "en",
      meta,
    });
    const limits = { perIp: 3, perLink: 5, windowMs: 60_000 };
    const from = (ipAddress: string) => openShareLink(test.db, { token, ipAddress, now: later(60), limits });
    for (let index = 0; index < 3; index += 1) expect((await from("203.0.113.9")).state).toBe("OPEN");
    expect(await from("203.0.113.9")).toMatchObject({ state: "LIMITED", retryAt: later(61) });
    // Guessing from one address is refused before any lookup, whatever the token.
    expect(
      await openShareLink(test.db, { token: "B".repeat(32), ipAddress: "203.0.113.9", now: later(60), limits }),
    ).toMatchObject({
      state: "LIMITED",
    });
    // The link itself: 5 requests a minute, from any addresses.
    expect((await from("203.0.113.10")).state).toBe("OPEN");
    expect((await from("203.0.113.11")).state).toBe("OPEN");
    expect(await from("203.0.113.12")).toMatchObject({ state: "LIMITED" });
    // A minute later it opens again.
    expect((await openShareLink(test.db, { token, ipAddress: "203.0.113.12", now: later(62), limits })).state).toBe(
      "OPEN",
    );
    // Through the route, the refusal is a 429 page with Retry-After.
    for (let index = 0; index < 60; index += 1) await open(token, "en", "203.0.113.99");
    const limited = await open(token, "en", "203.0.113.99");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["Retry-After"])).toBeGreaterThan(0);
    expect(limited.data).not.toHaveProperty("view");
  });

  it("refuses links for a booking that is not confirmed, and closes them when the booking is cancelled", async () => {
    const { token } = await createShareLink(test.db, {
      actor: booker,
      reference: unshared,
      days: 7,
      locale: "en",
      meta,
    });
    await test.db.booking.update({ where: { reference: unshared }, data: { status: "CANCELLED" } });
    expect((await openShareLink(test.db, { token, ipAddress: "192.0.2.50" })).state).toBe("GONE");
    await expect(
      createShareLink(test.db, { actor: booker, reference: unshared, days: 7, locale: "en" }),
    ).rejects.toMatchObject({ code: "bookingNotConfirmed", status: 409 });
  });
});
