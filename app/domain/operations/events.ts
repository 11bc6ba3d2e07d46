/**
 * Operational events (decision 018): what port staff record of a departure or a container,
 * shaped after DCSA Track & Trace 2.2 so that its events can be produced from them. Pure:
 * the milestones staff choose from, and the DCSA form of a stored event.
 */
export const MILESTONES = [
  "DEPARTED",
  "BORDER_CROSSED",
  "ARRIVED",
  "DISCHARGED",
  "CUSTOMS_RELEASED",
  "OUT_FOR_DELIVERY",
  "DELIVERED",
  "GATE_IN",
] as const;
export type Milestone = (typeof MILESTONES)[number];

/** Milestones recorded on the event form; gate-in is recorded with the gate-in form. */
export const RECORDABLE_MILESTONES = MILESTONES.filter((milestone) => milestone !== "GATE_IN");

export type EventType = "TRANSPORT" | "EQUIPMENT" | "SHIPMENT";

interface MilestoneShape {
  eventType: EventType;
  typeCode: string;
  facilityType: "RAMP" | "BOCR";
  /** Transport events are the train's: they apply to all its containers, never to one. */
  perDeparture: boolean;
}

/**
 * The DCSA shape of each milestone. A border crossing is the train leaving the border station
 * (DEPA at a BOCR facility), its gauge change kept with it; customs release is DCSA's shipment
 * event RELS; out for delivery is the laden box leaving the terminal (GTOT), delivered its drop
 * at the consignee (DROP).
 */
export const MILESTONE_SHAPES: Record<Milestone, MilestoneShape> = {
  DEPARTED: { eventType: "TRANSPORT", typeCode: "DEPA", facilityType: "RAMP", perDeparture: true },
  BORDER_CROSSED: { eventType: "TRANSPORT", typeCode: "DEPA", facilityType: "BOCR", perDeparture: true },
  ARRIVED: { eventType: "TRANSPORT", typeCode: "ARRI", facilityType: "RAMP", perDeparture: true },
  DISCHARGED: { eventType: "EQUIPMENT", typeCode: "DISC", facilityType: "RAMP", perDeparture: false },
  CUSTOMS_RELEASED: { eventType: "SHIPMENT", typeCode: "RELS", facilityType: "RAMP", perDeparture: false },
  OUT_FOR_DELIVERY: { eventType: "EQUIPMENT", typeCode: "GTOT", facilityType: "RAMP", perDeparture: false },
  DELIVERED: { eventType: "EQUIPMENT", typeCode: "DROP", facilityType: "RAMP", perDeparture: false },
  GATE_IN: { eventType: "EQUIPMENT", typeCode: "GTIN", facilityType: "RAMP", perDeparture: false },
};

export function isMilestone(value: string): value is Milestone {
  return (MILESTONES as readonly string[]).includes(value);
}

/** A stored event, as the mapper reads it. */
export interface StoredEvent {
  id: string;
  eventType: string;
  classifier: string;
  typeCode: string;
  milestone: string;
  eventAt: Date;
  createdAt: Date;
  placeCode: string;
  facilityType: string | null;
  equipmentReference: string | null;
  isoEquipmentCode: string | null;
  emptyIndicator: string | null;
  gaugeChange: string | null;
  remark: string | null;
  supersedesId: string | null;
  /** The booking the event is about; none: the whole departure. */
  bookingId?: string | null;
  /** Shipment events of a booking or its waybill: the document (BKG, TRD, CUS …) and its reference. */
  documentTypeCode?: string | null;
  documentReference?: string | null;
}

/** What the mapper needs around an event: its departure's service and the boxes it applies to. */
export interface EventContext {
  /** The train's number (DCSA's transportCallID and carrierServiceCode are made from it). */
  serviceNumber: string;
  departureId: string;
  /** The booking references the event concerns (carrierBookingReference). */
  bookingReferences: string[];
  /** The waybill numbers of those bookings, when issued (transportDocumentReference). */
  transportDocumentReferences?: string[];
  /** For an equipment event of the whole departure: every container it applies to. */
  containers: { equipmentReference: string; isoEquipmentCode: string }[];
  /** Whether `placeCode` is a UN/LOCODE (border crossings without one use facility codes). */
  isUnLocode: (code: string) => boolean;
}

type DcsaEvent = Record<string, unknown>;

const UN_LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;

/**
 * The DCSA T&T 2.2 events of one stored event: one for a transport or shipment event, one per
 * container for an equipment event of the whole departure. Superseded events are the caller's
 * to leave out; a correction says what it corrects in its changeRemark / remark.
 */
