import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { complaints, DCSA_REFERENCE, tntEventValidator } from "../../../tests/support/dcsa";
import { deriveId, inForce, MILESTONE_SHAPES, toDcsaEvents, type StoredEvent } from "./events";

const context = {
  serviceNumber: "X9021",
  departureId: "cm0departure00000000000001",
  bookingReferences: ["SG-7K3M-9QX2"],
  containers: [
    { equipmentReference: "CSQU3054383", isoEquipmentCode: "45G1" },
    { equipmentReference: "MSKU1234565", isoEquipmentCode: "45R1" },
  ],
  isUnLocode: (code: string) => !code.includes("-"),
};

function stored(milestone: keyof typeof MILESTONE_SHAPES, extra: Partial<StoredEvent> = {}): StoredEvent {
  const shape = MILESTONE_SHAPES[milestone];
  return {
    id: "0b7c5a3e-5d0b-4e1f-9a43-6f1e2c7d8a90",
    eventType: shape.eventType,
    classifier: "ACT",
    typeCode: shape.typeCode,
    milestone,
    eventAt: new Date("2026-12-04T02:30:00Z"),
    createdAt: new Date("2026-12-04T02:41:00Z"),
    placeCode: "CNLAZ",
    facilityType: shape.facilityType,
    equipmentReference: null,
    isoEquipmentCode: null,
    emptyIndicator: shape.eventType === "EQUIPMENT" ? "LADEN" : null,
    gaugeChange: null,
    remark: null,
    supersedesId: null,
    ...extra,
  };
}

