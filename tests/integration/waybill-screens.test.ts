import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { submitInstructions } from "~/domain/instructions/submit.server";
import { findInstructionsBooking } from "~/domain/instructions/instructions.server";
import { presentInstructions } from "~/domain/instructions/instructions-view.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { amendWaybillFromForm } from "~/domain/waybill/amendment.server";
import { amendableFields } from "~/domain/waybill/amendment";
import { WaybillContentSchema } from "~/domain/waybill/content";
import { submitInstructionsWithDraft } from "~/domain/waybill/draft-from-instructions.server";
import { approveWaybillDraft, chooseWaybillLanguage } from "~/domain/waybill/draft-waybill.server";
import { correctParties } from "~/domain/booking/correct-parties.server";
import { readDetails } from "~/domain/booking/consignment";
import { issueWaybill } from "~/domain/waybill/issue-waybill.server";
import { returnWaybillDraft, voidWaybillAsStaff } from "~/domain/waybill/review-waybill.server";
import { listStaffWaybills, readExporterWaybill, readStaffWaybill } from "~/domain/waybill/waybill-pages.server";
import { fixedT } from "~/i18n/i18next.server";
import { sendBookingNotifications } from "~/domain/booking/notifications.server";
import { findWaybillVersion } from "~/domain/waybill/read-waybill.server";
import { recordOperationalEvent } from "~/domain/operations/events.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { submitDemoInstructions } from "../support/waybill";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const reader = { locale: "en" as const, timeZone: "Asia/Shanghai" };
const APP = "https://portal.example";
const engine = process.env.TEST_DATABASE ?? "sqlite";
let test: TestDatabase;
let booker: Actor;
let viewer: Actor;
let otherExporter: Actor;
let lanzhouStaff: Actor;
let wuweiStaff: Actor;
let duisburgStaff: Actor;
let departures: string[];
let made = 0;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  const actorOf = async (email: string) =>
    loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
  booker = await actorOf("booker@lanzhou-silkroad.example");
  otherExporter = await actorOf("admin@wuwei-agri.example");
  lanzhouStaff = await actorOf("staff.lanzhou@silu-gateway.example");
  wuweiStaff = await actorOf("staff.wuwei@silu-gateway.example");
  const companyId = booker.memberships[0]!.companyId;
  const newUser = (email: string, data: { kind: string } & Record<string, unknown>) =>
    test.db.user.create({ data: { email, name: email.split("@")[0]!, passwordHash: "scrypt$unused", ...data } });
  viewer = await loadActor(
    test.db,
    (
      await newUser("viewer@lanzhou-silkroad.example", {
        kind: "EXPORTER",
        memberships: { create: { companyId, role: "VIEWER" } },
      })
    ).id,
  );
  duisburgStaff = await loadActor(
    test.db,
    (
      await newUser("staff.duisburg@silu-gateway.example", {
        kind: "STAFF",
        staffRole: "OPERATOR",
        staffPorts: { create: { placeCode: "DEDUI" } },
      })
    ).id,
  );
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

/** A confirmed (on account) booking of the Lanzhou exporter with two 45' boxes, no instructions yet. */
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
  return reference!;
}

/** The instructions as submitted by submitDemoInstructions, to submit again through another door. */
async function submittedContent(reference: string) {
  const row = await test.db.shippingInstructions.findFirstOrThrow({ where: { booking: { reference } } });
  return JSON.parse(row.submitted!) as unknown;
}

async function issuedWaybill(): Promise<string> {
  const reference = await confirmedBooking();
  await submitDemoInstructions(test.db, booker, reference, later(2));
  const content = await submittedContent(reference);
  await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
  await approveWaybillDraft(test.db, { actor: booker, reference });
  await issueWaybill(test.db, { actor: lanzhouStaff, reference, now: later(10) });
  return reference;
}

const waybillOf = (reference: string) => test.db.waybill.findFirstOrThrow({ where: { booking: { reference } } });

