import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { newBookingReference } from "~/domain/booking/reference";
import type { DraftDetails } from "~/domain/booking/quote";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { confirmBookingByHand } from "~/domain/operations/confirm-by-hand.server";
import { recordOperationalEvent } from "~/domain/operations/events.server";
import { gateIn } from "~/domain/operations/gate-in.server";
import { loadingList, loadingListCsv } from "~/domain/operations/loading-list.server";
import { renderManifestPdf } from "~/domain/operations/manifest-pdf.server";
import { AppError } from "~/utils/app-error";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { MILESTONES, toDcsaEvents } from "~/domain/operations/events";
import { complaints, tntEventValidator } from "../support/dcsa";
import { reviewedDetails } from "../support/drafts";
import { pdfText } from "../support/pdf";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
let test: TestDatabase;
let booker: Actor;
let supervisor: Actor;
let operator: Actor;
let wuweiStaff: Actor;
let departureId: string;
let cutoff: Date;
let reference: string;

/** Two 40' HQ (one with dangerous goods on board) and a reefer at −18 °C. */
function details(): DraftDetails {
  const base = reviewedDetails([]);
  return {
    ...base,
    containers: [
      { equipmentCode: "45G1", quantity: 2, shipperOwned: false },
      { equipmentCode: "45R1", quantity: 1, shipperOwned: false },
    ],
    cargo: {
      ...base.cargo!,
      reeferTemperatureC: -18,
      lines: base.cargo!.lines.map((line) => ({ ...line, dangerous: true, unNumber: "3480", imoClass: "9" })),
    },
  };
}

async function actorOf(email: string) {
  return loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
}

