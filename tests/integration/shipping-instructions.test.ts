import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { newBookingReference } from "~/domain/booking/reference";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { InstructionsContent } from "~/domain/instructions/content";
import { readInstructions } from "~/domain/instructions/read.server";
import { reopenInstructions } from "~/domain/instructions/reopen.server";
import { saveInstructionsDraft } from "~/domain/instructions/save-draft.server";
import { submitInstructions } from "~/domain/instructions/submit.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { reviewedDetails } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { createSession } from "~/domain/identity/session.server";

const NOW = new Date("2026-12-01T00:00:00Z");
const meta = { ipAddress: "198.51.100.40", userAgent: "vitest" };
let test: TestDatabase;
let booker: Actor;
let viewer: Actor;
let partner: Actor;
let outsider: Actor;
let lanzhouStaff: Actor;
let wuweiStaff: Actor;
let departure: { id: string; docCutoffAt: Date; departureAt: Date };

const actorOf = async (email: string) =>
  loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);

/** A confirmed booking of 2 × 40' HQ with the demo goji (15 000 kg); returns its reference and units. */
async function confirmedBooking(status = "CONFIRMED") {
  const reference = newBookingReference();
  await test.db.booking.createMany({
    data: {
      id: randomUUID(),
      reference,
      companyId: booker.memberships[0]!.companyId,
      departureId: departure.id,
      createdById: booker.userId,
      status: "DRAFT",
      currency: "USD",
      totalMinor: 0,
      priceLines: "[]",
      details: JSON.stringify(reviewedDetails([{ equipmentCode: "45G1", quantity: 2 }])),
    },
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW });
  const booking = await test.db.booking.update({ where: { reference }, data: { status } });
  const units = await test.db.shipmentEquipment.findMany({
    where: { bookingId: booking.id },
    orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }],
  });
  return { reference, bookingId: booking.id, units };
}

/** Complete instructions for the two boxes: 7 500 kg of goji in each. */
function complete(unitIds: string[]): InstructionsContent {
  return {
    freightTerms: "PREPAID",
    originals: 3,
    consigneeToOrder: true,
    toOrderOf: "Deutsche Bank AG, Duisburg",
    units: unitIds.map((unitId, index) => ({
      unitId,
      containerNumber: index === 0 ? "CSQU3054383" : "TEXU3070079",
      seals: [`SL-100${index}`],
      tareKg: 3_900,
      vgmKg: 11_500,
      vgmMethod: "METHOD_2",
      vgmResponsible: "李强",
      cargo: [
        {
          description: "Dried goji berries in cartons",
          hsCode: "081340",
          packages: 600,
          packageType: "CARTONS",
          grossWeightKg: 7_500,
          volumeM3: 30,
          marks: `GOJI ${index + 1}/2`,
        },
      ],
    })),
    cargo: [],
  };
}

beforeAll(async () => {
  test = await createTestDatabase();
  // The staff page's route reaches the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  booker = await actorOf("booker@lanzhou-silkroad.example");
  partner = await actorOf("partner@duisburg-logistics.example");
  outsider = await actorOf("admin@wuwei-agri.example");
  lanzhouStaff = await actorOf("staff.lanzhou@silu-gateway.example");
  wuweiStaff = await actorOf("staff.wuwei@silu-gateway.example");
  const viewerUser = await test.db.user.create({
    data: {
      email: "viewer@lanzhou-silkroad.example",
      name: "Viewer",
      kind: "EXPORTER",
      locale: "en",
      timeZone: "Asia/Shanghai",
      passwordHash: "x",
      memberships: { create: { companyId: booker.memberships[0]!.companyId, role: "VIEWER" } },
    },
  });
  viewer = await loadActor(test.db, viewerUser.id);
  const service = await test.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
  departure = await test.db.departure.findFirstOrThrow({
    where: { serviceId: service.id, cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) } },
    orderBy: { departureAt: "asc" },
  });
  for (const capacity of await test.db.departureCapacity.findMany({ where: { departureId: departure.id } })) {
    await test.db.departureCapacity.update({
      where: { id: capacity.id },
      data: { available: capacity.total, held: 0, booked: 0 },
    });
  }
});

afterAll(async () => {
  await test?.drop();
});