describe(`waybill screens (${engine})`, () => {
  it("draws the draft when the instructions are submitted, in the consignee's language chosen with them", async () => {
    const reference = await confirmedBooking();
    await submitDemoInstructions(test.db, booker, reference, later(2));
    const content = await submittedContent(reference);
    await expect(
      submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "xx", meta }),
    ).rejects.toMatchObject({ code: "consigneeLocale", field: "consigneeLocale" });
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "ru", meta });
    const waybill = await waybillOf(reference);
    expect(waybill).toMatchObject({ status: "DRAFT", consigneeLocale: "ru", latestVersion: 0 });
    // Place names in the draft are in Russian beside Chinese.
    const draft = WaybillContentSchema.parse(JSON.parse(waybill.draft!));
    expect(draft.legs[0]!.from.nameZh).toMatch(/^兰州/);
    expect(draft.legs[0]!.from.name).not.toBe("Lanzhou");

    // Resubmitting before approval redraws the draft, still a draft.
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
    expect(await waybillOf(reference)).toMatchObject({ status: "DRAFT", consigneeLocale: "de" });
  });

  it("closes the instructions once the draft is approved, and opens them again when the port returns it", async () => {
    const reference = await confirmedBooking();
    await submitDemoInstructions(test.db, booker, reference, later(2));
    const content = await submittedContent(reference);
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
    await approveWaybillDraft(test.db, { actor: booker, reference });

    await expect(submitInstructions(test.db, { actor: booker, reference, content, meta })).rejects.toMatchObject({
      code: "instructionsLocked",
    });
    const t = await fixedT("en", "instructions");
    const locked = presentInstructions(await findInstructionsBooking(test.db, booker, reference), {
      actor: booker,
      ...reader,
      now: new Date(),
      t,
    });
    expect(locked).toMatchObject({ writable: false, readOnlyReason: "locked", waybillStatus: "APPROVED" });

    await returnWaybillDraft(test.db, { actor: lanzhouStaff, reference, comment: "Seal of box 2 is wrong" });
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
    expect(await waybillOf(reference)).toMatchObject({ status: "DRAFT", statusNote: null });
  });

  it("shows the exporter their draft with the actions bookers may take; viewers read; other companies get 404", async () => {
    const reference = await confirmedBooking();
    const before = await readExporterWaybill(test.db, booker, reference, reader, APP);
    expect(before).toMatchObject({ waybill: null, instructionsSubmitted: false, actions: [] });

    await submitDemoInstructions(test.db, booker, reference, later(2));
    const content = await submittedContent(reference);
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
    const page = await readExporterWaybill(test.db, booker, reference, reader, APP);
    expect(page.actions).toEqual(["approve", "requestChanges"]);
    expect(page.mayChangeLanguage).toBe(true);
    expect(page.waybill).toMatchObject({ status: "DRAFT", number: null, versions: [], verifyUrl: null });
    expect(page.waybill!.content!.containers).toHaveLength(2);
    expect(page.waybill!.content!.consignee.orderOf).toBe("Deutsche Bank AG, Duisburg");

    const read = await readExporterWaybill(test.db, viewer, reference, reader, APP);
    expect(read).toMatchObject({ mayAct: false, actions: [], mayChangeLanguage: false });
    expect(read.waybill!.status).toBe("DRAFT");
    for (const outsider of [otherExporter, lanzhouStaff]) {
      await expect(readExporterWaybill(test.db, outsider, reference, reader, APP)).rejects.toMatchObject({
        status: 404,
      });
    }
  });

  it("gives origin staff review and issue, destination staff surrender, other ports 404", async () => {
    const reference = await confirmedBooking();
    await submitDemoInstructions(test.db, booker, reference, later(2));
    const content = await submittedContent(reference);
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
    await approveWaybillDraft(test.db, { actor: booker, reference });

    const origin = await readStaffWaybill(test.db, lanzhouStaff, reference, reader, APP);
    expect(origin.actions).toEqual(["return", "issue", "void"]);
    expect(origin).toMatchObject({ awaitingPayment: false, amendable: null });
    // Before issue the destination's staff have nothing to see.
    await expect(readStaffWaybill(test.db, duisburgStaff, reference, reader, APP)).rejects.toMatchObject({
      status: 404,
    });
    for (const outsider of [wuweiStaff, booker, otherExporter]) {
      await expect(readStaffWaybill(test.db, outsider, reference, reader, APP)).rejects.toMatchObject({ status: 404 });
    }

    const lanzhouQueue = await listStaffWaybills(test.db, lanzhouStaff, "review", reader);
    expect(lanzhouQueue.map((row) => row.reference)).toContain(reference);
    // Approved ones first: they wait for the port.
    expect(lanzhouQueue[0]!.status).toBe("APPROVED");
    expect(
      (await listStaffWaybills(test.db, lanzhouStaff, "issued", reader)).map((row) => row.reference),
    ).not.toContain(reference);
    const wuweiQueue = await listStaffWaybills(test.db, wuweiStaff, "review", reader);
    expect(wuweiQueue.map((row) => row.reference)).not.toContain(reference);
    await expect(listStaffWaybills(test.db, booker, "review", reader)).rejects.toMatchObject({ status: 404 });

    await issueWaybill(test.db, { actor: lanzhouStaff, reference, now: later(10) });
    const issued = await readStaffWaybill(test.db, duisburgStaff, reference, reader, APP);
    // Surrender waits for the train's arrival.
    expect(issued).toMatchObject({ actions: [], awaitingArrival: true });
    const { departureId } = await test.db.booking.findUniqueOrThrow({ where: { reference } });
    await recordOperationalEvent(
      test.db,
      lanzhouStaff,
      { departureId, milestone: "ARRIVED", placeCode: "DEDUI", localTime: "2027-01-20T10:00" },
      new Date("2027-02-01T00:00:00Z"),
    );
    expect(await readStaffWaybill(test.db, duisburgStaff, reference, reader, APP)).toMatchObject({
      actions: ["surrender"],
      awaitingArrival: false,
    });
    expect(issued.waybill.verifyUrl).toMatch(
      new RegExp(`^${APP}/verify/SGW-LAZ-\\d{2}-\\d{6}-[0-9A-Z*]\\?c=[\\w-]{27}&v=1$`),
    );
    // The destination's staff read the document they take back on delivery; other ports do not.
    const { number } = await waybillOf(reference);
    await expect(findWaybillVersion(test.db, duisburgStaff, number!)).resolves.toMatchObject({ number, version: 1 });
    await expect(findWaybillVersion(test.db, wuweiStaff, number!)).rejects.toMatchObject({ status: 404 });
    const afterIssue = await readStaffWaybill(test.db, lanzhouStaff, reference, reader, APP);
    expect(afterIssue.actions).toEqual(["amend", "void"]);
    expect(afterIssue.amendable!["containers.0.containerNumber"]).toBe("CSQU3054383");
  });

  it("amends from the form: two staff changing different fields at once give versions 2 and 3 with both changes", async () => {
    const reference = await issuedWaybill();
    const [first, second] = await Promise.allSettled([
      amendWaybillFromForm(test.db, {
        actor: lanzhouStaff,
        reference,
        basedOn: 1,
        reason: "Container swapped at the terminal",
        values: { "containers.0.containerNumber": "APZU4812090" },
      }),
      amendWaybillFromForm(test.db, {
        actor: lanzhouStaff,
        reference,
        basedOn: 1,
        reason: "Bank changed by the buyer",
        values: { "consignee.orderOf": "Commerzbank AG, Duisburg" },
      }),
    ]);
    expect([first.status, second.status]).toEqual(["fulfilled", "fulfilled"]);
    const versions = [first, second].map((result) => (result.status === "fulfilled" ? result.value.version : 0));
    expect(versions.sort()).toEqual([2, 3]);
    const page = await readExporterWaybill(test.db, booker, reference, reader, APP);
    expect(page.waybill!.latestVersion).toBe(3);
    expect(page.waybill!.content!.containers[0]!.containerNumber).toBe("APZU4812090");
    expect(page.waybill!.content!.consignee.orderOf).toBe("Commerzbank AG, Duisburg");
    expect(page.waybill!.versions.map((row) => [row.version, row.current])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect(page.waybill!.versions[2]!.reason).toBeNull();
  });

  it("refuses an amendment that changes nothing or breaks a field, writing no version", async () => {
    const reference = await issuedWaybill();
    const latest = await test.db.documentVersion.findFirstOrThrow({
      where: { kind: "WAYBILL", subjectId: (await waybillOf(reference)).id },
    });
    const unchanged = amendableFields(WaybillContentSchema.parse(JSON.parse(latest.payload)));
    await expect(
      amendWaybillFromForm(test.db, { actor: lanzhouStaff, reference, basedOn: 1, reason: "none", values: unchanged }),
    ).rejects.toMatchObject({ code: "waybillUnchanged" });
    await expect(
      amendWaybillFromForm(test.db, {
        actor: lanzhouStaff,
        reference,
        basedOn: 1,
        reason: "swap",
        values: { ...unchanged, "containers.1.containerNumber": "MSKU1234567" },
      }),
    ).rejects.toMatchObject({ fields: { "containers.1.containerNumber": "errors.containerNumberInvalid" } });
    // Only origin staff amend.
    await expect(
      amendWaybillFromForm(test.db, { actor: duisburgStaff, reference, basedOn: 1, reason: "x", values: {} }),
    ).rejects.toMatchObject({ status: 404 });
    expect((await waybillOf(reference)).latestVersion).toBe(1);
  });

  it("lets origin staff void a waybill with a reason (audited); nobody else", async () => {
    const reference = await issuedWaybill();
    for (const outsider of [duisburgStaff, wuweiStaff, booker]) {
      await expect(
        voidWaybillAsStaff(test.db, { actor: outsider, reference, reason: "Cargo refused at the gate" }),
      ).rejects.toMatchObject({ status: 404 });
    }
    await voidWaybillAsStaff(test.db, { actor: lanzhouStaff, reference, reason: "Cargo refused at the gate" });
    const waybill = await waybillOf(reference);
    expect(waybill).toMatchObject({ status: "VOIDED", statusNote: "Cargo refused at the gate" });
    expect(waybill.voidedAt).not.toBeNull();
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "waybill.voided", entityId: waybill.id },
    });
    expect(audit.actorId).toBe(lanzhouStaff.userId);
    await expect(
      voidWaybillAsStaff(test.db, { actor: lanzhouStaff, reference, reason: "again" }),
    ).rejects.toMatchObject({ code: "waybillState" });
    const page = await readStaffWaybill(test.db, lanzhouStaff, reference, reader, APP);
    expect(page.actions).toEqual([]);
    // The booker is told by e-mail, in their language, with the port's reason.
    await sendBookingNotifications(test.db);
    const bookerEmail = (await test.db.user.findUniqueOrThrow({ where: { id: booker.userId } })).email;
    const message = await test.db.outboxMessage.findFirstOrThrow({
      where: { to: bookerEmail, template: "waybill.voided" },
      orderBy: { createdAt: "desc" },
    });
    expect(message.text).toContain("Cargo refused at the gate");
    expect(message.text).toContain(`/bookings/${reference}/waybill`);
  });

  it("changes the language of a draft only, never of one the port returned", async () => {
    const reference = await confirmedBooking();
    await submitDemoInstructions(test.db, booker, reference, later(2));
    const content = await submittedContent(reference);
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
    await chooseWaybillLanguage(test.db, { actor: booker, reference, consigneeLocale: "pl" });
    expect(await waybillOf(reference)).toMatchObject({ status: "DRAFT", consigneeLocale: "pl" });

    await returnWaybillDraft(test.db, { actor: lanzhouStaff, reference, comment: "Wrong HS code in box 2" });
    await expect(
      chooseWaybillLanguage(test.db, { actor: booker, reference, consigneeLocale: "de" }),
    ).rejects.toMatchObject({ code: "waybillState" });
    // The port's comment stays until corrected instructions come in.
    expect(await waybillOf(reference)).toMatchObject({ status: "RETURNED", statusNote: "Wrong HS code in box 2" });
    // And the booker is e-mailed the comment; nobody else hears of a draft.
    await sendBookingNotifications(test.db);
    const bookerEmail = (await test.db.user.findUniqueOrThrow({ where: { id: booker.userId } })).email;
    const returned = await test.db.outboxMessage.findMany({
      where: { template: "waybill.returned", text: { contains: "Wrong HS code in box 2" } },
    });
    expect(returned.map((message) => message.to)).toEqual([bookerEmail]);
  });

  it("submits the instructions and claims the draft in one transaction: refused as a whole once the draft is approved", async () => {
    const reference = await confirmedBooking();
    await submitDemoInstructions(test.db, booker, reference, later(2));
    const content = await submittedContent(reference);
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
    // Approved between the page's check and the submission: the instructions are not written either.
    const { claimWaybillDraft } = await import("~/domain/waybill/draft-waybill.server");
    await approveWaybillDraft(test.db, { actor: booker, reference });
    const bookingId = (await waybillOf(reference)).bookingId;
    await expect(
      test.db.$transaction((tx) => claimWaybillDraft(tx, bookingId, "de", new Date())),
    ).rejects.toMatchObject({ code: "instructionsLocked" });
    const before = await test.db.shippingInstructions.findUniqueOrThrow({ where: { bookingId } });
    await expect(
      submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta }),
    ).rejects.toMatchObject({ code: "instructionsLocked" });
    expect((await test.db.shippingInstructions.findUniqueOrThrow({ where: { bookingId } })).version).toBe(
      before.version,
    );
    // A draft being drawn (no content yet) cannot be approved.
    const other = await confirmedBooking();
    await submitDemoInstructions(test.db, booker, other, later(2));
    const otherId = (await test.db.booking.findUniqueOrThrow({ where: { reference: other } })).id;
    await test.db.$transaction((tx) => claimWaybillDraft(tx, otherId, "de", new Date()));
    await expect(approveWaybillDraft(test.db, { actor: booker, reference: other })).rejects.toMatchObject({
      code: "waybillState",
    });
  });

  it("redraws a waiting draft when the parties are corrected, and refuses corrections once it is approved", async () => {
    const reference = await confirmedBooking();
    await submitDemoInstructions(test.db, booker, reference, later(2));
    const content = await submittedContent(reference);
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
    const booking = await test.db.booking.findUniqueOrThrow({ where: { reference } });
    const parties = readDetails(booking.details).parties!;
    const correction = {
      shipper: parties.shipper,
      consignee: { ...parties.consignee!, name: "Rhein Foods Duisburg GmbH" },
      notify: parties.notify,
      pickupAddress: parties.pickupAddress,
      deliveryAddress: parties.deliveryAddress,
    };
    await correctParties(test.db, { actor: booker, reference, correction, meta });
    const redrawn = WaybillContentSchema.parse(JSON.parse((await waybillOf(reference)).draft!));
    expect(redrawn.consignee.party!.name).toBe("Rhein Foods Duisburg GmbH");

    await approveWaybillDraft(test.db, { actor: booker, reference });
    await expect(
      correctParties(test.db, {
        actor: booker,
        reference,
        correction: { ...correction, consignee: { ...correction.consignee, name: "Someone Else GmbH" } },
        meta,
      }),
    ).rejects.toMatchObject({ code: "partiesLockedByWaybill" });
    const stored = readDetails((await test.db.booking.findUniqueOrThrow({ where: { reference } })).details).parties!;
    expect(stored.consignee!.name).toBe("Rhein Foods Duisburg GmbH");
  });

  it("keeps drafts from the destination's staff: they see the document once issued", async () => {
    const reference = await confirmedBooking();
    await submitDemoInstructions(test.db, booker, reference, later(2));
    const content = await submittedContent(reference);
    await submitInstructionsWithDraft(test.db, { actor: booker, reference, content, consigneeLocale: "de", meta });
    await expect(readStaffWaybill(test.db, duisburgStaff, reference, reader, APP)).rejects.toMatchObject({
      status: 404,
    });
    expect(
      (await listStaffWaybills(test.db, duisburgStaff, "review", reader)).map((row) => row.reference),
    ).not.toContain(reference);
  });
});
