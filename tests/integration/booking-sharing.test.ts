import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { sendBookingNotifications } from "~/domain/booking/notifications.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { createSession } from "~/domain/identity/session.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { findSharedBooking, listBookingPartners, setBookingShares } from "~/domain/tracking/shares.server";
import { listTrackedConsignments } from "~/domain/tracking/track.server";
import { amendWaybill } from "~/domain/waybill/amend-waybill.server";
import { approveWaybillDraft, submitWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { issueWaybill } from "~/domain/waybill/issue-waybill.server";
import { findWaybillVersion } from "~/domain/waybill/read-waybill.server";
import { requestWaybillChanges } from "~/domain/waybill/review-waybill.server";
import { formatLocalDateTime } from "~/i18n/format";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { submitDemoInstructions } from "../support/waybill";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const engine = process.env.TEST_DATABASE ?? "sqlite";
const BOOKER = "booker@lanzhou-silkroad.example";
const ANNA = "partner@duisburg-logistics.example";
let test: TestDatabase;
let booker: Actor;
let lanzhouStaff: Actor;
let wuweiAdmin: Actor;
/** Lanzhou's partner in Duisburg (German, Berlin time), from the demo accounts. */
let anna: Actor;
/** Another partner of Lanzhou's, never shared with. */
let otherPartner: Actor;
/** A partner of Wuwei's, not of Lanzhou's. */
let wuweiPartner: Actor;
let viewer: Actor;
let departures: string[];
let made = 0;

const actorOf = async (email: string) =>
  loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);

async function partnerOf(email: string, creditCode: string, locale: string): Promise<Actor> {
  const company = await test.db.company.findUniqueOrThrow({ where: { creditCode } });
  const user = await test.db.user.create({
    data: {
      email,
      name: email.split("@")[0]!,
      passwordHash: "scrypt$unused",
      kind: "PARTNER",
      locale,
      timeZone: "Europe/Warsaw",
      partnerLinks: { create: { companyId: company.id } },
    },
  });
  return loadActor(test.db, user.id);
}

/** A confirmed Lanzhou booking with its shipping instructions, on its own departure. */
async function confirmedBooking(): Promise<string> {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId: departures[(made += 1) % departures.length]!,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  await confirmOnAccount(test.db, booker, reference!, "de", later(1));
  await submitDemoInstructions(test.db, booker, reference!, later(2));
  return reference!;
}

const share = (reference: string, partners: Actor[], actor = booker) =>
  setBookingShares(test.db, { actor, reference, partnerIds: partners.map((partner) => partner.userId), meta });

const mailsTo = (email: string) =>
  test.db.outboxMessage.findMany({
    where: { to: email, template: { startsWith: "waybill." } },
    orderBy: { createdAt: "asc" },
  });

beforeAll(async () => {
  test = await createTestDatabase();
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  booker = await actorOf(BOOKER);
  lanzhouStaff = await actorOf("staff.lanzhou@silu-gateway.example");
  wuweiAdmin = await actorOf("admin@wuwei-agri.example");
  anna = await actorOf(ANNA);
  otherPartner = await partnerOf("jan@warsaw-forwarding.example", "91620100MA72X4K3QK", "pl");
  wuweiPartner = await partnerOf("olga@almaty-trade.example", "91620500224460002G", "ru");
  const viewerUser = await test.db.user.create({
    data: {
      email: "viewer@lanzhou-silkroad.example",
      name: "Viewer",
      passwordHash: "scrypt$unused",
      kind: "EXPORTER",
      memberships: { create: { companyId: booker.memberships[0]!.companyId, role: "VIEWER" } },
    },
  });
  viewer = await loadActor(test.db, viewerUser.id);
  const open = await test.db.departure.findMany({
    where: {
      status: "OPEN",
      service: { originCode: "CNLAZ", destinationCode: "DEDUI" },
      capacities: { some: { equipmentCode: "45G1", available: { gte: 4 } } },
      cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) },
    },
    orderBy: { departureAt: "asc" },
  });
  departures = open.map((departure) => departure.id);
});

afterAll(async () => {
  await test?.drop();
});