describe(`shipping instructions (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("are taken only once the booking is confirmed", async () => {
    const { reference, units } = await confirmedBooking("AWAITING_PAYMENT");
    const content = complete(units.map((unit) => unit.id));
    await expect(saveInstructionsDraft(test.db, { actor: booker, reference, content, now: NOW })).rejects.toMatchObject(
      { code: "instructionsNotYet", status: 409 },
    );
    await expect(
      submitInstructions(test.db, { actor: booker, reference, content, meta, now: NOW }),
    ).rejects.toMatchObject({ code: "instructionsNotYet" });
    expect(await test.db.shippingInstructions.count({ where: { booking: { reference } } })).toBe(0);
  });

  it("save a draft that may be incomplete but not malformed, without touching the boxes", async () => {
    const { reference, bookingId, units } = await confirmedBooking();
    const draft: InstructionsContent = {
      freightTerms: "COLLECT",
      consigneeToOrder: false,
      units: units.map((unit) => ({ unitId: unit.id, seals: [], cargo: [] })),
      cargo: [],
    };
    draft.units[0]!.containerNumber = "csqu 305438-3";
    await saveInstructionsDraft(test.db, { actor: booker, reference, content: draft, now: NOW });
    const saved = await test.db.shippingInstructions.findUniqueOrThrow({ where: { bookingId } });
    expect(saved).toMatchObject({ status: "DRAFT", version: 0, submitted: null });
    expect(JSON.parse(saved.draft!).units[0].containerNumber).toBe("CSQU3054383");
    expect((await test.db.shipmentEquipment.findUniqueOrThrow({ where: { id: units[0]!.id } })).containerNumber).toBe(
      null,
    );
    // A wrong check digit is refused even in a draft, at its field, and the saved draft stays.
    draft.units[1]!.containerNumber = "MSKU1234567";
    await expect(
      saveInstructionsDraft(test.db, { actor: booker, reference, content: draft, now: NOW }),
    ).rejects.toMatchObject({
      code: "invalid",
      fields: { "units.1.containerNumber": "errors.containerNumberInvalid" },
    });
    expect((await test.db.shippingInstructions.findUniqueOrThrow({ where: { bookingId } })).draft).toBe(saved.draft);
    expect(await readInstructions(test.db, bookingId)).toBeNull();
  });

  it("refuse incomplete instructions with every message at its field, writing nothing", async () => {
    const { reference, bookingId, units } = await confirmedBooking();
    const content = complete(units.map((unit) => unit.id));
    content.units[1]!.containerNumber = "CSQU3054383";
    content.units[0]!.vgmKg = 9_000;
    delete content.freightTerms;
    const revisions = await test.db.bookingRevision.count({ where: { bookingId } });
    await expect(
      submitInstructions(test.db, { actor: booker, reference, content, meta, now: NOW }),
    ).rejects.toMatchObject({
      code: "invalid",
      fields: {
        freightTerms: "errors.required",
        "units.1.containerNumber": "errors.containerNumberTwice",
        "units.0.vgmKg": "errors.vgmBelowGoodsAndTare?minimum=11400",
      },
    });
    expect(await test.db.shippingInstructions.count({ where: { bookingId } })).toBe(0);
    expect(await test.db.bookingRevision.count({ where: { bookingId } })).toBe(revisions);
    expect(
      (await test.db.shipmentEquipment.findMany({ where: { bookingId } })).every(
        (unit) => unit.containerNumber === null,
      ),
    ).toBe(true);
  });

  it("are submitted: the boxes get their numbers, seals and VGM, each as a revision, and the waybill can read them", async () => {
    const { reference, bookingId, units } = await confirmedBooking();
    await saveInstructionsDraft(test.db, {
      actor: booker,
      reference,
      content: {
        consigneeToOrder: false,
        units: units.map((unit) => ({ unitId: unit.id, seals: [], cargo: [] })),
        cargo: [],
      },
      now: NOW,
    });
    const submitted = await submitInstructions(test.db, {
      actor: booker,
      reference,
      content: complete(units.map((unit) => unit.id)),
      meta,
      now: NOW,
    });
    expect(submitted).toMatchObject({ status: "SUBMITTED", version: 1, draft: null, submittedById: booker.userId });
    const boxes = await test.db.shipmentEquipment.findMany({
      where: { bookingId },
      orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }],
    });
    expect(boxes.map((box) => [box.containerNumber, box.seals, box.vgmKg, box.vgmMethod, box.vgmResponsible])).toEqual([
      ["CSQU3054383", '["SL-1000"]', 11_500, "METHOD_2", "李强"],
      ["TEXU3070079", '["SL-1001"]', 11_500, "METHOD_2", "李强"],
    ]);
    const revisions = await test.db.bookingRevision.findMany({ where: { bookingId }, orderBy: { number: "asc" } });
    expect(revisions.map((revision) => revision.kind)).toEqual(["EQUIPMENT_UNIT", "EQUIPMENT_UNIT"]);
    expect(
      await test.db.auditEvent.count({ where: { action: "booking.instructions_submitted", entityId: bookingId } }),
    ).toBe(1);

    const read = await readInstructions(test.db, bookingId);
    expect(read).toMatchObject({
      version: 1,
      freightTerms: "PREPAID",
      originals: 3,
      consignee: { toOrder: true, toOrderOf: "Deutsche Bank AG, Duisburg" },
      air: null,
      totals: { packages: 1_200, grossWeightKg: 15_000, volumeM3: 60 },
    });
    expect(read!.units[1]).toMatchObject({
      isoSizeType: "45G1",
      sequence: 2,
      containerNumber: "TEXU3070079",
      seals: ["SL-1001"],
      vgm: { kg: 11_500, method: "METHOD_2", responsible: "李强" },
      cargo: [{ hsCode: "081340", packages: 600, marks: "GOJI 2/2", dangerous: null }],
    });

    // The waybill reads it inside the transaction that draws its version: the same answer.
    expect(await test.db.$transaction((tx) => readInstructions(tx, bookingId))).toEqual(read);

    // Submitting again (nothing changed on the boxes) is version 2, with no new revision.
    const again = await submitInstructions(test.db, {
      actor: booker,
      reference,
      content: complete(units.map((unit) => unit.id)),
      meta,
      now: NOW,
    });
    expect(again.version).toBe(2);
    expect(await test.db.bookingRevision.count({ where: { bookingId } })).toBe(2);
  });

  it("close at the documents cut-off; origin port staff reopen them, audited, and the exporter may submit until then", async () => {
    const { reference, bookingId, units } = await confirmedBooking();
    const content = complete(units.map((unit) => unit.id));
    const afterCutoff = new Date(departure.docCutoffAt.getTime() + 60_000);
    await expect(
      submitInstructions(test.db, { actor: booker, reference, content, meta, now: afterCutoff }),
    ).rejects.toMatchObject({ code: "instructionsClosed", status: 409 });
    await expect(
      saveInstructionsDraft(test.db, { actor: booker, reference, content, now: afterCutoff }),
    ).rejects.toMatchObject({ code: "instructionsClosed" });

    const until = new Date(afterCutoff.getTime() + 2 * 3_600_000);
    // Another port's staff, and the exporter, cannot reopen.
    for (const who of [wuweiStaff, booker]) {
      await expect(
        reopenInstructions(test.db, { actor: who, reference, until, meta, now: afterCutoff }),
      ).rejects.toMatchObject({ status: 404 });
    }
    await expect(
      reopenInstructions(test.db, {
        actor: lanzhouStaff,
        reference,
        until: new Date(departure.departureAt.getTime() + 1),
        meta,
        now: afterCutoff,
      }),
    ).rejects.toMatchObject({ code: "reopenUntilInvalid", field: "until" });
    await reopenInstructions(test.db, { actor: lanzhouStaff, reference, until, meta, now: afterCutoff });
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "booking.instructions_reopened", entityId: bookingId },
    });
    expect(audit.actorId).toBe(lanzhouStaff.userId);
    expect(JSON.parse(audit.after!)).toEqual({ reopenedUntil: until.toISOString() });

    const submitted = await submitInstructions(test.db, { actor: booker, reference, content, meta, now: afterCutoff });
    expect(submitted.status).toBe("SUBMITTED");
    await expect(
      saveInstructionsDraft(test.db, { actor: booker, reference, content, now: until }),
    ).rejects.toMatchObject({ code: "instructionsClosed" });
  });

  it("belong to the booking's company: others find nothing, viewers may not give them", async () => {
    const { reference, bookingId, units } = await confirmedBooking();
    const content = complete(units.map((unit) => unit.id));
    for (const [who, status] of [
      [outsider, 404],
      [partner, 404],
      [viewer, 403],
    ] as const) {
      await expect(saveInstructionsDraft(test.db, { actor: who, reference, content, now: NOW })).rejects.toMatchObject({
        status,
      });
      await expect(
        submitInstructions(test.db, { actor: who, reference, content, meta, now: NOW }),
      ).rejects.toMatchObject({ status });
    }
    expect(await test.db.shippingInstructions.count({ where: { bookingId } })).toBe(0);
  });

  it("for a charter flight: the booked pieces confirmed and the consignment's goods, read back for the waybill", async () => {
    const service = await test.db.service.findUniqueOrThrow({ where: { code: "LHW-ALA-AIR" } });
    const flight = await test.db.departure.findFirstOrThrow({
      where: { serviceId: service.id, docCutoffAt: { gt: NOW } },
      orderBy: { departureAt: "asc" },
    });
    const reference = newBookingReference();
    const base = reviewedDetails([]);
    const booking = await test.db.booking.create({
      data: {
        reference,
        companyId: booker.memberships[0]!.companyId,
        departureId: flight.id,
        createdById: booker.userId,
        status: "CONFIRMED",
        currency: "USD",
        totalMinor: 100_000,
        priceLines: "[]",
        details: JSON.stringify({
          containers: [],
          pieces: [{ quantity: 10, lengthCm: 120, widthCm: 80, heightCm: 100, grossKg: 50 }],
          cargo: { lines: [{ ...base.cargo!.lines[0]!, grossWeightKg: 500, packages: 10 }] },
          parties: base.parties,
        }),
      },
    });
    const content: InstructionsContent = {
      freightTerms: "PREPAID",
      originals: 0,
      consigneeToOrder: false,
      units: [],
      cargo: [
        {
          description: "Dried goji berries in cartons",
          hsCode: "0813.40.00",
          packages: 10,
          packageType: "CARTONS",
          grossWeightKg: 495,
          volumeM3: 9.6,
        },
      ],
    };
    await expect(
      submitInstructions(test.db, { actor: booker, reference, content, meta, now: NOW }),
    ).rejects.toMatchObject({ fields: { piecesConfirmed: "errors.piecesConfirm" } });
    await submitInstructions(test.db, {
      actor: booker,
      reference,
      content: { ...content, piecesConfirmed: true },
      meta,
      now: NOW,
    });
    expect(await readInstructions(test.db, booking.id)).toMatchObject({
      originals: 0,
      consignee: { toOrder: false },
      units: [],
      air: { piecesConfirmed: true, cargo: [{ hsCode: "0813.40.00", grossWeightKg: 495, marks: null }] },
      totals: { packages: 10, grossWeightKg: 495, volumeM3: 9.6 },
    });
  });

  it("are reopened from the staff page in the staff member's own time zone", async () => {
    const { reference, bookingId } = await confirmedBooking();
    const user = await test.db.user.findUniqueOrThrow({ where: { id: lanzhouStaff.userId } });
    const cookie = (await createSession(test.db, user.id, meta)).split(";")[0]!;
    const { loader, action } = await import("../../app/routes/$lang.staff_.instructions.tsx");
    const url = "http://localhost/en/staff/instructions";
    // The departure is weeks ahead in the seeded timetable; the route's clock is the real one.
    await test.db.departure.update({
      where: { id: departure.id },
      data: { departureAt: new Date(Date.now() + 30 * 86_400_000) },
    });
    const listed = (await loader({
      request: new Request(url, { headers: { Cookie: cookie } }),
      params: { lang: "en" },
      context: {},
    })) as unknown as {
      data: { bookings: { reference: string }[] };
    };
    expect(listed.data.bookings.map((booking) => booking.reference)).toContain(reference);
    const until = new Date(Date.now() + 2 * 86_400_000);
    const local = until.toLocaleString("sv-SE", { timeZone: user.timeZone }).slice(0, 16).replace(" ", "T");
    const response = await action({
      request: new Request(url, {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ reference, until: local }),
      }),
      params: { lang: "en" },
      context: {},
    });
    expect((response as Response).status).toBe(302);
    const reopened = await test.db.shippingInstructions.findUniqueOrThrow({ where: { bookingId } });
    // The typed time was read on the staff member's clock (Asia/Shanghai, UTC+8), to the minute.
    expect(Math.abs(reopened.reopenedUntil!.getTime() - until.getTime())).toBeLessThan(60_000);
    expect(reopened.reopenedById).toBe(lanzhouStaff.userId);
  });

  it("are a form for the booker and, once submitted, a read-only summary for a viewer", async () => {
    const { reference, units } = await confirmedBooking();
    // The page reads the real clock: the documents cut-off is ahead of it whenever this runs.
    const day = 86_400_000;
    await test.db.departure.update({
      where: { id: departure.id },
      data: { docCutoffAt: new Date(Date.now() + 20 * day), departureAt: new Date(Date.now() + 30 * day) },
    });
    await submitInstructions(test.db, {
      actor: booker,
      reference,
      content: complete(units.map((unit) => unit.id)),
      meta,
      now: new Date(),
    });
    const { loader } = await import("../../app/routes/$lang.bookings.$reference_.instructions.tsx");
    const pageFor = async (actor: Actor) => {
      const cookie = (await createSession(test.db, actor.userId, meta)).split(";")[0]!;
      const request = new Request(`http://localhost/en/bookings/${reference}/instructions`, {
        headers: { Cookie: cookie },
      });
      const answer = (await loader({ request, params: { lang: "en", reference }, context: {} })) as unknown as {
        data: {
          writable: boolean;
          status: string;
          summary: { units: { containerNumber: string; seals: string }[] } | null;
          values: Record<string, string>;
        };
      };
      return answer.data;
    };
    const forBooker = await pageFor(booker);
    expect(forBooker).toMatchObject({ writable: true, status: "SUBMITTED", summary: null });
    expect(forBooker.values.u1_containerNumber).toBe("TEXU3070079");
    const forViewer = await pageFor(viewer);
    expect(forViewer.writable).toBe(false);
    expect(forViewer.summary!.units.map((unit) => [unit.containerNumber, unit.seals])).toEqual([
      ["CSQU3054383", "SL-1000"],
      ["TEXU3070079", "SL-1001"],
    ]);
  });
});
