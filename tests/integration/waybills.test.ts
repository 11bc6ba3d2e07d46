import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { listDocumentVersions } from "~/domain/documents/document-versions.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { amendWaybill } from "~/domain/waybill/amend-waybill.server";
import { WaybillContentSchema } from "~/domain/waybill/content";
import { approveWaybillDraft, submitWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { requestWaybillChanges, returnWaybillDraft, surrenderWaybill } from "~/domain/waybill/review-waybill.server";
import { issueWaybill } from "~/domain/waybill/issue-waybill.server";
import { isValidWaybillNumber } from "~/domain/waybill/number";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { submitDemoInstructions } from "../support/waybill";
import fs from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { sha256Hex } from "~/utils/hash.server";
import { findWaybillVersion, verificationUrl } from "~/domain/waybill/read-waybill.server";
import { renderWaybillPdf } from "~/domain/waybill/waybill-pdf.server";
import jsQR from "jsqr";
import { pdfFile, pdfText, renderPage } from "../support/pdf";
import { buildWaybillContent } from "~/domain/waybill/content";
import { waybillInputFor } from "~/domain/waybill/waybill-input.server";
import { fingerprintOfSha256 } from "~/domain/waybill/content";
import { verifyWaybill, verifyLimit } from "~/domain/waybill/verify-waybill.server";
import { recordOperationalEvent } from "~/domain/operations/events.server";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const engine = process.env.TEST_DATABASE ?? "sqlite";
let test: TestDatabase;
let booker: Actor;
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
  // Staff at the destination terminal, who record delivery.
  const duisburg = await test.db.user.create({
    data: {
      email: "staff.duisburg@silu-gateway.example",
      name: "Jan Becker",
      passwordHash: "scrypt$unused",
      kind: "STAFF",
      staffRole: "OPERATOR",
      locale: "de",
      staffPorts: { create: { placeCode: "DEDUI" } },
    },
  });
  duisburgStaff = await loadActor(test.db, duisburg.id);
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

/** A booking of the Lanzhou exporter, held, (on account) confirmed and instructed unless told otherwise. */
async function booking({ confirmed = true, instructions = true } = {}): Promise<string> {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    // Each booking on the next departure, so that capacity never runs out.
    departureId: departures[(made += 1) % departures.length]!,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  if (confirmed) {
    await confirmOnAccount(test.db, booker, reference!, "de", later(1));
    if (instructions) await submitDemoInstructions(test.db, booker, reference!, later(2));
  }
  return reference!;
}

async function issuedWaybill(): Promise<string> {
  const reference = await booking();
  await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
  await approveWaybillDraft(test.db, { actor: booker, reference });
  await issueWaybill(test.db, { actor: lanzhouStaff, reference, now: later(10) });
  return reference;
}

/** The origin's staff record the train's arrival in Duisburg (an actual event, some time after the ETA). */
async function recordArrival(reference: string) {
  const { departureId } = await test.db.booking.findUniqueOrThrow({ where: { reference } });
  await recordOperationalEvent(
    test.db,
    lanzhouStaff,
    { departureId, milestone: "ARRIVED", placeCode: "DEDUI", localTime: "2027-01-20T10:00" },
    new Date("2027-02-01T00:00:00Z"),
  );
}

const waybillOf = async (reference: string) => test.db.waybill.findFirstOrThrow({ where: { booking: { reference } } });

describe(`through waybills (${engine})`, () => {
  it("goes from the exporter's draft and approval to an issued version 1 with a number and a code", async () => {
    const reference = await booking();
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    // Not before the exporter approved it.
    await expect(issueWaybill(test.db, { actor: lanzhouStaff, reference })).rejects.toMatchObject({
      code: "waybillState",
    });
    await approveWaybillDraft(test.db, { actor: booker, reference });
    const issued = await issueWaybill(test.db, { actor: lanzhouStaff, reference, now: later(10) });

    expect(isValidWaybillNumber(issued.number)).toBe(true);
    expect(issued.number).toMatch(/^SGW-LAZ-26-\d{6}-[0-9A-Z*]$/);
    const waybill = await waybillOf(reference);
    expect(waybill).toMatchObject({ status: "ISSUED", number: issued.number, latestVersion: 1 });
    expect(waybill.verificationCode).toMatch(/^[\w-]{27}$/);
    const versions = await listDocumentVersions(test.db, "WAYBILL", waybill.id);
    expect(versions.map((version) => version.version)).toEqual([1]);
    const stored = await test.db.documentVersion.findFirstOrThrow({
      where: { kind: "WAYBILL", subjectId: waybill.id },
    });
    const content = WaybillContentSchema.parse(JSON.parse(stored.payload));
    expect(content).toMatchObject({ number: issued.number, version: 1, bookingReference: reference });
    expect(content.issue?.place.code).toBe("CNLAZ");
    expect(stored.locale).toBe("de");
    // A second click issues nothing more.
    await expect(issueWaybill(test.db, { actor: lanzhouStaff, reference })).rejects.toMatchObject({
      code: "waybillState",
    });
  });

  it("is not issued for a booking that is not paid (confirmed)", async () => {
    const reference = await booking({ confirmed: false });
    await expect(
      submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" }),
    ).rejects.toMatchObject({ code: "waybillUnpaid" });
  });

  it("lets only the booking's company and its origin port's staff act on it; others get 404", async () => {
    const reference = await booking();
    await expect(
      submitWaybillDraft(test.db, { actor: otherExporter, reference, consigneeLocale: "de" }),
    ).rejects.toMatchObject({ status: 404 });
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    await expect(approveWaybillDraft(test.db, { actor: otherExporter, reference })).rejects.toMatchObject({
      status: 404,
    });
    await approveWaybillDraft(test.db, { actor: booker, reference });
    // Wuwei's staff do not issue Lanzhou's documents, and the exporter does not issue its own.
    for (const actor of [wuweiStaff, booker, otherExporter]) {
      await expect(issueWaybill(test.db, { actor, reference })).rejects.toMatchObject({ status: 404 });
    }
    expect((await waybillOf(reference)).status).toBe("APPROVED");
  });

  it("makes two amendments at the same time versions 2 and 3, both changes kept", async () => {
    const reference = await issuedWaybill();
    const [first, second] = await Promise.all([
      amendWaybill(test.db, {
        actor: lanzhouStaff,
        reference,
        reason: "Consignee moved",
        change: (latest) => ({
          ...latest,
          consignee: {
            ...latest.consignee,
            party: { ...latest.consignee.party!, addressLines: ["Ruhrorter Straße 9"] },
          },
        }),
      }),
      amendWaybill(test.db, {
        actor: lanzhouStaff,
        reference,
        reason: "Two originals instead of three",
        change: (latest) => ({ ...latest, originals: latest.originals === 2 ? 1 : 2 }),
      }),
    ]);
    expect([first.version, second.version].sort()).toEqual([2, 3]);
    const waybill = await waybillOf(reference);
    expect(waybill.latestVersion).toBe(3);
    const versions = await test.db.documentVersion.findMany({
      where: { kind: "WAYBILL", subjectId: waybill.id },
      orderBy: { version: "asc" },
    });
    expect(versions.map((version) => version.version)).toEqual([1, 2, 3]);
    const latest = WaybillContentSchema.parse(JSON.parse(versions[2]!.payload));
    const original = WaybillContentSchema.parse(JSON.parse(versions[0]!.payload));
    // The later version carries both changes, the number and the first issue's place and date.
    expect(latest.consignee.party?.addressLines).toEqual(["Ruhrorter Straße 9"]);
    expect(latest.originals).not.toBe(original.originals);
    expect(latest).toMatchObject({ number: original.number, issue: original.issue, version: 3 });
    expect(latest.amendmentReason).toBeTruthy();
    // Nothing changed is not a new version.
    await expect(
      amendWaybill(test.db, { actor: lanzhouStaff, reference, reason: "Again", change: (content) => content }),
    ).rejects.toMatchObject({ code: "waybillUnchanged" });
    await expect(
      amendWaybill(test.db, { actor: wuweiStaff, reference, reason: "Not theirs", change: (content) => content }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("is void when the booking is cancelled, issued or not, and keeps its issued versions", async () => {
    const issued = await issuedWaybill();
    const drafted = await booking();
    await submitWaybillDraft(test.db, { actor: booker, reference: drafted, consigneeLocale: "ar" });
    for (const reference of [issued, drafted]) {
      await cancelBooking(test.db, { actor: booker, reference, meta, now: later(30) });
      expect(await waybillOf(reference)).toMatchObject({ status: "VOIDED" });
    }
    const voided = await waybillOf(issued);
    expect(await test.db.documentVersion.count({ where: { kind: "WAYBILL", subjectId: voided.id } })).toBe(1);
    await expect(
      amendWaybill(test.db, { actor: lanzhouStaff, reference: issued, reason: "Too late", change: (c) => c }),
    ).rejects.toMatchObject({ code: "waybillState" });
  });

  it("verifies a scanned copy with its code: genuine and current, or superseded by a later version", async () => {
    const reference = await issuedWaybill();
    const waybill = await waybillOf(reference);
    const scan = (extra: { code?: string; version?: number; number?: string; ipAddress?: string } = {}) =>
      verifyWaybill(test.db, {
        number: extra.number ?? waybill.number!,
        code: extra.code ?? waybill.verificationCode!,
        version: extra.version,
        locale: "de",
        ipAddress: extra.ipAddress ?? "203.0.113.10",
      });
    const [first] = await test.db.documentVersion.findMany({ where: { kind: "WAYBILL", subjectId: waybill.id } });
    const current = await scan({ version: 1 });
    expect(current).toMatchObject({
      number: waybill.number,
      status: "ISSUED",
      currentVersion: 1,
      containers: 2,
      scanned: { version: 1, state: "CURRENT", fingerprint: fingerprintOfSha256(first!.sha256) },
    });
    expect(current.origin).toMatch(/Lanzhou/);
    expect(current.destination).toMatch(/Duisburg/);
    // Numbers are sequential: without the right code a number says nothing (the same 404).
    await expect(scan({ code: "A".repeat(27) })).rejects.toMatchObject({ status: 404 });
    await expect(scan({ number: "SGW-LAZ-26-999999-A", code: "A".repeat(27) })).rejects.toMatchObject({ status: 404 });
    await expect(scan({ version: 2 })).rejects.toMatchObject({ status: 404 });

    await amendWaybill(test.db, {
      actor: lanzhouStaff,
      reference,
      reason: "Seal replaced at Alashankou",
      change: (latest) => ({ ...latest, originals: latest.originals === 2 ? 1 : 2 }),
      now: later(60),
    });
    const old = await scan({ version: 1 });
    expect(old.scanned).toMatchObject({ version: 1, state: "SUPERSEDED" });
    expect(old.current.version).toBe(2);
    expect(old.current.fingerprint).not.toBe(old.scanned.fingerprint);
    expect((await scan()).scanned).toMatchObject({ version: 2, state: "CURRENT" });
  });

  it("limits how often one address may check codes", async () => {
    const reference = await issuedWaybill();
    const waybill = await waybillOf(reference);
    const attempt = () =>
      verifyWaybill(test.db, {
        number: waybill.number!,
        code: "B".repeat(27),
        locale: "en",
        ipAddress: "198.51.100.99",
      }).catch((error: { code: string }) => error.code);
    const answers = [];
    for (let index = 0; index <= verifyLimit().limit; index += 1) answers.push(await attempt());
    expect(answers.slice(0, verifyLimit().limit).every((code) => code === "notFound")).toBe(true);
    expect(answers.at(-1)).toBe("tooManyAttempts");
  });

  it("draws the draft from the booking and its submitted shipping instructions", async () => {
    const reference = await booking({ instructions: false });
    const { id: bookingId } = await test.db.booking.findUniqueOrThrow({ where: { reference } });
    // Nothing to draw before the instructions are submitted.
    await expect(waybillInputFor(test.db, bookingId, "de")).rejects.toMatchObject({ code: "waybillState" });
    await submitDemoInstructions(test.db, booker, reference, later(5));
    const content = buildWaybillContent({ ...(await waybillInputFor(test.db, bookingId, "de")), issue: null });
    expect(content.bookingReference).toBe(reference);
    expect(content.containers.map((unit) => [unit.containerNumber, unit.seals, unit.vgm?.kg])).toEqual([
      ["CSQU3054383", ["SL-1000"], 11_400],
      ["TEXU3070079", ["SL-1001"], 11_400],
    ]);
    expect(content.containers[0]!.goods[0]).toMatchObject({ hsCode: "081340", packages: 600, marks: "GOJI 1/2" });
    expect(content.consignee).toMatchObject({ toOrder: true, orderOf: "Deutsche Bank AG, Duisburg" });
    expect(content.negotiable).toBe(true);
    expect(content.shipper.name).toBeTruthy();
    expect(content.legs[0]!.from.code).toBe("CNLAZ");
    expect(content.legs.at(-1)!.to.code).toBe("DEDUI");
    // The China-Europe train crosses borders and changes gauge on the way.
    expect(content.legs.some((leg) => leg.gaugeChange)).toBe(true);
    expect(content.multimodalTransportOperator.taxId).toMatch(/^91620100/);
    expect(content).toMatchObject({ freightTerms: "PREPAID", originals: 3 });
    expect(content.totals).toMatchObject({ containers: 2, packages: 1_200, grossWeightKg: 15_000 });
  });

  it("gives the JSON form of an issued version, byte for byte what was hashed, valid against our schema", async () => {
    const reference = await issuedWaybill();
    const { number } = await waybillOf(reference);
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync("public/schemas/waybill-v1.json", "utf8")));

    for (const reader of [booker, lanzhouStaff]) {
      const found = await findWaybillVersion(test.db, reader, number!);
      expect(found).toMatchObject({ number, version: 1, latestVersion: 1 });
      expect(sha256Hex(found.json)).toBe(found.sha256);
      expect(validate(JSON.parse(found.json)), JSON.stringify(validate.errors)).toBe(true);
    }
    for (const outsider of [otherExporter, wuweiStaff]) {
      await expect(findWaybillVersion(test.db, outsider, number!)).rejects.toMatchObject({ status: 404 });
    }
    await expect(findWaybillVersion(test.db, booker, number!, 2)).rejects.toMatchObject({ status: 404 });
    await expect(findWaybillVersion(test.db, booker, "SGW-LAZ-26-999999-A")).rejects.toMatchObject({ status: 404 });

    await amendWaybill(test.db, {
      actor: lanzhouStaff,
      reference,
      reason: "Notify party added",
      change: (latest) => ({ ...latest, originals: latest.originals === 2 ? 1 : 2 }),
    });
    expect(await findWaybillVersion(test.db, booker, number!)).toMatchObject({ version: 2, latestVersion: 2 });
    expect(await findWaybillVersion(test.db, booker, number!, 1)).toMatchObject({ version: 1, latestVersion: 2 });
  });

  it("draws the PDF of an issued version, its QR code leading to that version's verification page", async () => {
    const reference = await issuedWaybill();
    const issued = await findWaybillVersion(test.db, booker, (await waybillOf(reference)).number!);
    const verifyUrl = verificationUrl("https://silu.example", issued);
    expect(verifyUrl).toBe(`https://silu.example/verify/${issued.number}?c=${issued.verificationCode}&v=1`);
    const bytes = await renderWaybillPdf(WaybillContentSchema.parse(JSON.parse(issued.json)), {
      consigneeLocale: issued.locale,
      verifyUrl,
    });
    expect(pdfText(bytes)).toContain(issued.number);
    expect(pdfText(bytes)).toContain("CSQU3054383");
    const page = renderPage(pdfFile(bytes, "waybill"), 200);
    expect(jsQR(page.data, page.width, page.height)?.data).toBe(verifyUrl);
  });

  it("goes back to the exporter when staff return it or the exporter asks for changes, each with a comment", async () => {
    const reference = await booking();
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    await expect(
      returnWaybillDraft(test.db, { actor: wuweiStaff, reference, comment: "Not theirs" }),
    ).rejects.toMatchObject({ status: 404 });
    await returnWaybillDraft(test.db, { actor: lanzhouStaff, reference, comment: "Seal of box 2 is missing" });
    expect(await waybillOf(reference)).toMatchObject({ status: "RETURNED", statusNote: "Seal of box 2 is missing" });
    await expect(approveWaybillDraft(test.db, { actor: booker, reference })).rejects.toMatchObject({
      code: "waybillState",
    });
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    expect(await waybillOf(reference)).toMatchObject({ status: "DRAFT", statusNote: null });

    await expect(
      requestWaybillChanges(test.db, { actor: otherExporter, reference, comment: "x" }),
    ).rejects.toMatchObject({ status: 404 });
    await requestWaybillChanges(test.db, { actor: booker, reference, comment: "Notify party is missing" });
    expect(await waybillOf(reference)).toMatchObject({ status: "CHANGES_REQUESTED" });
    await submitWaybillDraft(test.db, { actor: booker, reference, consigneeLocale: "de" });
    await approveWaybillDraft(test.db, { actor: booker, reference });
    // Staff may still send back what the exporter approved.
    await returnWaybillDraft(test.db, { actor: lanzhouStaff, reference, comment: "VGM of box 1 too low" });
    expect(await waybillOf(reference)).toMatchObject({ status: "RETURNED" });
  });

  it("is surrendered by the destination's staff on delivery, and nothing happens to it after", async () => {
    const reference = await issuedWaybill();
    // The origin's staff and other ports' staff do not record delivery in Duisburg.
    for (const actor of [lanzhouStaff, wuweiStaff, booker]) {
      await expect(surrenderWaybill(test.db, { actor, reference })).rejects.toMatchObject({ status: 404 });
    }
    // Not before the train's arrival is recorded.
    await expect(surrenderWaybill(test.db, { actor: duisburgStaff, reference })).rejects.toMatchObject({
      code: "waybillNotArrived",
    });
    await recordArrival(reference);
    await surrenderWaybill(test.db, { actor: duisburgStaff, reference });
    const waybill = await waybillOf(reference);
    expect(waybill.status).toBe("SURRENDERED_FOR_DELIVERY");
    await expect(surrenderWaybill(test.db, { actor: duisburgStaff, reference })).rejects.toMatchObject({
      code: "waybillState",
    });
    await expect(
      amendWaybill(test.db, {
        actor: lanzhouStaff,
        reference,
        reason: "Late",
        change: (c) => ({ ...c, originals: 0 }),
      }),
    ).rejects.toMatchObject({ code: "waybillState" });
    const scanned = await verifyWaybill(test.db, {
      number: waybill.number!,
      code: waybill.verificationCode!,
      locale: "de",
      ipAddress: "203.0.113.77",
    });
    expect(scanned.status).toBe("SURRENDERED_FOR_DELIVERY");
    expect(await test.db.auditEvent.count({ where: { action: "waybill.surrendered", entityId: waybill.id } })).toBe(1);
  });
});