describe(`sharing a booking with partners (${engine})`, () => {
  it("shares only with the company's partners, only by who may change the booking, and audits it", async () => {
    const reference = await confirmedBooking();
    const before = await listBookingPartners(test.db, booker, reference);
    expect(before.canShare).toBe(true);
    expect(before.partners.map((partner) => partner.email).sort()).toEqual(["jan@warsaw-forwarding.example", ANNA]);
    expect(before.partners.every((partner) => partner.sharedAt === null)).toBe(true);

    await share(reference, [anna]);
    const after = await listBookingPartners(test.db, booker, reference);
    expect(after.partners.find((partner) => partner.email === ANNA)?.sharedAt).toBeInstanceOf(Date);
    expect(await findSharedBooking(test.db, anna, reference)).toMatchObject({ reference });
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "booking.shared", actorId: booker.userId },
    });
    expect(JSON.parse(audit.after!)).toEqual({ reference, partnerId: anna.userId });

    // A partner of another company cannot be added (refused like an unknown id), nor anyone else.
    for (const outsider of [wuweiPartner, wuweiAdmin]) {
      await expect(share(reference, [anna, outsider])).rejects.toMatchObject({ code: "notFound", status: 404 });
    }
    expect(await test.db.bookingShare.count({ where: { partnerId: wuweiPartner.userId } })).toBe(0);
    // A viewer sees who follows it but cannot change it.
    expect((await listBookingPartners(test.db, viewer, reference)).canShare).toBe(false);
    await expect(share(reference, [anna, otherPartner], viewer)).rejects.toMatchObject({ status: 403 });
    // Another company, and the partners themselves, learn nothing of the booking's sharing.
    for (const outsider of [wuweiAdmin, anna, wuweiPartner]) {
      await expect(listBookingPartners(test.db, outsider, reference)).rejects.toMatchObject({ status: 404 });
      await expect(share(reference, [], outsider)).rejects.toMatchObject({ status: 404 });
    }
    // Partners not shared with, and another company's partner, get the same 404 as an unknown booking.
    for (const outsider of [otherPartner, wuweiPartner, wuweiAdmin]) {
      await expect(findSharedBooking(test.db, outsider, reference)).rejects.toMatchObject({ status: 404 });
    }
    await expect(findSharedBooking(test.db, anna, "SG-0000-0000")).rejects.toMatchObject({ status: 404 });

    // Unticking revokes it (audited); ticking again renews the same row.
    await share(reference, []);
    await expect(findSharedBooking(test.db, anna, reference)).rejects.toMatchObject({ status: 404 });
    expect(await test.db.auditEvent.count({ where: { action: "booking.unshared", actorId: booker.userId } })).toBe(1);
    await share(reference, [anna]);
    expect(await test.db.bookingShare.count({ where: { booking: { reference } } })).toBe(1);
    // A partner no longer linked to the company loses it, though the share row stays.
    await test.db.partnerLink.deleteMany({ where: { partnerId: anna.userId } });
    await expect(findSharedBooking(test.db, await actorOf(ANNA), reference)).rejects.toMatchObject({ status: 404 });
    await test.db.partnerLink.create({ data: { partnerId: anna.userId, companyId: booker.memberships[0]!.companyId } });
    await share(reference, []);
  });

  it("lets a partner read the issued waybill (JSON and PDF) only while shared, and only issued versions", async () => {
    const reference = await confirmedBooking();
    await share(reference, [anna]);
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    // A draft is not shown: the list says "not issued yet".
    const drafted = await listTrackedConsignments(test.db, anna, { locale: "de", timeZone: "Europe/Berlin" });
    expect(drafted.find((row) => row.reference === reference)?.waybill).toBeNull();
    await approveWaybillDraft(test.db, { actor: booker, reference });
    const { number } = await issueWaybill(test.db, { actor: lanzhouStaff, reference, now: later(10) });

    expect(await findWaybillVersion(test.db, anna, number)).toMatchObject({ number, version: 1 });
    await expect(findWaybillVersion(test.db, anna, number, 2)).rejects.toMatchObject({ status: 404 });
    for (const outsider of [otherPartner, wuweiPartner, wuweiAdmin]) {
      await expect(findWaybillVersion(test.db, outsider, number)).rejects.toMatchObject({ status: 404 });
    }
    const rows = await listTrackedConsignments(test.db, anna, { locale: "de", timeZone: "Europe/Berlin" });
    const row = rows.find((candidate) => candidate.reference === reference)!;
    expect(row).toMatchObject({ waybill: { number, status: "ISSUED", version: 1 } });
    expect(row.exporter).toBe("Lanzhou Silk Road Import & Export Co., Ltd.");
    expect(JSON.stringify(row)).not.toMatch(/Minor|price|address/i);
    expect(await listTrackedConsignments(test.db, otherPartner, { locale: "pl", timeZone: "Europe/Warsaw" })).toEqual(
      [],
    );

    // Through the route, as the partner's browser asks for it.
    const { loader } = await import("../../app/routes/$lang.waybills.$file");
    const cookie = await createSession(test.db, anna.userId, meta);
    const fetchFile = (file: string) =>
      loader({
        request: new Request(`http://localhost/de/waybills/${file}`, { headers: { Cookie: cookie.split(";")[0]! } }),
        params: { lang: "de", file },
        context: {},
      }).then(
        (response) => response as Response,
        (thrown: unknown) => thrown as Response | { init: { status: number } },
      );
    const json = (await fetchFile(`${number}.json`)) as Response;
    expect(json.status).toBe(200);
    expect(JSON.parse(await json.text())).toMatchObject({ number, version: 1, bookingReference: reference });
    const pdf = (await fetchFile(`${number}.pdf`)) as Response;
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");

    await amendWaybill(test.db, {
      actor: lanzhouStaff,
      reference,
      reason: "Neue Anschrift des Empfängers",
      change: (latest) => ({ ...latest, originals: latest.originals === 2 ? 1 : 2 }),
    });
    expect(await findWaybillVersion(test.db, anna, number)).toMatchObject({ version: 2 });
    expect(await findWaybillVersion(test.db, anna, number, 1)).toMatchObject({ version: 1 });

    // Unshared: nothing, the same 404 as an unknown number.
    await share(reference, []);
    await expect(findWaybillVersion(test.db, anna, number)).rejects.toMatchObject({ status: 404 });
    const refused = await fetchFile(`${number}.json`);
    expect(refused instanceof Response ? refused.status : refused.init.status).toBe(404);
    expect(
      (await listTrackedConsignments(test.db, anna, { locale: "de", timeZone: "Europe/Berlin" })).map(
        (candidate) => candidate.reference,
      ),
    ).not.toContain(reference);

    // Shared again, then voided by the cancellation: the company keeps it, the partner does not.
    await share(reference, [anna]);
    await cancelBooking(test.db, { actor: booker, reference, meta, now: later(30) });
    await expect(findWaybillVersion(test.db, anna, number)).rejects.toMatchObject({ status: 404 });
    expect(await findWaybillVersion(test.db, booker, number)).toMatchObject({ version: 2 });
  });
});