describe("DCSA Track & Trace 2.2 events from operational events", () => {
  const validate = tntEventValidator();

  it("accepts the official examples (the validator itself is right)", () => {
    const folder = path.join(DCSA_REFERENCE, "examples/valid");
    const examples = readdirSync(folder).filter((file) => /^tnt22-cg-event-\d/.test(file));
    expect(examples.length).toBeGreaterThan(3);
    for (const file of examples) {
      const event = JSON.parse(readFileSync(path.join(folder, file), "utf8")) as unknown;
      expect(validate(event), `${file}: ${complaints(validate)}`).toBe(true);
    }
  });

  it("rejects the official invalid examples (the validator is strict enough)", () => {
    const folder = path.join(DCSA_REFERENCE, "examples/invalid");
    const examples = readdirSync(folder).filter((file) => file.startsWith("tnt22-"));
    expect(examples.length).toBeGreaterThan(3);
    for (const file of examples) {
      const parsed = JSON.parse(readFileSync(path.join(folder, file), "utf8")) as unknown;
      const events = Array.isArray(parsed) ? parsed : [parsed];
      expect(
        events.some((event) => !validate(event)),
        file,
      ).toBe(true);
    }
  });

  it("rejects an event without its type code (the validator says no)", () => {
    const [event] = toDcsaEvents(stored("DEPARTED"), context);
    const { transportEventTypeCode: _dropped, ...broken } = event!;
    expect(validate({ ...broken, transportEventTypeCode: "GONE" })).toBe(false);
  });

  it("produces valid transport, equipment and shipment events", () => {
    const events = [
      ...toDcsaEvents(stored("DEPARTED"), context),
      ...toDcsaEvents(stored("BORDER_CROSSED", { placeCode: "CNAKL", gaugeChange: "1435>1520" }), context),
      ...toDcsaEvents(
        stored("ARRIVED", { placeCode: "DEDUI", supersedesId: "5f1c1f0e-1a54-4d1e-8a47-2f9b7c0d3e11" }),
        context,
      ),
      ...toDcsaEvents(
        stored("GATE_IN", { equipmentReference: "CSQU3054383", isoEquipmentCode: "45G1", remark: "dent, left door" }),
        context,
      ),
      ...toDcsaEvents(stored("DISCHARGED", { placeCode: "DEDUI" }), context),
      ...toDcsaEvents(stored("CUSTOMS_RELEASED", { placeCode: "DEDUI" }), context),
      ...toDcsaEvents(stored("DELIVERED", { placeCode: "CN-WUW" }), context),
    ];
    // Equipment events of the whole departure are one per container.
    expect(events).toHaveLength(1 + 1 + 1 + 1 + 2 + 1 + 2);
    for (const event of events) expect(validate(event), complaints(validate)).toBe(true);

    const border = events[1]!;
    expect(border).toMatchObject({
      eventType: "TRANSPORT",
      transportEventTypeCode: "DEPA",
      transportCall: { facilityTypeCode: "BOCR", UNLocationCode: "CNAKL", modeOfTransport: "RAIL" },
    });
    expect(border.changeRemark).toContain("1435>1520");
    expect(events[2]!.changeRemark).toContain("supersedes 5f1c1f0e");
    expect(events[3]).toMatchObject({ equipmentEventTypeCode: "GTIN", equipmentReference: "CSQU3054383" });
    expect(events[6]).toMatchObject({
      shipmentEventTypeCode: "RELS",
      documentTypeCode: "CUS",
      documentID: "SG-7K3M-9QX2",
    });
    const discharged = events.slice(4, 6).map((event) => event.equipmentReference);
    expect(discharged).toEqual(["CSQU3054383", "MSKU1234565"]);
    // Distinct and stable ids for the boxes of one event.
    const ids = events.slice(4, 6).map((event) => event.eventID);
    expect(new Set(ids).size).toBe(2);
    expect(ids[0]).toBe(deriveId("0b7c5a3e-5d0b-4e1f-9a43-6f1e2c7d8a90", "CSQU3054383"));
    // A place without a UN/LOCODE is named as a facility.
    expect(events.at(-1)!.eventLocation).toEqual({ facilityCode: "CN-WUW" });
  });

  it("names the document of a booking's or a waybill's shipment event (BKG, TRD); customs release stays CUS", () => {
    const booking = toDcsaEvents(
      stored("CUSTOMS_RELEASED", {
        typeCode: "CONF",
        bookingId: "b1",
        documentTypeCode: "BKG",
        documentReference: "SG-7K3M-9QX2",
      }),
      context,
    );
    const waybill = toDcsaEvents(
      stored("CUSTOMS_RELEASED", {
        typeCode: "ISSU",
        bookingId: "b1",
        documentTypeCode: "TRD",
        documentReference: null,
      }),
      { ...context, transportDocumentReferences: ["CNLAZ260001"] },
    );
    const released = toDcsaEvents(stored("CUSTOMS_RELEASED", { bookingId: "b1" }), context);
    for (const event of [...booking, ...waybill, ...released]) expect(validate(event), complaints(validate)).toBe(true);
    expect(booking).toEqual([
      expect.objectContaining({ eventID: stored("GATE_IN").id, documentTypeCode: "BKG", documentID: "SG-7K3M-9QX2" }),
    ]);
    expect(waybill).toEqual([
      expect.objectContaining({ shipmentEventTypeCode: "ISSU", documentTypeCode: "TRD", documentID: "CNLAZ260001" }),
    ]);
    expect(released).toEqual([expect.objectContaining({ eventID: stored("GATE_IN").id, documentTypeCode: "CUS" })]);
  });

  it("derives one stable id per box, whoever asks and whatever else the train carries", () => {
    const id = "0b7c5a3e-5d0b-4e1f-9a43-6f1e2c7d8a90";
    const alone = toDcsaEvents(stored("DISCHARGED"), { ...context, containers: [context.containers[1]!] });
    const both = toDcsaEvents(stored("DISCHARGED"), context);
    expect(alone[0]!.eventID).toBe(both[1]!.eventID);
    expect(deriveId(id, "MSKU1234565")).not.toBe(deriveId(id, "CSQU3054383"));
    expect(deriveId(id, "MSKU1234565").slice(0, 24)).toBe(id.slice(0, 24));
    expect(deriveId(id, "MSKU1234565")).toMatch(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/);
  });

  it("keeps only the events no correction superseded", () => {
    const first = { id: "a", supersedesId: null };
    const second = { id: "b", supersedesId: "a" };
    const third = { id: "c", supersedesId: "b" };
    const other = { id: "d", supersedesId: null };
    expect(inForce([first, second, third, other]).map((event) => event.id)).toEqual(["c", "d"]);
  });
});