export function toDcsaEvents(event: StoredEvent, context: EventContext): DcsaEvent[] {
  const base = {
    eventID: event.id,
    eventCreatedDateTime: event.createdAt.toISOString(),
    eventDateTime: event.eventAt.toISOString(),
    eventClassifierCode: event.classifier,
  };
  const documentReferences = [
    ...context.bookingReferences.map((value) => ({ documentReferenceType: "BKG", documentReferenceValue: value })),
    ...(context.transportDocumentReferences ?? []).map((value) => ({
      documentReferenceType: "TRD",
      documentReferenceValue: value,
    })),
  ];
  const note = [event.remark, event.gaugeChange ? `gauge ${event.gaugeChange}` : null, correctionNote(event)]
    .filter(Boolean)
    .join("; ")
    .slice(0, 250);
  const unLocode = context.isUnLocode(event.placeCode) && UN_LOCODE.test(event.placeCode);
  const place = unLocode ? { UNLocationCode: event.placeCode } : { facilityCode: event.placeCode.slice(0, 6) };
  const transportCall = {
    transportCallID: `${context.departureId}-${event.placeCode}`.slice(0, 100),
    carrierServiceCode: context.serviceNumber.slice(0, 5),
    modeOfTransport: "RAIL",
    ...(unLocode ? { UNLocationCode: event.placeCode } : { otherFacility: event.placeCode }),
    ...(event.facilityType ? { facilityTypeCode: event.facilityType } : {}),
  };
  if (event.eventType === "TRANSPORT") {
    return [
      {
        ...base,
        eventType: "TRANSPORT",
        transportEventTypeCode: event.typeCode,
        transportCall,
        ...(note ? { changeRemark: note } : {}),
        ...(documentReferences.length > 0 ? { documentReferences } : {}),
      },
    ];
  }
  if (event.eventType === "SHIPMENT") {
    const shipment = { ...base, eventType: "SHIPMENT", shipmentEventTypeCode: event.typeCode };
    const reason = note ? { reason: note } : {};
    // A document's own event (booking BKG, waybill TRD): one event naming the document.
    if (event.documentTypeCode && event.documentTypeCode !== "CUS") {
      const documentID =
        event.documentReference ??
        (event.documentTypeCode === "TRD" ? context.transportDocumentReferences?.[0] : context.bookingReferences[0]);
      if (!documentID) return [];
      return [{ ...shipment, documentID, documentTypeCode: event.documentTypeCode, ...reason }];
    }
    // Customs release: the customs document of each booking it concerns (DCSA's "CUS").
    return context.bookingReferences.map((reference) => ({
      ...shipment,
      eventID: context.bookingReferences.length === 1 && event.bookingId ? event.id : deriveId(event.id, reference),
      documentID: reference,
      documentTypeCode: "CUS",
      ...reason,
    }));
  }
  const boxes = event.equipmentReference
    ? [{ equipmentReference: event.equipmentReference, isoEquipmentCode: event.isoEquipmentCode }]
    : context.containers;
  return boxes.map((box) => ({
    ...base,
    eventID: event.equipmentReference ? event.id : deriveId(event.id, box.equipmentReference),
    eventType: "EQUIPMENT",
    equipmentEventTypeCode: event.typeCode,
    equipmentReference: box.equipmentReference,
    ...(box.isoEquipmentCode ? { ISOEquipmentCode: box.isoEquipmentCode } : {}),
    emptyIndicatorCode: event.emptyIndicator ?? "LADEN",
    eventLocation: place,
    transportCall,
    ...(documentReferences.length > 0 ? { documentReferences } : {}),
    references: [{ referenceType: "EQ", referenceValue: box.equipmentReference }],
  }));
}

function correctionNote(event: StoredEvent): string | null {
  return event.supersedesId ? `supersedes ${event.supersedesId}` : null;
}

/**
 * A stable UUID for one box (or booking) of an event of the whole departure: the event's own id
 * with its last 12 hex digits replaced by a 48-bit digest of (id, key). The key is the container
 * number (or the booking reference), so the same box always gets the same eventID whoever asks
 * and however many other boxes the train carries; the id's first 24 characters stay the event's,
 * which is how `GET /v2/events/{eventID}` finds it again.
 */
export function deriveId(id: string, key: string): string {
  const fnv = (seed: number) => {
    let hash = seed;
    for (const char of `${id}#${key}`) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, "0");
  };
  const tail = (fnv(0x811c9dc5) + fnv(0x01000193)).slice(-12);
  return `${id.slice(0, 24)}${tail}`;
}

/** The events still in force: those no later event supersedes. */
export function inForce<T extends { id: string; supersedesId: string | null }>(events: T[]): T[] {
  const superseded = new Set(events.map((event) => event.supersedesId).filter(Boolean));
  return events.filter((event) => !superseded.has(event.id));
}

/** Whether an actual arrival (or a later milestone) is recorded among `events` and still in force. */
export function hasActualArrival(
  events: { id: string; supersedesId: string | null; classifier: string; milestone: string }[],
): boolean {
  return inForce(events.filter((event) => event.classifier === "ACT")).some((event) =>
    (ARRIVAL_MILESTONES as readonly string[]).includes(event.milestone),
  );
}

/** Milestones that mean the consignment has reached its destination (or gone beyond). */
export const ARRIVAL_MILESTONES: readonly Milestone[] = [
  "ARRIVED",
  "DISCHARGED",
  "CUSTOMS_RELEASED",
  "OUT_FOR_DELIVERY",
  "DELIVERED",
];