describe(`through waybill e-mails (${engine})`, () => {
  beforeEach(async () => {
    await sendBookingNotifications(test.db, NOW);
    await test.db.outboxMessage.deleteMany();
    await test.db.user.update({ where: { email: BOOKER }, data: { locale: "zh-CN", timeZone: "Asia/Shanghai" } });
  });

  it("tells the booker the draft is ready, on submission and resubmission, and nobody else", async () => {
    const reference = await confirmedBooking();
    await share(reference, [anna]);
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    await sendBookingNotifications(test.db);
    await requestWaybillChanges(test.db, { actor: booker, reference, comment: "Bitte Empfänger prüfen" });
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    await sendBookingNotifications(test.db);

    const mails = await mailsTo(BOOKER);
    expect(mails.map((mail) => [mail.template, mail.locale])).toEqual([
      ["waybill.draftReady", "zh-CN"],
      ["waybill.draftReady", "zh-CN"],
    ]);
    expect(mails[0]!.subject).toBe(`订舱 ${reference}：运单草稿已生成，请审核`);
    expect(mails[0]!.text).toContain(`/zh-CN/bookings/${reference}/waybill`);
    expect(await mailsTo(ANNA)).toEqual([]);
  });

  it("sends issued, amended and voided to the booker and the partners shared with, each once, in their language", async () => {
    const reference = await confirmedBooking();
    await share(reference, [anna]);
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    await approveWaybillDraft(test.db, { actor: booker, reference });
    const issuedAt = later(10);
    const { number } = await issueWaybill(test.db, { actor: lanzhouStaff, reference, now: issuedAt });
    // Two notifiers at once (two servers, or the timer and a kick): each message goes once.
    await Promise.all([sendBookingNotifications(test.db), sendBookingNotifications(test.db)]);

    const [bookerIssued] = await mailsTo(BOOKER).then((mails) => mails.filter((m) => m.template === "waybill.issued"));
    expect(bookerIssued).toMatchObject({
      locale: "zh-CN",
      subject: `订舱 ${reference} 的一单制多式联运运单 ${number} 已签发`,
    });
    expect(bookerIssued!.text).toContain(`/zh-CN/bookings/${reference}/waybill`);
    expect(bookerIssued!.text).toContain(formatLocalDateTime(issuedAt, "zh-CN", "Asia/Shanghai"));
    const annaMails = await mailsTo(ANNA);
    expect(annaMails.map((mail) => [mail.template, mail.locale])).toEqual([["waybill.issued", "de"]]);
    expect(annaMails[0]!.subject).toBe(`Durchgehender Frachtbrief ${number} für die Buchung ${reference} ausgestellt`);
    // A link to the current document, never the document itself; times in Berlin.
    expect(annaMails[0]!.text).toContain(`/de/waybills/${number}.pdf`);
    expect(annaMails[0]!.text).toContain("/de/track");
    expect(annaMails[0]!.text).toContain(formatLocalDateTime(issuedAt, "de", "Europe/Berlin"));
    expect(annaMails[0]!.html).not.toMatch(/application\/pdf|%PDF/);
    // Partners it is not shared with hear nothing.
    expect(await mailsTo("jan@warsaw-forwarding.example")).toEqual([]);
    expect(await mailsTo("olga@almaty-trade.example")).toEqual([]);

    await amendWaybill(test.db, {
      actor: lanzhouStaff,
      reference,
      reason: "Neue Anschrift des Empfängers",
      change: (latest) => ({ ...latest, originals: latest.originals === 2 ? 1 : 2 }),
    });
    await Promise.all([sendBookingNotifications(test.db), sendBookingNotifications(test.db)]);
    const amended = (await mailsTo(ANNA)).filter((mail) => mail.template === "waybill.amended");
    expect(amended).toHaveLength(1);
    expect(amended[0]!.subject).toBe(`Durchgehender Frachtbrief ${number} berichtigt: Version 2`);
    expect(amended[0]!.text).toContain("Grund: Neue Anschrift des Empfängers");
    const bookerAmended = (await mailsTo(BOOKER)).filter((mail) => mail.template === "waybill.amended");
    expect(bookerAmended.map((mail) => mail.subject)).toEqual([`一单制多式联运运单 ${number} 已更正：第 2 版`]);

    await cancelBooking(test.db, { actor: booker, reference, meta, now: later(30) });
    await Promise.all([sendBookingNotifications(test.db), sendBookingNotifications(test.db)]);
    const voided = (await mailsTo(ANNA)).filter((mail) => mail.template === "waybill.voided");
    expect(voided.map((mail) => mail.subject)).toEqual([`Durchgehender Frachtbrief ${number} ist ungültig`]);
    expect(voided[0]!.text).toContain("/de/track");
    expect((await mailsTo(BOOKER)).filter((mail) => mail.template === "waybill.voided")).toHaveLength(1);
    // Each change's event was claimed once and is in the booking's history.
    const events = await test.db.bookingEvent.findMany({
      where: { booking: { reference }, type: { startsWith: "WAYBILL_" } },
    });
    expect(events.map((event) => event.type).sort()).toEqual([
      "WAYBILL_AMENDED",
      "WAYBILL_DRAFT_READY",
      "WAYBILL_ISSUED",
      "WAYBILL_VOIDED",
    ]);
    expect(events.every((event) => event.notifiedAt !== null)).toBe(true);
  });

  it("does not e-mail the voiding of a draft that was never issued to anyone but through the cancellation", async () => {
    const reference = await confirmedBooking();
    await share(reference, [anna]);
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    await cancelBooking(test.db, { actor: booker, reference, meta, now: later(30) });
    await sendBookingNotifications(test.db);
    expect((await mailsTo(BOOKER)).map((mail) => mail.template)).toEqual(["waybill.draftReady"]);
    expect(await mailsTo(ANNA)).toEqual([]);
    expect(await test.db.waybill.findFirstOrThrow({ where: { booking: { reference } } })).toMatchObject({
      status: "VOIDED",
    });
  });
});