/** What the domain refused with: its code and the field it names. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, field: error.field, status: error.status };
}

const unitsOf = () =>
  test.db.shipmentEquipment.findMany({
    where: { booking: { reference } },
    orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }],
  });

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  booker = await actorOf("booker@lanzhou-silkroad.example");
  supervisor = await actorOf("staff.lanzhou@silu-gateway.example");
  wuweiStaff = await actorOf("staff.wuwei@silu-gateway.example");
  const clerk = await test.db.user.create({
    data: {
      email: "clerk.lanzhou@silu-gateway.example",
      name: "李强",
      kind: "STAFF",
      staffRole: "OPERATOR",
      locale: "zh-CN",
      timeZone: "Asia/Shanghai",
      emailVerifiedAt: NOW,
      passwordHash: "not-used",
      staffPorts: { create: { placeCode: "CNLAZ" } },
    },
  });
  operator = await loadActor(test.db, clerk.id);
  const service = await test.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
  const departure = await test.db.departure.findFirstOrThrow({
    where: { serviceId: service.id, cargoCutoffAt: { gt: new Date(NOW.getTime() + 7 * 86_400_000) } },
    orderBy: { departureAt: "asc" },
  });
  departureId = departure.id;
  cutoff = departure.cargoCutoffAt;
  // The seed sells some of it; this departure starts empty here.
  for (const row of await test.db.departureCapacity.findMany({ where: { departureId } })) {
    await test.db.departureCapacity.update({
      where: { id: row.id },
      data: { available: row.total, held: 0, booked: 0 },
    });
  }
  reference = newBookingReference();
  await test.db.booking.create({
    data: {
      reference,
      companyId: booker.memberships[0]!.companyId,
      departureId,
      createdById: booker.userId,
      status: "DRAFT",
      currency: "USD",
      totalMinor: 0,
      priceLines: "[]",
      details: JSON.stringify(details()),
    },
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW });
});

afterAll(async () => {
  await test?.drop();
});

describe(`port terminal (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("refuses a gate-in against a booking that is not confirmed", async () => {
    const [unit] = await unitsOf();
    expect(
      await refusal(
        gateIn(
          test.db,
          supervisor,
          { departureId, reference, unitId: unit!.id, containerNumber: "CSQU3054383", seals: [] },
          NOW,
        ),
      ),
    ).toMatchObject({ code: "bookingNotConfirmed" });
  });

  it("confirms a booking by hand with a reason, in the audit log and the booking's history", async () => {
    const capacity = () =>
      test.db.departureCapacity.findMany({
        where: { departureId, equipmentCode: { in: ["45G1", "45R1"] } },
        orderBy: { equipmentCode: "asc" },
      });
    const before = await capacity();
    // Operators do not confirm bookings; Wuwei's staff do not even see Lanzhou's departure.
    expect(
      await refusal(confirmBookingByHand(test.db, operator, { departureId, reference, reason: "bank guarantee" }, NOW)),
    ).toMatchObject({
      status: 403,
    });
    expect(
      await refusal(
        confirmBookingByHand(test.db, wuweiStaff, { departureId, reference, reason: "bank guarantee" }, NOW),
      ),
    ).toMatchObject({
      code: "notFound",
    });
    await confirmBookingByHand(
      test.db,
      supervisor,
      { departureId, reference, reason: "Bank guarantee BG-2026-118 received" },
      NOW,
    );
    const booking = await test.db.booking.findUniqueOrThrow({ where: { reference }, include: { events: true } });
    expect(booking.status).toBe("CONFIRMED");
    expect(booking.holdExpiresAt).toBeNull();
    const confirmed = booking.events.find((event) => event.type === "CONFIRMED")!;
    expect(JSON.parse(confirmed.detail!)).toEqual({ byHand: true, reason: "Bank guarantee BG-2026-118 received" });
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "booking.confirmed_by_hand", entityId: booking.id },
    });
    expect(audit.actorId).toBe(supervisor.userId);
    expect(JSON.parse(audit.before!)).toMatchObject({ status: "HELD" });
    expect(JSON.parse(audit.after!)).toEqual({ status: "CONFIRMED", reason: "Bank guarantee BG-2026-118 received" });
    // The held slots became booked, none lost or gained.
    const after = await capacity();
    expect(
      after.map((row) => [
        row.held - before.find((b) => b.id === row.id)!.held,
        row.booked - before.find((b) => b.id === row.id)!.booked,
      ]),
    ).toEqual([
      [-2, 2],
      [-1, 1],
    ]);
    // Once confirmed, there is nothing to confirm.
    expect(
      await refusal(confirmBookingByHand(test.db, supervisor, { departureId, reference, reason: "again" }, NOW)),
    ).toMatchObject({
      code: "notConfirmable",
      field: "reason",
    });
  });

  it("refuses a bad check digit and a number not on the booking, each at the container number", async () => {
    const [first] = await unitsOf();
    const input = { departureId, reference, seals: ["SL-001"] };
    expect(
      await refusal(gateIn(test.db, operator, { ...input, unitId: first!.id, containerNumber: "CSQU3054384" }, NOW)),
    ).toEqual({
      code: "containerNumberInvalid",
      field: "containerNumber",
      status: 400,
    });
    // A valid number, but no unit of this booking has it and none was chosen for it.
    expect(await refusal(gateIn(test.db, operator, { ...input, containerNumber: "MSKU1234565" }, NOW))).toMatchObject({
      code: "containerNotOnBooking",
      field: "containerNumber",
    });
    expect(await test.db.operationalEvent.count({ where: { milestone: "GATE_IN" } })).toBe(0);
  });

  it("gates a box in: the unit's number, seals and weight with a revision, and a GTIN event", async () => {
    const [first] = await unitsOf();
    const { unit, event } = await gateIn(
      test.db,
      operator,
      {
        departureId,
        reference,
        unitId: first!.id,
        containerNumber: "csqu 305438-3",
        seals: ["SL-001", "SL-002"],
        grossKg: 24_500,
        damage: "dent, left door",
      },
      NOW,
    );
    expect(unit).toMatchObject({
      containerNumber: "CSQU3054383",
      seals: '["SL-001","SL-002"]',
      vgmKg: 24_500,
      vgmMethod: "METHOD_1",
      gateInDamage: "dent, left door",
    });
    expect(unit.gatedInAt).toEqual(NOW);
    expect(event).toMatchObject({
      eventType: "EQUIPMENT",
      classifier: "ACT",
      typeCode: "GTIN",
      placeCode: "CNLAZ",
      facilityType: "RAMP",
      equipmentReference: "CSQU3054383",
      emptyIndicator: "LADEN",
    });
    const revision = await test.db.bookingRevision.findFirstOrThrow({
      where: { booking: { reference }, kind: "EQUIPMENT_UNIT" },
      orderBy: { number: "desc" },
    });
    expect(JSON.parse(revision.after)).toMatchObject({ containerNumber: "CSQU3054383", vgmKg: 24_500 });
    expect(await test.db.auditEvent.count({ where: { action: "terminal.gate_in" } })).toBe(1);
    // The same box twice is refused.
    expect(
      await refusal(
        gateIn(test.db, operator, { departureId, reference, containerNumber: "CSQU3054383", seals: [] }, NOW),
      ),
    ).toMatchObject({
      code: "alreadyGatedIn",
    });
  });

  it("after the cargo cut-off refuses an operator, and takes a supervisor's acceptance with a reason, audited", async () => {
    const late = new Date(cutoff.getTime() + 3_600_000);
    const units = await unitsOf();
    const reefer = units.find((unit) => unit.isoSizeType === "45R1")!;
    const box = {
      departureId,
      reference,
      unitId: reefer.id,
      containerNumber: "MSKU1234565",
      seals: ["RF-9"],
      reeferC: -17.5,
    };
    expect(await refusal(gateIn(test.db, operator, { ...box, lateReason: "train late" }, late))).toMatchObject({
      code: "gateInAfterCutoff",
      status: 403,
    });
    expect(await refusal(gateIn(test.db, supervisor, box, late))).toMatchObject({
      code: "lateReasonRequired",
      field: "lateReason",
    });
    expect(
      await refusal(
        gateIn(test.db, supervisor, { ...box, reeferC: null, lateReason: "truck stuck at the toll" }, late),
      ),
    ).toMatchObject({
      code: "reeferReadingRequired",
      field: "reeferC",
    });
    await gateIn(test.db, supervisor, { ...box, lateReason: "Truck stuck at the toll station" }, late);
    const audit = await test.db.auditEvent.findFirstOrThrow({ where: { action: "terminal.gate_in_late" } });
    expect(audit.actorId).toBe(supervisor.userId);
    expect(JSON.parse(audit.after!)).toMatchObject({
      containerNumber: "MSKU1234565",
      reeferC: -17.5,
      afterCutoff: true,
      reason: "Truck stuck at the toll station",
    });
    // Wuwei's staff get nothing of Lanzhou's departure.
    expect(await refusal(gateIn(test.db, wuweiStaff, { ...box, containerNumber: "CSQU3054383" }, NOW))).toMatchObject({
      code: "notFound",
    });
  });

  it("records events append-only: a correction supersedes, never edits", async () => {
    const departedAt = new Date(cutoff.getTime() + 2 * 86_400_000);
    const departed = await recordOperationalEvent(
      test.db,
      operator,
      { departureId, milestone: "DEPARTED", placeCode: "CNLAZ", localTime: "2026-12-08T10:40" },
      departedAt,
    );
    // Lanzhou is UTC+8: 10:40 there is 02:40 UTC.
    expect(departed).toMatchObject({
      eventType: "TRANSPORT",
      typeCode: "DEPA",
      classifier: "ACT",
      eventAt: new Date("2026-12-08T02:40:00Z"),
    });
    const crossing = await recordOperationalEvent(
      test.db,
      operator,
      { departureId, milestone: "BORDER_CROSSED", placeCode: "CNAKL", localTime: "2026-12-08T10:00" },
      new Date("2026-12-09T00:00:00Z"),
    );
    expect(crossing).toMatchObject({ typeCode: "DEPA", facilityType: "BOCR", gaugeChange: "1435>1520" });
    // Refusals, each at its field.
    const base = { departureId, milestone: "ARRIVED" as const, placeCode: "DEDUI", localTime: "2026-12-20T08:00" };
    expect(
      await refusal(recordOperationalEvent(test.db, operator, base, new Date("2026-12-09T00:00:00Z"))),
    ).toMatchObject({
      code: "eventInFuture",
      field: "localTime",
    });
    expect(
      await refusal(
        recordOperationalEvent(
          test.db,
          operator,
          { ...base, milestone: "BORDER_CROSSED", placeCode: "CNLAZ" },
          new Date("2026-12-30T00:00:00Z"),
        ),
      ),
    ).toMatchObject({
      code: "notABorder",
      field: "placeCode",
    });
    expect(
      await refusal(
        recordOperationalEvent(test.db, operator, { ...base, placeCode: "PLLOD" }, new Date("2026-12-30T00:00:00Z")),
      ),
    ).toMatchObject({
      code: "placeNotOnRoute",
    });
    expect(
      await refusal(
        recordOperationalEvent(
          test.db,
          operator,
          { ...base, milestone: "DISCHARGED", equipmentReference: "TGHU1234563" },
          new Date("2026-12-30T00:00:00Z"),
        ),
      ),
    ).toMatchObject({
      code: "containerNotOnDeparture",
      field: "equipmentReference",
    });
    expect(
      await refusal(recordOperationalEvent(test.db, wuweiStaff, base, new Date("2026-12-30T00:00:00Z"))),
    ).toMatchObject({ code: "notFound" });

    // The departure time was mistyped: a correction supersedes it.
    const correction = await recordOperationalEvent(
      test.db,
      operator,
      {
        departureId,
        milestone: "DEPARTED",
        placeCode: "CNLAZ",
        localTime: "2026-12-08T10:30",
        supersedesId: departed.id,
        remark: "time from the station log",
      },
      departedAt,
    );
    expect(correction.supersedesId).toBe(departed.id);
    // The first stays as it was.
    expect(await test.db.operationalEvent.findUniqueOrThrow({ where: { id: departed.id } })).toEqual(departed);
    // An event is corrected once: the next correction corrects the correction.
    expect(
      await refusal(
        recordOperationalEvent(
          test.db,
          operator,
          {
            departureId,
            milestone: "DEPARTED",
            placeCode: "CNLAZ",
            localTime: "2026-12-08T10:35",
            supersedesId: departed.id,
          },
          departedAt,
        ),
      ),
    ).toMatchObject({ code: "eventAlreadyCorrected", field: "supersedesId" });
    // The database itself refuses edits and deletions.
    await expect(
      test.db.operationalEvent.update({ where: { id: departed.id }, data: { remark: "edited" } }),
    ).rejects.toThrow();
    await expect(test.db.operationalEvent.delete({ where: { id: departed.id } })).rejects.toThrow();
    // Five recorded by the terminal (the booking's own shipment and planned events aside).
    expect(
      await test.db.operationalEvent.count({
        where: { departureId, classifier: "ACT", milestone: { in: [...MILESTONES] } },
      }),
    ).toBe(5);
    expect(await test.db.auditEvent.count({ where: { action: "terminal.event_corrected" } })).toBe(1);

    // What was stored yields valid DCSA T&T 2.2 events.
    const stored = await test.db.operationalEvent.findMany({ where: { departureId } });
    const containers = (await unitsOf()).flatMap((unit) =>
      unit.containerNumber ? [{ equipmentReference: unit.containerNumber, isoEquipmentCode: unit.isoSizeType }] : [],
    );
    const validate = tntEventValidator();
    const dcsa = stored.flatMap((event) =>
      toDcsaEvents(event, {
        serviceNumber: "X9021",
        departureId,
        bookingReferences: [reference],
        containers,
        isUnLocode: (code) => !code.includes("-"),
      }),
    );
    expect(dcsa.map((event) => event.transportEventTypeCode ?? event.equipmentEventTypeCode)).toEqual(
      expect.arrayContaining(["GTIN", "DEPA", "DEPA", "DEPA"]),
    );
    for (const event of dcsa) expect(validate(event), complaints(validate)).toBe(true);
  });

  it("lists the departure's containers with totals against capacity and the train's limits; CSV and PDF", async () => {
    await test.db.service.update({ where: { code: "LAZ-DUI-AKL" }, data: { maxLengthTeu: 5, maxGrossKg: 2_000_000 } });
    const list = await loadingList(test.db, supervisor, departureId);
    expect(
      list.rows.map((row) => [
        row.reference,
        row.isoSizeType,
        row.containerNumber,
        row.grossKg,
        row.dangerous,
        row.reefer,
      ]),
    ).toEqual([
      [reference, "45G1", "CSQU3054383", 24_500, true, false],
      [reference, "45G1", null, null, true, false],
      [reference, "45R1", "MSKU1234565", null, true, true],
    ]);
    expect(list.totals).toMatchObject({
      units: 3,
      gatedIn: 2,
      teu: 6,
      grossKg: 24_500,
      unweighed: 2,
      dangerous: 3,
      reefers: 1,
      maxLengthTeu: 5,
      overLength: true,
      overWeight: false,
    });
    const hq = list.capacity.find((row) => row.equipmentCode === "45G1")!;
    expect(hq.loaded).toBe(2);
    expect(hq.booked).toBeGreaterThanOrEqual(2);
    await expect(loadingList(test.db, wuweiStaff, departureId)).rejects.toMatchObject({ code: "notFound" });

    const csv = loadingListCsv(
      list,
      [
        "Booking",
        "Exporter",
        "Type",
        "Unit",
        "Container",
        "Seals",
        "Gross",
        "TEU",
        "DG",
        "RF",
        "Reading",
        "Gate-in",
        "Damage",
      ],
      "Total",
    );
    expect(csv.startsWith("\uFEFFBooking,")).toBe(true);
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain("CSQU3054383,SL-001 SL-002,24500,2,DG,,");
    expect(lines[1]).toContain('"dent, left door"');
    expect(lines.at(-1)).toBe("Total,,,3,,,24500,6,,,,,");

    const text = pdfText(
      await renderManifestPdf(list, { service: "X9021", route: "兰州 → 杜伊斯堡", departure: "2026-12-08 02:30 UTC" }),
    );
    for (const expected of [
      "舱单",
      "Manifest",
      "CSQU3054383",
      "MSKU1234565",
      "24,500",
      "超出列车限制",
      "Over the train's limits",
    ]) {
      expect(text).toContain(expected);
    }
  });
});
